/**
 * Tabs of one shop that watch the same session (a duplicated tab copies sessionStorage)
 * tell each other its final answer, so a success seen in one is shown in all.
 */
import type { StatusResponse } from '../contract.js';
import { isStatusResponse } from '../transport/validate.js';

export const CHANNEL_NAME = 'paynet-checkout';

export interface SessionChannel {
  post(status: StatusResponse): void;
  close(): void;
}

/** Opens a channel; `listener` hears the final answers other tabs post (never our own). */
export type OpenSessionChannel = (listener: (status: StatusResponse) => void) => SessionChannel;

interface Envelope {
  type: 'final-status';
  status: StatusResponse;
}

/** Over BroadcastChannel when the platform has it; otherwise a channel that reaches no one. */
export function openBroadcastSessionChannel(
  listener: (status: StatusResponse) => void,
  name: string = CHANNEL_NAME,
): SessionChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data !== 'object' || data === null) return;
    const envelope = data as Partial<Envelope>;
    if (envelope.type === 'final-status' && isStatusResponse(envelope.status)) listener(envelope.status);
  };
  return {
    post: (status) => channel.postMessage({ type: 'final-status', status } satisfies Envelope),
    close: () => channel.close(),
  };
}

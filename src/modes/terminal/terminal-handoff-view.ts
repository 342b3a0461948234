/** Where the sale went while the element waits for the terminal: its id and label. */
import { html } from 'lit';
import type { SessionResponse } from '../../contract.js';
import type { Strings } from '../../i18n/strings.js';
import type { HandoffView } from '../../views/awaiting-view.js';

export interface TerminalHandoffProps {
  strings: Strings;
  session: SessionResponse;
  /** Named as the terminal when the session does not say which one it went to. */
  selectedDevice: string;
}

export function terminalHandoff({ strings: s, session, selectedDevice }: TerminalHandoffProps): HandoffView {
  const label = session.device?.label ?? session.device?.deviceId ?? selectedDevice;
  const id = session.device?.deviceId;
  return { heading: s.deviceHeading, body: html`<p>${s.sentToTerminal(id !== undefined && id !== label ? `${id} (${label})` : label)}</p>` };
}

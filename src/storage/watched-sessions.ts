/**
 * Sessions whose late watch still runs (the shopper cancelled, but Paynet cannot void a
 * pending session, so the phone may take the card until it expires). Kept per tab so a reload
 * goes on listening. Only what a status check and a late-success line need: no deeplink (the
 * session is cancelled; nobody should open it again), nothing secret.
 */
import type { SessionResponse } from '../contract.js';

export interface WatchedSession {
  sessionId: string;
  statusUrl: string;
  expiresAt: string;
  kind: SessionResponse['kind'];
  handoff: SessionResponse['handoff'];
  referenceNo: string;
  amount: string;
  currency: SessionResponse['currency'];
  instalment: number;
}

export function toWatched(session: SessionResponse): WatchedSession {
  const { sessionId, statusUrl, expiresAt, kind, handoff, referenceNo, amount, currency, instalment } = session;
  return { sessionId, statusUrl, expiresAt, kind, handoff, referenceNo, amount, currency, instalment };
}

/** Back to the shape the flow watches; the deeplink is not kept, and a watch never needs it. */
export function fromWatched(watched: WatchedSession): SessionResponse {
  return { ...watched, deeplinkUrl: null };
}

/** Adds (or moves to the end) one session, keeping the newest `max`. */
export function withWatched(list: readonly WatchedSession[], session: SessionResponse, max: number): WatchedSession[] {
  const others = list.filter((entry) => entry.sessionId !== session.sessionId);
  return [...others, toWatched(session)].slice(-max);
}

export function withoutWatched(list: readonly WatchedSession[], sessionId: string): WatchedSession[] {
  return list.filter((entry) => entry.sessionId !== sessionId);
}

/** A stored list as read back: anything that is not a well-formed entry is dropped. */
export function parseWatched(value: unknown): WatchedSession[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isWatched).map(toWatchedCopy);
}

function toWatchedCopy(entry: WatchedSession): WatchedSession {
  return toWatched(fromWatched(entry));
}

function isWatched(value: unknown): value is WatchedSession {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const text = (key: string): boolean => typeof entry[key] === 'string';
  return (
    text('sessionId') && entry.sessionId !== '' &&
    text('statusUrl') && entry.statusUrl !== '' &&
    text('expiresAt') && !Number.isNaN(Date.parse(entry.expiresAt as string)) &&
    (entry.kind === 'sale' || entry.kind === 'reversal') &&
    (entry.handoff === 'paypos' || entry.handoff === 'device') &&
    text('referenceNo') &&
    text('amount') && /^\d+\.\d{2}$/u.test(entry.amount as string) &&
    entry.currency === 'TRY' &&
    Number.isInteger(entry.instalment) && (entry.instalment as number) >= 1
  );
}

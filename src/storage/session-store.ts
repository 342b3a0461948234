/**
 * Where an active session waits out a reload: `sessionStorage` (this tab only, gone with
 * the tab). Only what the flow needs to go on polling is kept; a SessionResponse holds no
 * secret by contract, and nothing of a card is ever stored.
 */
import type { SessionResponse } from '../contract.js';
import type { ResolvedHandoff } from '../flow/types.js';
import { isSessionResponse } from '../transport/validate.js';
import { defaultStorage, watchedKey } from './storage-keys.js';
import { parseWatched, type WatchedSession } from './watched-sessions.js';

export interface PersistedSession {
  session: SessionResponse;
  handoff: ResolvedHandoff;
  savedAt: number;
}

export interface SessionStore {
  load(key: string): PersistedSession | undefined;
  save(key: string, value: PersistedSession): void;
  clear(key: string): void;
  /** Sessions still late-watched under `key` (a list of its own, beside the pending session). */
  loadWatched(key: string): WatchedSession[];
  /** An empty list removes the entry. */
  saveWatched(key: string, list: readonly WatchedSession[]): void;
}


const FORMAT_VERSION = 1;
const HANDOFFS: readonly ResolvedHandoff[] = ['qr', 'deeplink', 'device'];

/**
 * A store over a Web Storage object. Storage can throw (quota, disabled, sandboxed frames):
 * then resume is lost, never the payment, so errors are swallowed.
 */
export function createWebStorageStore(storage: () => Storage | undefined = defaultStorage): SessionStore {
  return {
    load(key) {
      let text: string | null;
      try {
        text = storage()?.getItem(key) ?? null;
      } catch {
        return undefined;
      }
      if (text === null) return undefined;
      const parsed = parse(text);
      if (parsed === undefined) this.clear(key);
      return parsed;
    },
    save(key, value) {
      try {
        storage()?.setItem(key, JSON.stringify({ v: FORMAT_VERSION, ...value }));
      } catch {
        // Not fatal: see above.
      }
    },
    clear(key) {
      try {
        storage()?.removeItem(key);
      } catch {
        // Not fatal: see above.
      }
    },
    loadWatched(key) {
      try {
        const text = storage()?.getItem(watchedKey(key)) ?? null;
        if (text === null) return [];
        const record: unknown = JSON.parse(text);
        if (typeof record !== 'object' || record === null || (record as { v?: unknown }).v !== FORMAT_VERSION) return [];
        return parseWatched((record as { sessions?: unknown }).sessions);
      } catch {
        return [];
      }
    },
    saveWatched(key, list) {
      try {
        if (list.length === 0) storage()?.removeItem(watchedKey(key));
        else storage()?.setItem(watchedKey(key), JSON.stringify({ v: FORMAT_VERSION, sessions: list }));
      } catch {
        // Not fatal: see above.
      }
    },
  };
}

/** An in-memory store (tests, and environments without sessionStorage). */
export function createMemoryStore(): SessionStore {
  const items = new Map<string, PersistedSession>();
  const watched = new Map<string, WatchedSession[]>();
  return {
    load: (key) => items.get(key),
    save: (key, value) => void items.set(key, value),
    clear: (key) => void items.delete(key),
    loadWatched: (key) => [...(watched.get(key) ?? [])],
    saveWatched: (key, list) => void (list.length === 0 ? watched.delete(key) : watched.set(key, [...list])),
  };
}

function parse(text: string): PersistedSession | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.v !== FORMAT_VERSION) return undefined;
  if (!isSessionResponse(record.session)) return undefined;
  if (!HANDOFFS.includes(record.handoff as ResolvedHandoff)) return undefined;
  if (typeof record.savedAt !== 'number') return undefined;
  return { session: record.session, handoff: record.handoff as ResolvedHandoff, savedAt: record.savedAt };
}

/**
 * What of a checkout outlives a reload, under the element's persistKey: the pending session
 * (to go on polling it) and the cancelled sessions still late-watched (the phone may pay them
 * until they expire). With no key nothing is kept, and every call here does nothing.
 */
import type { SessionResponse } from '../contract.js';
import type { ResolvedHandoff } from '../flow/types.js';
import type { PersistedSession, SessionStore } from '../storage/session-store.js';
import { withoutWatched, withWatched, type WatchedSession } from '../storage/watched-sessions.js';
import type { RunnerClock } from './runner-inputs.js';

/**
 * A persisted session is resumed within this long after its expiresAt (so a reload right at
 * the end still makes the final check); older ones are dropped.
 */
export const RESUME_WINDOW_MS = 5 * 60_000;

export class SessionPersistence {
  private readonly key: () => string | undefined;
  private readonly store: SessionStore;
  private readonly clock: Pick<RunnerClock, 'now'>;
  /**
   * False for a background watcher: its session is not the pending one stored under the key
   * (that is the shown flow's), so it must neither write nor clear it.
   */
  private readonly ownsPending: boolean;

  constructor(key: () => string | undefined, store: SessionStore, clock: Pick<RunnerClock, 'now'>, ownsPending: boolean) {
    this.key = key;
    this.store = store;
    this.clock = clock;
    this.ownsPending = ownsPending;
  }

  save(session: SessionResponse, handoff: ResolvedHandoff): void {
    const key = this.key();
    if (key !== undefined && this.ownsPending) this.store.save(key, { session, handoff, savedAt: this.clock.now() });
  }

  clear(): void {
    const key = this.key();
    if (key !== undefined && this.ownsPending) this.store.clear(key);
  }

  /** The pending session to resume; one past the resume window is dropped for good. */
  resumable(): PersistedSession | undefined {
    const key = this.key();
    if (key === undefined) return undefined;
    const saved = this.store.load(key);
    if (saved === undefined) return undefined;
    if (this.isPastResume(saved.session.expiresAt)) {
      this.store.clear(key);
      return undefined;
    }
    return saved;
  }

  isPastResume(expiresAt: string): boolean {
    return this.clock.now() > Date.parse(expiresAt) + RESUME_WINDOW_MS;
  }

  watched(): WatchedSession[] {
    const key = this.key();
    return key === undefined ? [] : this.store.loadWatched(key);
  }

  /** Replaces the watched list (after a resume: exactly the watches that run). */
  keepWatched(list: readonly WatchedSession[]): void {
    const key = this.key();
    if (key !== undefined) this.store.saveWatched(key, list);
  }

  /** Adds `session` to the watched list, keeping the newest `max`. */
  watch(session: SessionResponse, max: number): void {
    const key = this.key();
    if (key !== undefined) this.store.saveWatched(key, withWatched(this.store.loadWatched(key), session, max));
  }

  unwatch(sessionId: string): void {
    const key = this.key();
    if (key !== undefined) this.store.saveWatched(key, withoutWatched(this.store.loadWatched(key), sessionId));
  }
}

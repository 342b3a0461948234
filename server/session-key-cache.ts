/**
 * The App2App session key (get_auth_key) held between calls: renewed before its
 * `expired_date`, renewed by every caller at once through one request (single flight), and
 * dropped when Paynet refuses it so the next caller renews.
 */
import { forgetSecret } from './errors.js';
import { readPaynetDate } from './paynet/tolerant-read.js';

/** Renew the session key this long before `expired_date` (capped at a quarter of its lifetime). */
export const SESSION_KEY_RENEW_MARGIN_MS = 60_000;

export interface IssuedKey {
  key: string;
  /** As Paynet wrote it: ISO, or `dd.MM.yyyy HH:mm:ss` in Istanbul time. */
  expiredDate: unknown;
}

export class SessionKeyCache {
  private cached: { key: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly issue: () => Promise<IssuedKey>,
    private readonly now: () => number,
  ) {}

  /** The cached key, renewed (once, however many callers wait) when close to expiry. */
  get(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.renewAt) return Promise.resolve(cached.key);
    this.pending ??= this.renew().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Paynet refused `key`: forget it, unless a newer one already replaced it. */
  refused(key: string): void {
    if (this.cached?.key === key) this.cached = undefined;
  }

  /** Hands the current key to `logout` and forgets it. */
  take(): string | undefined {
    const key = this.cached?.key;
    this.cached = undefined;
    return key;
  }

  private async renew(): Promise<string> {
    const startedAt = this.now();
    const issued = await this.issue();
    const expiresAt = readPaynetDate(issued.expiredDate);
    // An unreadable expiry is treated as short-lived: renew on the next call rather than trust it.
    const lifetimeMs = expiresAt === undefined ? 0 : Math.max(0, expiresAt - Date.now());
    const marginMs = Math.min(SESSION_KEY_RENEW_MARGIN_MS, lifetimeMs / 4);
    const previous = this.cached;
    this.cached = { key: issued.key, renewAt: startedAt + lifetimeMs - marginMs };
    if (previous && previous.key !== issued.key) forgetSecret(previous.key);
    return issued.key;
  }
}

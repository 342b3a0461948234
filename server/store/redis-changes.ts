/**
 * The Redis store's change notices: its own writes fanned out in-process at once, and every
 * process's writes (published by the compare-and-set script on one channel) through one
 * subscribed connection per store, `redis.duplicate()`, opened by the first `subscribe` and
 * closed with the store. Messages missed while that connection is down are not replayed: a
 * long-poll also re-reads on the refresh interval.
 */
import { SessionChanges } from './session-changes.js';

/** The calls the store makes on its pub/sub connection (an ioredis `Redis` or `Cluster` fits). */
export interface RedisSubscriberLike {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  disconnect(): void;
}

export class RedisChanges {
  private readonly local = new SessionChanges();
  /** The one pub/sub connection, opened by the first `subscribe`. */
  private subscriber: RedisSubscriberLike | undefined;

  constructor(
    private readonly redis: { duplicate?(): RedisSubscriberLike },
    private readonly channel: string,
  ) {}

  /** Calls `listener` after a write to session `id` by any process on this Redis. */
  subscribe(id: string, listener: () => void): () => void {
    this.listen();
    return this.local.subscribe(id, listener);
  }

  /** This process's own write: its waiters wake at once (the PUBLISH reaches the others'). */
  emit(id: string): void {
    this.local.emit(id);
  }

  /** Listeners registered now. */
  get size(): number {
    return this.local.size;
  }

  /** The pub/sub connection is always ours (we duplicated it). */
  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private listen(): void {
    if (this.subscriber !== undefined || this.redis.duplicate === undefined) return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (from, id) => {
      if (from === this.channel) this.local.emit(id);
    });
    // Reconnects (and re-subscribes) by itself; meanwhile the waiters' re-reads cover.
    subscriber.on('error', () => undefined);
    subscriber.subscribe(this.channel).catch(() => undefined);
  }
}

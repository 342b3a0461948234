/**
 * SessionStore on Redis, for several backend processes behind a load balancer. Each session
 * is one JSON string with a TTL (its `retainUntil`); lookups by payment_session_id and
 * reference_no are index keys with the same TTL. Insert and compare-and-set run as Lua
 * scripts, so the version check, the never-downgrade rule and the list indexes (succeeded
 * sales, unsettled sessions, sessions in review: sorted sets of ids) hold under concurrent
 * writers. A sorted set outlives the sessions it names; ids whose session expired are pruned
 * when a list meets them.
 *
 * Redis keeps data in memory: with neither AOF (`appendonly yes`) nor RDB snapshots (`save`)
 * a restart loses every session and every claim. The store checks that once at construction
 * and warns (see `checkDurability`).
 *
 * ioredis is an optional peer dependency and is never imported here, not even for its types: the
 * caller passes its own client, which needs only the calls of `RedisLike` (ioredis's `Redis`
 * has them), and keeps ownership of it unless `ownsClient` is set.
 */
import { RedisChanges, type RedisSubscriberLike } from './redis-changes.js';
import { durabilityWarning, readDurability, type RedisDurability } from './redis-durability.js';

export type { RedisSubscriberLike } from './redis-changes.js';
export type { RedisDurability } from './redis-durability.js';
import { isUnsettled, type IdempotencyRecord, type SessionStore, type StoredSession } from './session-store.js';

/**
 * The calls the store makes on its Redis client, and nothing else: ioredis's `Redis` satisfies
 * it (a test compiles that), so a project without ioredis installed still compiles the kit's
 * types. Any other client with these methods and answers works too.
 */
export interface RedisLike {
  /** "ready" once connected and authenticated (ioredis's `status`). */
  readonly status: string;
  once(event: 'ready', listener: () => void): unknown;
  config(subcommand: 'GET', parameter: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, millisecondsToken: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
  /** `stop` as a string: the form every ioredis overload takes. */
  zrange(key: string, start: number, stop: string): Promise<string[]>;
  zrevrange(key: string, start: number, stop: number): Promise<string[]>;
  quit(): Promise<unknown>;
  /**
   * A second connection to the same Redis, for pub/sub (ioredis's `duplicate()`): a subscribed
   * connection can run no other command. Without it, long-polls wake only on this process's
   * writes and see other processes' at their next re-read.
   */
  duplicate?(): RedisSubscriberLike;
}

export interface RedisSessionStoreOptions {
  /** An ioredis `Redis` (or any `RedisLike`). */
  redis: RedisLike;
  /** Prefix of every key; lets several shops share one Redis. Default "paynet-checkout:". */
  keyPrefix?: string;
  /** `close()` also quits the client. Default false. */
  ownsClient?: boolean;
  now?: () => number;
  /**
   * Ask Redis once, at construction, whether its data survives a restart, and warn through
   * `onWarning` when it would not (or when it cannot tell). Default true; tests turn it off.
   */
  durabilityCheck?: boolean;
  /** Where that warning goes. Default `console.warn`. */
  onWarning?: (message: string) => void;
}


/**
 * KEYS: session, psid index, reference index, unsettled zset, needs-review zset.
 * ARGV: json, ttl ms, id, has psid, unsettled, needs review, expiresAt, createdAt.
 */
const INSERT_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) == false then return 0 end
if ARGV[4] == '1' then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2]) end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
if ARGV[5] == '1' then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[3]) end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[5], ARGV[8], ARGV[3]) end
return 1
`;

/**
 * KEYS: session, psid index, reference index, succeeded-sales zset, unsettled zset,
 * needs-review zset.
 * ARGV: json, ttl ms, expected version, id, has psid, createdAt, unsettled, needs review,
 * expiresAt, change channel (the id is published there: long-polls on every process wake).
 */
const COMPARE_AND_SET_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then return 0 end
local stored = cjson.decode(current)
local next = cjson.decode(ARGV[1])
if stored.version ~= tonumber(ARGV[3]) or next.version ~= stored.version + 1 then return 0 end
if stored.status == 'succeeded' and next.status ~= 'succeeded' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[5] == '1' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2]) end
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2])
if next.status == 'succeeded' and next.kind == 'sale' then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[4]) end
if ARGV[7] == '1' then redis.call('ZADD', KEYS[5], ARGV[9], ARGV[4]) else redis.call('ZREM', KEYS[5], ARGV[4]) end
if ARGV[8] == '1' then redis.call('ZADD', KEYS[6], ARGV[6], ARGV[4]) else redis.call('ZREM', KEYS[6], ARGV[4]) end
redis.call('PUBLISH', ARGV[10], ARGV[4])
return 1
`;

/** KEYS: idempotency key. ARGV: session id. Deletes only our own claim. */
const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then return 0 end
if cjson.decode(current).sessionId ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

/** KEYS: idempotency key. ARGV: session id, ttl ms. Extends only our own live claim. */
const RENEW_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then return 0 end
if cjson.decode(current).sessionId ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

/**
 * KEYS: a list zset, then one session key per id. ARGV: the ids. Removes an id only if its
 * session key is (still) gone, so a list never drops a session written meanwhile.
 */
const PRUNE_SCRIPT = `
local removed = 0
for i, id in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then removed = removed + redis.call('ZREM', KEYS[1], id) end
end
return removed
`;

export class RedisSessionStore implements SessionStore {
  private readonly redis: RedisLike;
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private readonly now: () => number;
  private readonly changes: RedisChanges;

  constructor(options: RedisSessionStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'paynet-checkout:';
    this.ownsClient = options.ownsClient ?? false;
    this.now = options.now ?? Date.now;
    this.changes = new RedisChanges(this.redis, this.changeChannel());
    if (options.durabilityCheck ?? true) {
      const warn = options.onWarning ?? ((message: string) => console.warn(message));
      const check = () =>
        void this.checkDurability()
          .then((result) => {
            if (!result.durable) warn(durabilityWarning(result));
          })
          .catch(() => undefined);
      // Once connected (and authenticated): a client still connecting, or one with its offline
      // queue off, would only report that it is not connected yet.
      if (this.redis.status === 'ready') check();
      else this.redis.once('ready', check);
    }
  }

  /**
   * Whether Redis keeps its data across a restart: AOF (`appendonly yes`) or RDB snapshots
   * (`save` not empty). A Redis that refuses CONFIG (renamed or disabled by a managed
   * service, or an ACL) answers `durable: false` with a note: the store cannot tell.
   */
  checkDurability(): Promise<RedisDurability> {
    return readDurability(this.redis);
  }

  async get(id: string): Promise<StoredSession | undefined> {
    return this.parse(await this.redis.get(this.sessionKey(id)));
  }

  async insert(session: StoredSession): Promise<boolean> {
    const psid = session.secrets.paymentSessionId;
    const result = await this.redis.eval(
      INSERT_SCRIPT,
      5,
      this.sessionKey(session.id),
      this.psidKey(psid ?? ''),
      this.refKey(session.referenceNo),
      this.unsettledKey(),
      this.needsReviewKey(),
      JSON.stringify(session),
      this.ttlMs(session),
      session.id,
      psid ? '1' : '0',
      isUnsettled(session) ? '1' : '0',
      session.status === 'needs_review' ? '1' : '0',
      session.expiresAt,
      session.createdAt,
    );
    return result === 1;
  }

  async compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean> {
    const psid = next.secrets.paymentSessionId;
    const result = await this.redis.eval(
      COMPARE_AND_SET_SCRIPT,
      6,
      this.sessionKey(next.id),
      this.psidKey(psid ?? ''),
      this.refKey(next.referenceNo),
      this.succeededKey(),
      this.unsettledKey(),
      this.needsReviewKey(),
      JSON.stringify(next),
      this.ttlMs(next),
      expectedVersion,
      next.id,
      psid ? '1' : '0',
      next.createdAt,
      isUnsettled(next) ? '1' : '0',
      next.status === 'needs_review' ? '1' : '0',
      next.expiresAt,
      this.changeChannel(),
    );
    if (result !== 1) return false;
    // Our own write wakes this process's waiters at once; the PUBLISH in the script wakes the others'.
    this.changes.emit(next.id);
    return true;
  }

  /**
   * Calls `listener` after a write to session `id` by any process on this Redis (and key
   * prefix): each compare-and-set publishes the id on `<prefix>changes`, and one subscribed
   * connection per store (`redis.duplicate()`, opened on the first call) fans it out here.
   * Messages missed while that connection is down are not replayed: a long-poll also re-reads
   * on the refresh interval.
   */
  subscribe(id: string, listener: () => void): () => void {
    return this.changes.subscribe(id, listener);
  }

  /** Change listeners registered now (tests check that a released long-poll leaves none). */
  get listenerCount(): number {
    return this.changes.size;
  }

  async findByPaymentSessionId(paymentSessionId: string): Promise<StoredSession | undefined> {
    const id = await this.redis.get(this.psidKey(paymentSessionId));
    return id === null ? undefined : this.get(id);
  }

  async findByReferenceNo(referenceNo: string): Promise<StoredSession | undefined> {
    const id = await this.redis.get(this.refKey(referenceNo));
    return id === null ? undefined : this.get(id);
  }

  async claimIdempotencyKey(key: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyRecord | undefined> {
    const redisKey = this.idempotencyKey(key);
    // The winner's record can expire between our failed SET NX and the GET: then claim again.
    for (;;) {
      const claimed = await this.redis.set(redisKey, JSON.stringify(record), 'PX', wholeMs(leaseMs), 'NX');
      if (claimed === 'OK') return undefined;
      const existing = await this.findByIdempotencyKey(key);
      if (existing) return existing;
    }
  }

  async renewIdempotencyKey(key: string, sessionId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW_SCRIPT, 1, this.idempotencyKey(key), sessionId, wholeMs(ttlMs))) === 1;
  }

  async findByIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined> {
    const raw = await this.redis.get(this.idempotencyKey(key));
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as IdempotencyRecord;
    return { sessionId: parsed.sessionId, fingerprint: parsed.fingerprint };
  }

  async releaseIdempotencyKey(key: string, sessionId: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.idempotencyKey(key), sessionId);
  }

  async listSucceededSales(limit: number): Promise<StoredSession[]> {
    return this.listed(this.succeededKey(), 'newest', limit, (s) => s.status === 'succeeded' && s.kind === 'sale');
  }

  async listUnsettled(limit: number): Promise<StoredSession[]> {
    return this.listed(this.unsettledKey(), 'lowest', limit, isUnsettled);
  }

  async listNeedsReview(limit: number): Promise<StoredSession[]> {
    return this.listed(this.needsReviewKey(), 'newest', limit, (s) => s.status === 'needs_review');
  }

  async close(): Promise<void> {
    this.changes.close();
    if (this.ownsClient) await this.redis.quit();
  }

  /**
   * Reads a list zset page by page until `limit` live sessions are found: sessions expire by
   * TTL and their ids are pruned here. `belongs` re-checks each session against its list
   * (the scripts keep the two together; this only guards against a hand-edited Redis).
   */
  private async listed(
    zsetKey: string,
    order: 'lowest' | 'newest',
    limit: number,
    belongs: (session: StoredSession) => boolean,
  ): Promise<StoredSession[]> {
    const out: StoredSession[] = [];
    const pageSize = Math.max(1, limit);
    let start = 0;
    while (out.length < limit) {
      const stop = start + pageSize - 1;
      const ids = order === 'lowest' ? await this.redis.zrange(zsetKey, start, String(stop)) : await this.redis.zrevrange(zsetKey, start, stop);
      if (ids.length === 0) break;
      const raws = await this.redis.mget(ids.map((id) => this.sessionKey(id)));
      const gone: string[] = [];
      raws.forEach((raw, i) => {
        const session = this.parse(raw);
        if (!session) gone.push(ids[i]!);
        else if (belongs(session) && out.length < limit) out.push(session);
      });
      let removed = 0;
      if (gone.length > 0) {
        removed = Number(await this.redis.eval(PRUNE_SCRIPT, gone.length + 1, zsetKey, ...gone.map((id) => this.sessionKey(id)), ...gone));
      }
      if (ids.length < pageSize) break;
      start += ids.length - removed;
    }
    return out;
  }

  private parse(raw: string | null): StoredSession | undefined {
    return raw === null ? undefined : (JSON.parse(raw) as StoredSession);
  }

  private ttlMs(session: StoredSession): number {
    return wholeMs(session.retainUntil - this.now());
  }

  private sessionKey(id: string): string {
    return `${this.prefix}session:${id}`;
  }
  private psidKey(psid: string): string {
    return `${this.prefix}psid:${psid}`;
  }
  private refKey(referenceNo: string): string {
    return `${this.prefix}ref:${referenceNo}`;
  }
  private idempotencyKey(key: string): string {
    return `${this.prefix}idem:${key}`;
  }
  private succeededKey(): string {
    return `${this.prefix}succeeded-sales`;
  }
  private unsettledKey(): string {
    return `${this.prefix}unsettled`;
  }
  private changeChannel(): string {
    return `${this.prefix}changes`;
  }
  private needsReviewKey(): string {
    return `${this.prefix}needs-review`;
  }
}

/** A TTL Redis accepts: whole milliseconds, at least 1. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}

/** `CONFIG GET name` answers [name, value] (RESP2) or { name: value } (RESP3). */

/**
 * SessionStore on Redis, for several backend processes behind a load balancer. Each session
 * is one JSON string with a TTL (its `retainUntil`); lookups by payment_session_id and
 * reference_no are index keys with the same TTL. Insert and compare-and-set run as Lua
 * scripts, so the version check and the never-downgrade rule hold under concurrent writers.
 *
 * ioredis is an optional peer dependency: the caller passes its own client (only the type is
 * imported here) and keeps ownership of it unless `ownsClient` is set.
 */
import type { Redis } from 'ioredis';
import type { IdempotencyRecord, SessionStore, StoredSession } from './session-store.js';

export interface RedisSessionStoreOptions {
  redis: Redis;
  /** Prefix of every key; lets several shops share one Redis. Default "paynet-checkout:". */
  keyPrefix?: string;
  /** `close()` also quits the client. Default false. */
  ownsClient?: boolean;
  now?: () => number;
}

/** KEYS: session, psid index, reference index. ARGV: json, ttl ms, id, has psid. */
const INSERT_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) == false then return 0 end
if ARGV[4] == '1' then redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2]) end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
return 1
`;

/**
 * KEYS: session, psid index, reference index, succeeded-sales zset.
 * ARGV: json, ttl ms, expected version, id, has psid, createdAt.
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
return 1
`;

/** KEYS: idempotency key. ARGV: session id. Deletes only our own claim. */
const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then return 0 end
if cjson.decode(current).sessionId ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ownsClient: boolean;
  private readonly now: () => number;

  constructor(options: RedisSessionStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'paynet-checkout:';
    this.ownsClient = options.ownsClient ?? false;
    this.now = options.now ?? Date.now;
  }

  async get(id: string): Promise<StoredSession | undefined> {
    return this.parse(await this.redis.get(this.sessionKey(id)));
  }

  async insert(session: StoredSession): Promise<boolean> {
    const psid = session.secrets.paymentSessionId;
    const result = await this.redis.eval(
      INSERT_SCRIPT,
      3,
      this.sessionKey(session.id),
      this.psidKey(psid ?? ''),
      this.refKey(session.referenceNo),
      JSON.stringify(session),
      this.ttlMs(session),
      session.id,
      psid ? '1' : '0',
    );
    return result === 1;
  }

  async compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean> {
    const psid = next.secrets.paymentSessionId;
    const result = await this.redis.eval(
      COMPARE_AND_SET_SCRIPT,
      4,
      this.sessionKey(next.id),
      this.psidKey(psid ?? ''),
      this.refKey(next.referenceNo),
      this.succeededKey(),
      JSON.stringify(next),
      this.ttlMs(next),
      expectedVersion,
      next.id,
      psid ? '1' : '0',
      next.createdAt,
    );
    return result === 1;
  }

  async findByPaymentSessionId(paymentSessionId: string): Promise<StoredSession | undefined> {
    const id = await this.redis.get(this.psidKey(paymentSessionId));
    return id === null ? undefined : this.get(id);
  }

  async findByReferenceNo(referenceNo: string): Promise<StoredSession | undefined> {
    const id = await this.redis.get(this.refKey(referenceNo));
    return id === null ? undefined : this.get(id);
  }

  async claimIdempotencyKey(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const redisKey = this.idempotencyKey(key);
    // The winner's record can expire between our failed SET NX and the GET: then claim again.
    for (;;) {
      const claimed = await this.redis.set(redisKey, JSON.stringify(record), 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
      if (claimed === 'OK') return undefined;
      const existing = await this.findByIdempotencyKey(key);
      if (existing) return existing;
    }
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
    const ids = await this.redis.zrevrange(this.succeededKey(), 0, Math.max(0, limit * 2 - 1));
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.sessionKey(id)));
    const out: StoredSession[] = [];
    const gone: string[] = [];
    raws.forEach((raw, i) => {
      const session = this.parse(raw);
      if (session) out.push(session);
      else gone.push(ids[i]!);
    });
    // Sessions expire by TTL; their zset entries are pruned lazily here.
    if (gone.length > 0) await this.redis.zrem(this.succeededKey(), ...gone);
    return out.slice(0, limit);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }

  private parse(raw: string | null): StoredSession | undefined {
    return raw === null ? undefined : (JSON.parse(raw) as StoredSession);
  }

  private ttlMs(session: StoredSession): number {
    return Math.max(1, Math.ceil(session.retainUntil - this.now()));
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
}

/**
 * Whether the Redis behind the session store keeps its data across a restart, read from
 * `CONFIG GET appendonly` and `CONFIG GET save`, and the warning the store logs when it may not.
 */
import type { RedisLike } from './redis-store.js';

/** What `checkDurability` learned from `CONFIG GET appendonly` and `CONFIG GET save`. */
export interface RedisDurability {
  /** True when AOF or RDB snapshots are on; false when neither is, or when CONFIG could not be read. */
  durable: boolean;
  /** "yes", "no", or "unknown" when CONFIG is disabled or refused. */
  appendonly: string;
  /** The RDB snapshot schedule ("" = none), or "unknown". */
  save: string;
  /** Why `durable` is false, or what an RDB-only setup can still lose. */
  note?: string;
}

/** AOF (`appendonly yes`) or RDB snapshots (`save` not empty); `durable: false` with a note when CONFIG is refused. */
export async function readDurability(redis: Pick<RedisLike, 'config'>): Promise<RedisDurability> {
  let appendonly: string;
  let save: string;
  try {
    appendonly = configValue(await redis.config('GET', 'appendonly'), 'appendonly');
    save = configValue(await redis.config('GET', 'save'), 'save');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      durable: false,
      appendonly: 'unknown',
      save: 'unknown',
      note: `CONFIG GET failed (${reason}): durability unknown; check appendonly/save on the server yourself`,
    };
  }
  if (appendonly === 'yes') return { durable: true, appendonly, save };
  if (save.trim() !== '') {
    return { durable: true, appendonly, save, note: `RDB snapshots only ("save ${save}"): a crash loses the writes since the last snapshot; appendonly yes keeps them` };
  }
  return { durable: false, appendonly, save, note: 'appendonly is "no" and save is "": a Redis restart loses every session and idempotency claim' };
}

function configValue(reply: unknown, name: string): string {
  if (Array.isArray(reply)) {
    const at = reply.indexOf(name);
    if (at >= 0 && typeof reply[at + 1] === 'string') return reply[at + 1] as string;
  } else if (reply && typeof reply === 'object' && typeof (reply as Record<string, unknown>)[name] === 'string') {
    return (reply as Record<string, string>)[name]!;
  }
  throw new Error(`no "${name}" in the CONFIG GET answer`);
}

export function durabilityWarning(result: RedisDurability): string {
  return [
    '',
    '*** paynet-checkout: RedisSessionStore: this Redis may not keep its data across a restart. ***',
    `*** appendonly=${JSON.stringify(result.appendonly)} save=${JSON.stringify(result.save)}: ${result.note ?? ''}`,
    '*** A restart would lose sessions whose payment is still open and every idempotency claim.',
    '*** Turn on AOF (CONFIG SET appendonly yes, and persist it in redis.conf), or pass',
    '*** durabilityCheck: false if you have made sure another way.',
    '',
  ].join('\n');
}

/**
 * Fault injection for Paynet calls (never for the control API, which tests need to stay
 * reliable). A rule set by `POST /_sim/faults` applies to calls whose path starts with its
 * `path` (all Paynet calls without one):
 *
 * - `latencyMs` delays every matching call while the rule stands (until `DELETE /_sim/faults`);
 * - `fail: {count, status}` answers the next `count` calls with that 5xx before doing anything,
 *   like a load balancer that never reached Paynet;
 * - `drop` and `malformed` let Paynet do the work, then lose the answer (socket destroyed,
 *   or JSON cut in half): the case where a client must not assume nothing happened.
 *
 * Counters are spent in that order (fail, drop, malformed), one per matching call.
 */
import { InvalidRequest } from './replies.js';
import type { JsonObject } from './http-io.js';

export type FaultAction = 'fail' | 'drop' | 'malformed';

export interface FaultRule {
  path: string;
  latencyMs: number;
  fail: { count: number; status: number };
  drop: number;
  malformed: number;
}

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
  /** HTTP status for `fail`. */
  status?: number;
}

/** A latency beyond this would outlive any client timeout worth testing. */
const MAX_LATENCY_MS = 120_000;
const MAX_COUNT = 1_000_000;

export class FaultRegistry {
  private rules: FaultRule[] = [];

  add(body: JsonObject): FaultRule {
    const rule = parseRule(body);
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule, fail: { ...rule.fail } }));
  }

  /** What to do to this call; spends one counter of the first matching rule that has one left. */
  take(path: string): FaultDecision {
    const matching = this.rules.filter((rule) => path.startsWith(rule.path));
    const decision: FaultDecision = { latencyMs: Math.max(0, ...matching.map((rule) => rule.latencyMs)) };
    for (const rule of matching) {
      if (rule.fail.count > 0) {
        rule.fail.count--;
        decision.action = 'fail';
        decision.status = rule.fail.status;
      } else if (rule.drop > 0) {
        rule.drop--;
        decision.action = 'drop';
      } else if (rule.malformed > 0) {
        rule.malformed--;
        decision.action = 'malformed';
      } else {
        continue;
      }
      break;
    }
    // A rule with nothing left to do is forgotten, so the list shows only what still applies.
    this.rules = this.rules.filter((rule) => rule.latencyMs > 0 || rule.fail.count > 0 || rule.drop > 0 || rule.malformed > 0);
    return decision;
  }
}

function count(body: JsonObject, name: string): number {
  const value = body[name];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) throw new InvalidRequest(`${name} must be a non-negative integer`);
  return value;
}

function parseRule(body: JsonObject): FaultRule {
  const path = body.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/')) throw new InvalidRequest('path must be a string starting with "/"');
  const latencyMs = count(body, 'latencyMs');
  if (latencyMs > MAX_LATENCY_MS) throw new InvalidRequest(`latencyMs must be at most ${MAX_LATENCY_MS}`);
  let fail = { count: 0, status: 503 };
  if (body.fail !== undefined) {
    if (typeof body.fail !== 'object' || body.fail === null || Array.isArray(body.fail)) throw new InvalidRequest('fail must be {count, status}');
    const failBody = body.fail as JsonObject;
    const status = failBody.status ?? 503;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599) throw new InvalidRequest('fail.status must be a 5xx status');
    fail = { count: count(failBody, 'count'), status };
  }
  const rule: FaultRule = { path, latencyMs, fail, drop: count(body, 'drop'), malformed: count(body, 'malformed') };
  if (rule.latencyMs === 0 && rule.fail.count === 0 && rule.drop === 0 && rule.malformed === 0) {
    throw new InvalidRequest('a fault needs latencyMs, fail.count, drop or malformed');
  }
  return rule;
}

/**
 * Fault injection for Paynet calls (never for the control API, which tests need to stay
 * reliable). A rule set by `POST /_sim/faults` applies to calls whose path starts with its
 * `path` (all Paynet calls without one). Each stands for something that happens in the field
 * (docs/paynet-simulator.md, "Faults"):
 *
 * - `latencyMs` delays every matching call while the rule stands (until `DELETE /_sim/faults`):
 *   a slow Paynet or a slow network;
 * - `fail: {count, status}` answers the next `count` calls with that 5xx (a text body): a load
 *   balancer or proxy that never reached Paynet, or (with `afterWork`) a gateway timeout
 *   after Paynet did the work;
 * - `hang: count` holds the next `count` calls and never answers them, until the client gives
 *   up or the faults are cleared (then the connection is closed): a black-holed connection;
 *   with `afterWork` Paynet did the work first (a charge taken, then silence);
 * - `drop: count` lets Paynet do the work, then closes the connection without an answer: a
 *   connection reset on the way back;
 * - `code: {value, count, message?}` answers the next `count` calls with a 200 envelope whose
 *   `code` is `value` (a code outside Paynet's table such as 999, or 8 servererror, 10
 *   timeout…); with `afterWork` after doing the work: Paynet's own trouble reported in-band;
 * - `malformed: count` lets Paynet do the work, then answers JSON cut in half: a connection
 *   cut mid-answer, or a proxy's broken page.
 *
 * `afterWork` (default false) applies to `fail`, `hang` and `code`; `drop` and `malformed`
 * always come after the work, which is what they stand for. Counters are spent in the order
 * fail, hang, drop, code, malformed, one per matching call, from the first rule that has one left.
 */
import { InvalidRequest } from './replies.js';
import type { JsonObject } from './http-io.js';

export type FaultAction = 'fail' | 'hang' | 'drop' | 'code' | 'malformed';

export interface CodeFault {
  value: number;
  count: number;
  /** The answer's `message`; Paynet's name of the code (or a generic text) when null. */
  message: string | null;
}

export interface FaultRule {
  path: string;
  latencyMs: number;
  afterWork: boolean;
  fail: { count: number; status: number };
  hang: number;
  drop: number;
  code: CodeFault | null;
  malformed: number;
}

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
  /** Whether Paynet does the work before the fault (always for drop and malformed). */
  afterWork: boolean;
  /** HTTP status for `fail`. */
  status?: number;
  /** The code and message for `code`. */
  code?: { value: number; message: string | null };
}

/** A latency beyond this would outlive any client timeout worth testing. */
const MAX_LATENCY_MS = 120_000;
const MAX_COUNT = 1_000_000;
const MAX_MESSAGE_LENGTH = 200;

export class FaultRegistry {
  private rules: FaultRule[] = [];
  private release = new AbortController();
  private heldCalls = 0;

  add(body: JsonObject): FaultRule {
    const rule = parseRule(body);
    this.rules.push(rule);
    return rule;
  }

  /** Forgets every rule and lets go of every held call (its connection is closed unanswered). */
  clear(): void {
    this.rules = [];
    this.release.abort();
    this.release = new AbortController();
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule, fail: { ...rule.fail }, code: rule.code ? { ...rule.code } : null }));
  }

  /** How many calls a `hang` is holding right now. */
  get held(): number {
    return this.heldCalls;
  }

  /** Aborts when the faults are cleared: the held calls end. */
  get released(): AbortSignal {
    return this.release.signal;
  }

  /** Counts a held call until `done` settles. */
  async holding(done: Promise<void>): Promise<void> {
    this.heldCalls++;
    try {
      await done;
    } finally {
      this.heldCalls--;
    }
  }

  /** What to do to this call; spends one counter of the first matching rule that has one left. */
  take(path: string): FaultDecision {
    const matching = this.rules.filter((rule) => path.startsWith(rule.path));
    const decision: FaultDecision = { latencyMs: Math.max(0, ...matching.map((rule) => rule.latencyMs)), afterWork: true };
    for (const rule of matching) {
      if (rule.fail.count > 0) {
        rule.fail.count--;
        Object.assign(decision, { action: 'fail', status: rule.fail.status, afterWork: rule.afterWork });
      } else if (rule.hang > 0) {
        rule.hang--;
        Object.assign(decision, { action: 'hang', afterWork: rule.afterWork });
      } else if (rule.drop > 0) {
        rule.drop--;
        decision.action = 'drop';
      } else if (rule.code && rule.code.count > 0) {
        rule.code.count--;
        Object.assign(decision, { action: 'code', code: { value: rule.code.value, message: rule.code.message }, afterWork: rule.afterWork });
      } else if (rule.malformed > 0) {
        rule.malformed--;
        decision.action = 'malformed';
      } else {
        continue;
      }
      break;
    }
    // A rule with nothing left to do is forgotten, so the list shows only what still applies.
    this.rules = this.rules.filter(isActive);
    return decision;
  }
}

function isActive(rule: FaultRule): boolean {
  return rule.latencyMs > 0 || rule.fail.count > 0 || rule.hang > 0 || rule.drop > 0 || (rule.code?.count ?? 0) > 0 || rule.malformed > 0;
}

function count(body: JsonObject, name: string, fallback = 0): number {
  const value = body[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) throw new InvalidRequest(`${name} must be a non-negative integer`);
  return value;
}

function objectField(body: JsonObject, name: string, shape: string): JsonObject | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(`${name} must be ${shape}`);
  return value as JsonObject;
}

const KNOWN_FIELDS = ['path', 'latencyMs', 'afterWork', 'fail', 'hang', 'drop', 'code', 'malformed'];

function parseRule(body: JsonObject): FaultRule {
  for (const name of Object.keys(body)) if (!KNOWN_FIELDS.includes(name)) throw new InvalidRequest(`unknown fault field ${name}; known: ${KNOWN_FIELDS.join(', ')}`);
  const path = body.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/')) throw new InvalidRequest('path must be a string starting with "/"');
  const latencyMs = count(body, 'latencyMs');
  if (latencyMs > MAX_LATENCY_MS) throw new InvalidRequest(`latencyMs must be at most ${MAX_LATENCY_MS}`);
  const afterWork = body.afterWork ?? false;
  if (typeof afterWork !== 'boolean') throw new InvalidRequest('afterWork must be a boolean');

  let fail = { count: 0, status: 503 };
  const failBody = objectField(body, 'fail', '{count, status}');
  if (failBody) {
    const status = failBody.status ?? 503;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599) throw new InvalidRequest('fail.status must be a 5xx status');
    fail = { count: count(failBody, 'count'), status };
  }

  let code: CodeFault | null = null;
  const codeBody = objectField(body, 'code', '{value, count, message?}');
  if (codeBody) {
    const value = codeBody.value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidRequest('code.value must be an integer');
    const message = codeBody.message ?? null;
    if (message !== null && (typeof message !== 'string' || message.length > MAX_MESSAGE_LENGTH)) throw new InvalidRequest(`code.message must be a string of at most ${MAX_MESSAGE_LENGTH} characters`);
    code = { value, count: count(codeBody, 'count', 1), message };
  }

  const rule: FaultRule = { path, latencyMs, afterWork, fail, hang: count(body, 'hang'), drop: count(body, 'drop'), code, malformed: count(body, 'malformed') };
  if (!isActive(rule)) throw new InvalidRequest('a fault needs latencyMs, fail.count, hang, drop, code.count or malformed');
  return rule;
}

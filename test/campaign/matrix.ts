/**
 * The campaign's matrix: every session kind × every Paynet call it makes × every way that
 * call can go wrong, plus each reading of Paynet's pages where they are ambiguous.
 */
import type { FaultSpec, Kind, ScenarioSpec } from './scenario.js';

/** The Paynet calls each kind makes, in the order it makes them. */
export const CALLS: Record<Kind, readonly string[]> = {
  paypos: ['/v1/agent/get_auth_key', '/v1/softpos/init_sale_transaction', '/v1/softpos/check_transaction'],
  reversal: ['/v1/softpos/init_reversal_transaction', '/v1/softpos/check_transaction'],
  card: ['/v2/transaction/payment', '/v1/transaction/check'],
  device: ['/v1/device/sale', '/v1/device/transaction/query'],
};

/** What can happen to one call (simulator fault rules, docs/paynet-simulator.md). */
export const FAULTS: readonly FaultSpec[] = [
  /** Paynet did the work (a charge taken), then the answer was lost on the way back. */
  { name: 'answer lost', rule: { drop: 2 } },
  /** A load balancer in front of Paynet answers 503, three times. */
  { name: '503 ×3', rule: { fail: { count: 3, status: 503 } } },
  /** Paynet takes the charge, then never answers (the client's timeout fires). */
  { name: 'hang', rule: { hang: 2, afterWork: true } },
  /** A return code outside Paynet's table, after doing the work. */
  { name: 'unknown code', rule: { code: { value: 999, count: 3 }, afterWork: true } },
  /** Paynet's own trouble reported in-band (10 timeout), after doing the work. */
  { name: 'code 10', rule: { code: { value: 10, count: 2 }, afterWork: true } },
];

/** Readings of Paynet's pages where they disagree (simulator quirks), with no fault. */
export const READINGS: readonly FaultSpec[] = [
  { name: 'code as string', quirks: { codeAsString: true } },
  { name: 'dd.MM.yyyy dates', quirks: { dates: 'turkish' } },
  { name: 'local ISO dates', quirks: { dates: 'iso-local' } },
  { name: 'comma amounts', quirks: { amounts: 'comma' } },
  { name: '400 envelope errors', quirks: { errors: 'envelope' } },
  { name: 'declines as errors', quirks: { declines: 'error' } },
  { name: 'nodata lookups', quirks: { emptyLookup: 'nodata', expiredSession: 'nodata' } },
];

export function scenarios(): ScenarioSpec[] {
  const out: ScenarioSpec[] = [];
  for (const kind of Object.keys(CALLS) as Kind[]) {
    for (const target of CALLS[kind]) {
      for (const fault of FAULTS) {
        out.push({ kind, target, fault, action: 'pay' });
        out.push({ kind, target, fault, action: 'leave' });
      }
    }
    for (const fault of READINGS) out.push({ kind, target: '/', fault, action: 'pay' });
    // Nothing paid: the record must end expired or failed, never succeeded.
    out.push({ kind, target: '/', fault: { name: 'nobody pays' }, action: 'no-pay' });
  }
  // The shopper cancels after the phone paid while Paynet misbehaves: never a wrong "cancelled".
  for (const fault of FAULTS) out.push({ kind: 'paypos', target: '/v1/softpos/check_transaction', fault, action: 'pay-then-cancel' });
  return out;
}

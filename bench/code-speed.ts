/**
 * Speed of the element's pure code in Node: the amount parser, the flow machine over a whole
 * sale, and QR path generation (lean-qr computes the matrix without a DOM; the element only
 * wraps the path in an svg template).
 */
import type { SessionResponse, StatusResponse } from '../src/contract.js';
import { parseAmount } from '../src/amount/parse-amount.js';
import { initialFlowState, transition, type FlowConfig, type FlowEvent, type FlowState } from '../src/flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY } from '../src/flow/poll-policy.js';
import type { StartRequest } from '../src/flow/types.js';
import { DEFAULT_ALLOWED_SCHEMES } from '../src/handoff/deeplink.js';
import { qrPath } from '../src/handoff/qr.js';
import type { Section } from './sections.js';
import type { Table } from './table.js';
import { timeLoop, type LoopOptions, type LoopResult } from './timed-loop.js';

export const codeSection: Section = {
  name: 'code',
  title: "the element's pure code in Node: amount parser, flow machine, QR path",
  async run() {
    const results = measureCodeSpeed();
    return { tables: [codeTable(results)], figures: results };
  },
};

/** What shoppers type and paste: both decimal marks, grouping, currency, and refusals. */
export const AMOUNT_INPUTS: readonly string[] = [
  '149,90',
  '149.90',
  '1.234,56',
  '1,234.56',
  '12 345,8',
  '₺ 25',
  '99 TL',
  '0,5',
  '12,345',
  '1.234.567',
  '-5',
  'abc',
  '',
  '0',
  '10000000',
  '12.34.567',
];

const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const CONFIG: FlowConfig = { policy: DEFAULT_POLL_POLICY, allowedSchemes: DEFAULT_ALLOWED_SCHEMES, describeError: (code) => code };
const SALE: StartRequest = { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'deeplink' };
const SESSION: SessionResponse = {
  sessionId: 'Xq3vK9bL2mN8pR4sT6wY1z',
  kind: 'sale',
  handoff: 'paypos',
  referenceNo: 'PC-20261124-000001',
  amount: '149.90',
  currency: 'TRY',
  instalment: 1,
  deeplinkUrl: 'paypos://pay?session=ps_4f1c2a9e7b3d4c5f8a6e0b1d2c3f4a5b',
  expiresAt: new Date(T0 + 5 * 60_000).toISOString(),
  statusUrl: '/api/paynet/sessions/Xq3vK9bL2mN8pR4sT6wY1z',
};
const PENDING: StatusResponse = { sessionId: SESSION.sessionId, kind: 'sale', status: 'pending', expiresAt: SESSION.expiresAt };
const SUCCEEDED: StatusResponse = {
  ...PENDING,
  status: 'succeeded',
  transaction: { referenceNo: SESSION.referenceNo, amount: '149.90', currency: 'TRY', instalment: 1, cardMasked: '4546 71** **** 1234', authorizationCode: 'A1B2C3' },
};

/**
 * One shopper's sale, event by event as the runner feeds them: press, session made, two
 * pending polls, success, back to idle. Returns the last state so a broken sequence shows.
 */
export function runSale(): { state: FlowState; transitions: number; effects: number } {
  let state = initialFlowState(CONFIG);
  let now = T0;
  let transitions = 0;
  let effects = 0;
  const send = (event: FlowEvent): void => {
    const next = transition(state, event, now);
    state = next.state;
    effects += next.effects.length;
    transitions++;
  };
  const inFlight = (): number => state.inFlight?.id ?? -1;
  send({ type: 'start', request: SALE, idempotencyKey: 'key-1' });
  send({ type: 'started', requestId: inFlight(), answer: { session: SESSION } });
  for (let i = 0; i < 2; i++) {
    send({ type: 'poll-result', requestId: inFlight(), status: PENDING, retryAfterMs: 2_000 });
    now += 2_000;
    send({ type: 'poll-due' });
  }
  send({ type: 'poll-result', requestId: inFlight(), status: SUCCEEDED });
  const final = state;
  send({ type: 'reset' });
  return { state: final, transitions, effects };
}

export function measureCodeSpeed(options: LoopOptions = {}): LoopResult[] {
  // The figures only mean something if the code takes its real path: check it once.
  const sale = runSale();
  if (sale.state.checkout.status !== 'succeeded') throw new Error(`flow sequence ended in ${sale.state.checkout.status}, not succeeded`);
  const accepted = AMOUNT_INPUTS.filter((input) => parseAmount(input).ok).length;
  if (accepted === 0 || accepted === AMOUNT_INPUTS.length) throw new Error('amount mix should hold both accepted and refused inputs');

  let i = 0;
  const parse = (): unknown => parseAmount(AMOUNT_INPUTS[i++ % AMOUNT_INPUTS.length] ?? '');
  const deeplink = SESSION.deeplinkUrl ?? '';
  return [
    timeLoop(`parseAmount (mix of ${AMOUNT_INPUTS.length} inputs, ${accepted} valid)`, parse, options),
    timeLoop(`flow machine: full sale (${sale.transitions} transitions)`, runSale, options),
    timeLoop(`qrPath: PayPOS deeplink (${deeplink.length} chars, ${qrPath(deeplink).size}x${qrPath(deeplink).size})`, () => qrPath(deeplink), options),
  ];
}

function codeTable(results: LoopResult[]): Table {
  return {
    title: 'Pure code speed (Node, timed loop after warm-up)',
    columns: ['function', 'ops/s', 'µs/op', '± %', 'batches'],
    rows: results.map((r) => [r.name, Math.round(r.opsPerSec), r.nsPerOp / 1_000, r.rmePercent, r.samples]),
  };
}

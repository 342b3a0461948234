import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  PaynetAuthError,
  PaynetDeclinedError,
  PaynetError,
  PaynetNotReversibleError,
  PaynetUnavailableError,
  PaynetValidationError,
} from '../../server/errors.js';
import { ReturnCode } from '../../server/paynet/return-codes.js';
import { PATHS, PaynetClient, type PaynetCallLog } from '../../server/paynet-client.js';
import { SIM_DEVICE_TOKEN, SIM_SECRET_KEY, SimControl, clientConfig, startTestSimulator, type Simulator } from './helpers.js';

const GOOD_PAN = '4111111111111111';
const DECLINED_PAN = '4000000000000002';
const CVC = '917';

describe('PaynetClient against the simulator', () => {
  let sim: Simulator;
  let control: SimControl;
  /** Every error and log line produced here, checked for secrets at the end. */
  const observed: unknown[] = [];
  const secretsSeen = new Set<string>([SIM_SECRET_KEY, SIM_DEVICE_TOKEN, GOOD_PAN, DECLINED_PAN]);

  const newClient = (overrides: Parameters<typeof clientConfig>[1] = {}): PaynetClient =>
    new PaynetClient(clientConfig(sim.url, { onCall: (entry: PaynetCallLog) => observed.push(entry), ...overrides }));

  async function rejection(promise: Promise<unknown>): Promise<PaynetError> {
    try {
      await promise;
    } catch (error) {
      observed.push(error);
      assert.ok(error instanceof PaynetError, `expected a PaynetError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected the call to fail');
  }

  before(async () => {
    sim = await startTestSimulator({ sessionKeyTtlMs: 60_000 });
    control = new SimControl(sim.url);
  });
  afterEach(async () => {
    await control.clearFaults();
  });
  after(async () => {
    await sim.close();
  });

  it('gets a session key with its expiry', async () => {
    const answer = await newClient().getAuthKey();
    assert.equal(typeof answer.session_key, 'string');
    assert.ok(Number.isFinite(Date.parse(answer.expired_date)));
    secretsSeen.add(answer.session_key);
  });

  it('refuses a wrong secret key with PaynetAuthError that does not repeat the key', async () => {
    const error = await rejection(newClient({ secretKey: 'sck_sim_wrong_key' }).getAuthKey());
    assert.ok(error instanceof PaynetAuthError);
    assert.equal(error.code, ReturnCode.unauthorized);
    assert.ok(!JSON.stringify(error.toJSON()).includes('sck_sim_wrong_key'));
  });

  it('fetches the session key once for a burst of 100 concurrent first calls', async () => {
    await control.reset();
    const sale = await newClient().initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: `burst-${Date.now()}` });
    secretsSeen.add(sale.encryption_key);
    const calls = (await control.calls(PATHS.getAuthKey)).length;
    // A fresh client: no cached key, so all 100 calls wait on the same renewal.
    const client = newClient();
    const answers = await Promise.all(Array.from({ length: 100 }, () => client.checkTransaction(sale.payment_session_id)));
    assert.equal(answers.length, 100);
    assert.equal((await control.calls(PATHS.getAuthKey)).length - calls, 1);
    assert.equal((await control.calls(PATHS.checkTransaction)).length, 100);
  });

  it('renews the session key before it expires, not after', async () => {
    await control.reset();
    let clock = 1_000_000;
    const client = newClient({ now: () => clock });
    const first = await client.sessionKey();
    clock += 30_000; // half of the 60 s lifetime: still fresh
    assert.equal(await client.sessionKey(), first);
    clock += 20_000; // 50 s in: inside the renewal margin (a quarter of the lifetime)
    const second = await client.sessionKey();
    assert.notEqual(second, first);
    assert.equal((await control.calls(PATHS.getAuthKey)).length, 2);
    secretsSeen.add(first).add(second);
  });

  // Both documented shapes of the refusal: §4's 401 error object, and the older 400 envelope with code 7, code as a string too.
  for (const quirks of [{ errors: 'object' }, { errors: 'envelope' }, { errors: 'envelope', codeAsString: true }] as const) {
    it(`renews and retries once when Paynet says the session key is no longer valid (${JSON.stringify(quirks)})`, async () => {
      await control.reset();
      sim.setQuirks(quirks);
      try {
        const client = newClient();
        const sale = await client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: `relog-${Date.now()}` });
        const key = await client.sessionKey();
        // End the key behind the client's back, as a Paynet-side logout or restart would.
        const logout = await fetch(`${sim.url}${PATHS.logout}`, { method: 'POST', headers: { 'content-type': 'application/json', 'session-key': key }, body: '{}' });
        assert.equal(logout.status, 200);
        const answer = await client.checkTransaction(sale.payment_session_id);
        assert.deepEqual(answer.Data, []);
        assert.equal((await control.calls(PATHS.getAuthKey)).length, 2);
      } finally {
        sim.setQuirks({});
      }
    });
  }

  it('sends the amount as an exact JSON number and returns the deeplink', async () => {
    const client = newClient();
    const reference = `exact-${Date.now()}`;
    const sale = await client.initSaleTransaction({ amount: '0.29', instalment: 1, reference_no: reference });
    secretsSeen.add(sale.encryption_key);
    assert.match(sale.deeplink_url, /^paypos:/);
    const simSession = await control.sessionByReference(reference);
    assert.equal(simSession.amount, 0.29);
  });

  it('reports nothing paid, then the approved transaction', async () => {
    const client = newClient();
    const sale = await client.initSaleTransaction({ amount: '149.90', instalment: 3, reference_no: `check-${Date.now()}` });
    assert.deepEqual((await client.checkTransaction(sale.payment_session_id)).Data, []);
    await control.approve(sale.payment_session_id);
    const [tx] = (await client.checkTransaction(sale.payment_session_id)).Data;
    assert.equal(tx?.is_succeed, true);
    assert.equal(typeof tx?.xact_id, 'string');
  });

  it('maps a refused field to PaynetValidationError and a reused reference_no likewise', async () => {
    const client = newClient();
    const invalid = await rejection(client.initSaleTransaction({ amount: '10.00', instalment: 13, reference_no: `inv-${Date.now()}` }));
    assert.ok(invalid instanceof PaynetValidationError);
    const reference = `dup-${Date.now()}`;
    await client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: reference });
    const duplicate = await rejection(client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: reference }));
    assert.ok(duplicate instanceof PaynetValidationError);
    assert.equal(duplicate.code, ReturnCode.duplicatedata);
  });

  it('starts a reversal of a paid sale, and refuses one of an unpaid or unknown sale', async () => {
    const client = newClient();
    const sale = await client.initSaleTransaction({ amount: '20.00', instalment: 1, reference_no: `rev-${Date.now()}` });
    await control.approve(sale.payment_session_id);
    const [tx] = (await client.checkTransaction(sale.payment_session_id)).Data;
    const reversal = await client.initReversalTransaction({ xact_id: tx!.xact_id!, reference_no: `rev2-${Date.now()}`, callback_url: null });
    assert.equal(typeof reversal.payment_session_id, 'string');
    const unknown = await rejection(client.initReversalTransaction({ xact_id: 'no-such-xact', reference_no: `rev3-${Date.now()}` }));
    assert.ok(unknown instanceof PaynetNotReversibleError);
  });

  it('surfaces a 5xx on init_sale_transaction without retrying it', async () => {
    await control.reset();
    const client = newClient();
    await client.sessionKey();
    await control.faults({ path: PATHS.initSale, fail: { count: 1, status: 503 } });
    const error = await rejection(client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: `5xx-${Date.now()}` }));
    assert.ok(error instanceof PaynetUnavailableError);
    assert.equal(error.reason, 'http_5xx');
    assert.equal((await control.calls(PATHS.initSale)).length, 1);
  });

  for (const fault of [{ fail: { count: 1, status: 500 } }, { drop: 1 }, { malformed: 1 }] as const) {
    it(`retries check_transaction after ${JSON.stringify(fault)}`, async () => {
      const client = newClient({ readRetryDelaysMs: [10, 10] });
      const sale = await client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: `retry-${Date.now()}-${Object.keys(fault)[0]}` });
      await control.faults({ path: PATHS.checkTransaction, ...fault });
      const answer = await client.checkTransaction(sale.payment_session_id);
      assert.deepEqual(answer.Data, []);
      const calls = (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === sale.payment_session_id);
      assert.equal(calls.length, 2);
    });
  }

  it('times out a slow call with PaynetUnavailableError', async () => {
    const client = newClient({ timeoutMs: 150, readRetryDelaysMs: [] });
    const sale = await client.initSaleTransaction({ amount: '10.00', instalment: 1, reference_no: `slow-${Date.now()}` });
    await control.faults({ path: PATHS.checkTransaction, latencyMs: 1_000 });
    const error = await rejection(client.checkTransaction(sale.payment_session_id));
    assert.ok(error instanceof PaynetUnavailableError);
    assert.equal(error.reason, 'timeout');
  });

  it('pays by card, and a retry with the same reference_no returns the earlier success (code 100)', async () => {
    const client = newClient();
    const reference = `card-${Date.now()}`;
    const input = { amount: '149.90', reference_no: reference, instalment: 1, card_holder: 'Ayşe Yılmaz', pan: GOOD_PAN, month: 12, year: 2030, cvc: CVC };
    const first = await client.payment(input);
    assert.equal(first.is_succeed, true);
    assert.equal(first.code, ReturnCode.successful);
    const again = await client.payment(input);
    assert.equal(again.is_succeed, true);
    assert.equal(again.code, ReturnCode.oldsuccessful);
    assert.equal(again.xact_id, first.xact_id);
  });

  it('retries a card payment dropped mid-flight with the same reference_no and charges once', async () => {
    const client = newClient();
    const reference = `drop-${Date.now()}`;
    const input = { amount: '75.00', reference_no: reference, instalment: 1, card_holder: 'Ali Veli', pan: GOOD_PAN, month: 1, year: 2031, cvc: CVC };
    await control.reset();
    await control.faults({ path: PATHS.payment, drop: 1 });
    const paid = await client.payment(input);
    assert.equal(paid.is_succeed, true);
    const calls = await control.calls(PATHS.payment);
    assert.equal(calls.length, 2);
    // One transaction for the reference: asking again finds that very one.
    const repeat = await client.payment(input);
    assert.equal(repeat.code, ReturnCode.oldsuccessful);
    assert.equal(repeat.xact_id, paid.xact_id);
    const charges = (sim.state.cardPayments.get(reference) ?? []).filter((p) => p.isSucceed);
    assert.equal(new Set(charges.map((c) => c.xactId)).size, 1);
  });

  it('returns a card decline as an answer, not an error', async () => {
    const answer = await newClient().payment({ amount: '10.00', reference_no: `decl-${Date.now()}`, card_holder: 'Ali Veli', pan: DECLINED_PAN, month: 1, year: 2031, cvc: CVC });
    assert.equal(answer.is_succeed, false);
    assert.ok(answer.paynet_error_message || answer.bank_error_message);
  });

  it('runs a held device sale to the terminal approval and finds it by query', async () => {
    const client = newClient();
    const reference = `dev-${Date.now()}`;
    const sale = client.deviceSale({ deviceId: 'P00134', transactionReferenceId: reference, amount: '118.00', paymentType: 'CARD', installment: 1 });
    const pending = await waitFor(async () => (await control.deviceTransactions('pending')).find((t) => t.transactionReferenceId === reference));
    assert.equal(pending.amount, 118);
    const inProgress = await rejection(client.deviceQuery({ transactionReferenceId: reference }));
    assert.equal(inProgress.code, 1006);
    await control.approveDevice(reference);
    const answer = await sale;
    assert.equal(answer.status, 'success');
    assert.equal(typeof answer.paymentId, 'string');
    const queried = await client.deviceQuery({ transactionReferenceId: reference });
    assert.equal(queried.paymentId, answer.paymentId);
  });

  it('maps a terminal decline, an unknown device and a bad token to typed errors', async () => {
    const client = newClient();
    const reference = `devdecl-${Date.now()}`;
    const sale = rejection(client.deviceSale({ deviceId: 'P00135', transactionReferenceId: reference, amount: '5.00', paymentType: 'CARD' }));
    await waitFor(async () => (await control.deviceTransactions('pending')).find((t) => t.transactionReferenceId === reference));
    await control.declineDevice(reference);
    assert.ok((await sale) instanceof PaynetDeclinedError);
    const unknown = await rejection(client.deviceSale({ deviceId: 'NOPE', transactionReferenceId: `${reference}-x`, amount: '5.00', paymentType: 'CARD' }));
    assert.ok(unknown instanceof PaynetValidationError);
    const badToken = await rejection(newClient({ deviceAccessToken: 'dat_sim_wrong' }).deviceQuery({ transactionReferenceId: reference }));
    assert.ok(badToken instanceof PaynetAuthError);
  });

  it('never puts a secret, a session key, an encryption key, a PAN or a CVC in an error or log line', () => {
    assert.ok(observed.length > 10, 'the tests above produced errors and log lines');
    for (const item of observed) {
      const text = item instanceof Error ? `${item.message}\n${item.stack ?? ''}\n${JSON.stringify(item)}` : JSON.stringify(item);
      for (const secret of secretsSeen) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 6)}… in ${text.slice(0, 120)}`);
      assert.ok(!text.includes(`"${CVC}"`));
    }
  });
});

async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('gave up waiting');
}

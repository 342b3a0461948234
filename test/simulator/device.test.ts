import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceErrorCode } from '../../server/paynet/index.js';
import type { Simulator } from '../../simulator/index.js';
import { control, deviceHeaders, getJson, postJson, startTestSimulator, type JsonAnswer } from './helpers.js';

function sale(sim: Simulator, body: Record<string, unknown>, token?: string): Promise<JsonAnswer> {
  return postJson(sim, '/v1/device/sale', { deviceId: 'P00134', amount: 123.45, paidAmount: 123.45, paymentType: 'CARD', ...body }, deviceHeaders(token));
}

function query(sim: Simulator, body: Record<string, unknown>): Promise<JsonAnswer> {
  return postJson(sim, '/v1/device/transaction/query', body, deviceHeaders());
}

/** Waits (over the control API) until the terminal shows the sale as pending. */
async function untilPending(sim: Simulator, ref: string): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const listed = (await getJson(sim, '/_sim/device-transactions?status=pending')).body.transactions as Array<{ transactionReferenceId: string }>;
    if (listed.some((transaction) => transaction.transactionReferenceId === ref)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`device sale ${ref} never reached the terminal`);
}

describe('simulator: device Sale and Transaction query', async () => {
  const sim = await startTestSimulator();

  it('holds the sale until the terminal approves, then answers the full seed 003 response', async () => {
    const held = sale(sim, { transactionReferenceId: 'DEV-1', conversationId: 'conv-001', installment: 1 });
    await untilPending(sim, 'DEV-1');
    const devices = (await getJson(sim, '/_sim/devices')).body.devices as Array<{ deviceId: string; label: string; busy: boolean }>;
    assert.deepEqual(devices, [
      { deviceId: 'P00134', label: 'Kasa 1', busy: true },
      { deviceId: 'P00135', label: 'Kasa 2', busy: false },
    ]);
    const inProgress = await query(sim, { transactionReferenceId: 'DEV-1' });
    assert.equal(inProgress.status, 400);
    assert.equal(inProgress.body.errorCode, DeviceErrorCode.IN_PROGRESS);
    assert.equal(inProgress.body.status, 'failure');

    assert.equal((await control(sim, 'device-transactions/DEV-1/approve', { card: 'visa' })).status, 200);
    const answer = await held;
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'success');
    assert.equal(answer.body.errorCode, 0);
    assert.equal(answer.body.conversationId, 'conv-001');
    assert.equal(answer.body.deviceId, 'P00134');
    assert.equal(answer.body.transactionReferenceId, 'DEV-1');
    assert.equal(answer.body.amount, 123.45);
    assert.equal(answer.body.installment, 1);
    assert.equal(answer.body.currency, 'TRY');
    assert.equal(answer.body.binNumber, '435508');
    assert.equal(answer.body.lastFourDigits, '4358');
    assert.equal(answer.body.cardType, 'CREDIT');
    assert.match(String(answer.body.paymentId), /^PAY-\d+$/);
    assert.match(String(answer.body.paymentDate), /^\d{8}$/);
    assert.match(String(answer.body.transactionDate), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.match(String(answer.body.authCode), /^\d{6}$/);
    assert.equal(typeof answer.body.systemTime, 'number');
    for (const field of ['acquirerBankId', 'merchantId', 'terminalId', 'issuerId', 'hostReference', 'batchNo', 'stan', 'posEntryMode', 'saleNumber']) {
      assert.notEqual(answer.body[field], undefined, field);
    }

    const byPaymentId = await query(sim, { paymentId: answer.body.paymentId });
    assert.equal(byPaymentId.status, 200);
    assert.equal(byPaymentId.body.transactionReferenceId, 'DEV-1');
    assert.equal(byPaymentId.body.authCode, answer.body.authCode);
    const byReference = await query(sim, { transactionReferenceId: 'DEV-1', deviceId: 'P00134' });
    assert.equal(byReference.body.paymentId, answer.body.paymentId);
  });

  it('answers a terminal decline as a failure, also on query', async () => {
    const held = sale(sim, { transactionReferenceId: 'DEV-2' });
    await untilPending(sim, 'DEV-2');
    await control(sim, 'device-transactions/DEV-2/decline', { reason: 'Kart reddedildi' });
    const answer = await held;
    assert.equal(answer.status, 400);
    assert.equal(answer.body.status, 'failure');
    assert.equal(answer.body.errorCode, DeviceErrorCode.DECLINED);
    assert.equal(answer.body.errorMessage, 'Kart reddedildi');
    assert.equal((await query(sim, { transactionReferenceId: 'DEV-2' })).body.errorCode, DeviceErrorCode.DECLINED);
    assert.equal((await control(sim, 'device-transactions/DEV-2/approve')).status, 409);
  });

  it('keeps the sale on the terminal when the caller hangs up, so a query finds the result', async () => {
    const caller = new AbortController();
    const held = fetch(`${sim.url}/v1/device/sale`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...deviceHeaders() },
      body: JSON.stringify({ deviceId: 'P00135', transactionReferenceId: 'DEV-3', amount: 10, paidAmount: 10, paymentType: 'CARD' }),
      signal: caller.signal,
    });
    await untilPending(sim, 'DEV-3');
    caller.abort();
    await assert.rejects(held);
    await control(sim, 'device-transactions/DEV-3/approve');
    const answer = await query(sim, { transactionReferenceId: 'DEV-3' });
    assert.equal(answer.body.status, 'success');
  });

  it('refuses an unknown device with 1001', async () => {
    const answer = await sale(sim, { deviceId: 'P99999', transactionReferenceId: 'DEV-unknown' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.errorCode, DeviceErrorCode.UNKNOWN_DEVICE);
  });

  it('refuses a reused transactionReferenceId with 1004', async () => {
    const held = sale(sim, { transactionReferenceId: 'DEV-dup' });
    await untilPending(sim, 'DEV-dup');
    await control(sim, 'device-transactions/DEV-dup/approve');
    await held;
    const again = await sale(sim, { transactionReferenceId: 'DEV-dup' });
    assert.equal(again.body.errorCode, DeviceErrorCode.DUPLICATE_REFERENCE);
  });

  it('refuses a second sale on a busy terminal with 1007', async () => {
    const held = sale(sim, { transactionReferenceId: 'DEV-busy-1' });
    await untilPending(sim, 'DEV-busy-1');
    assert.equal((await sale(sim, { transactionReferenceId: 'DEV-busy-2' })).body.errorCode, DeviceErrorCode.DEVICE_BUSY);
    await control(sim, 'device-transactions/DEV-busy-1/decline');
    await held;
  });

  it('validates deviceId length, amounts, installment and the reference', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['deviceId too long', { deviceId: 'P'.repeat(65), transactionReferenceId: 'V-1' }],
      ['no reference', { transactionReferenceId: undefined }],
      ['zero amount', { transactionReferenceId: 'V-2', amount: 0 }],
      ['negative paidAmount', { transactionReferenceId: 'V-3', paidAmount: -1 }],
      ['string amount', { transactionReferenceId: 'V-4', amount: '123.45' }],
      ['installment', { transactionReferenceId: 'V-5', installment: 0 }],
      ['paymentType', { transactionReferenceId: 'V-6', paymentType: 'GOLD' }],
      ['documentType', { transactionReferenceId: 'V-7', documentType: 3 }],
    ];
    for (const [name, body] of cases) {
      const answer = await sale(sim, body);
      assert.equal(answer.status, 400, name);
      assert.equal(answer.body.errorCode, DeviceErrorCode.VALIDATION, name);
      assert.equal(answer.body.status, 'failure', name);
    }
  });

  it('refuses a wrong Bearer token with HTTP 401', async () => {
    const answer = await sale(sim, { transactionReferenceId: 'DEV-auth' }, 'dat_sim_wrong');
    assert.equal(answer.status, 401);
    assert.equal(answer.body.errorCode, DeviceErrorCode.UNAUTHORIZED);
    const queryAnswer = await postJson(sim, '/v1/device/transaction/query', { transactionReferenceId: 'DEV-1' }, {});
    assert.equal(queryAnswer.status, 401);
  });

  it('answers a query without an id with 1002 and an unknown one with 1005', async () => {
    assert.equal((await query(sim, { deviceId: 'P00134' })).body.errorCode, DeviceErrorCode.VALIDATION);
    assert.equal((await query(sim, { transactionReferenceId: 'never-sent' })).body.errorCode, DeviceErrorCode.NOT_FOUND);
    assert.equal((await query(sim, { transactionReferenceId: 'DEV-1', deviceId: 'P00135' })).body.errorCode, DeviceErrorCode.NOT_FOUND);
  });
});

describe('simulator: a device sale nobody finishes', async () => {
  const sim = await startTestSimulator({ deviceSaleTimeoutMs: 50 });

  it('fails when the terminal gives up, and the query says so', async () => {
    const answer = await sale(sim, { transactionReferenceId: 'DEV-timeout' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.errorCode, DeviceErrorCode.DECLINED);
    const listed = (await getJson(sim, '/_sim/device-transactions')).body.transactions as Array<{ status: string }>;
    assert.deepEqual(listed.map((transaction) => transaction.status), ['expired']);
    assert.equal((await query(sim, { transactionReferenceId: 'DEV-timeout' })).body.errorCode, DeviceErrorCode.DECLINED);
  });
});

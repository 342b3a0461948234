import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAmount, readPaynetDate } from '../../server/paynet/index.js';
import { startSimulator } from '../../simulator/index.js';
import {
  DECLINED_PAN,
  EXPIRED_CARD_PAN,
  assertPaynetError,
  authHeaders,
  checkByReference,
  control,
  deleteJson,
  getJson,
  payByCard,
  paymentSessionId,
  postJson,
  setQuirks,
  softposClient,
  startTestSimulator,
} from './helpers.js';

const DEFAULTS = { codeAsString: false, dates: 'iso-offset', amounts: 'number', errors: 'object', declines: 'answer', emptyLookup: 'empty', expiredSession: 'empty' };
/** 09:00 UTC: 12:00 on Istanbul's clocks. */
const NOW = Date.parse('2026-06-01T09:00:00.250Z');
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+03:00$/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;
const TURKISH = /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/;

describe('simulator: quirks, the readings of Paynet where its pages disagree', async () => {
  const sim = await startTestSimulator({ now: () => NOW, sessionKeyTtlMs: 60_000 });
  let reference = 0;
  const nextReference = (): string => `quirk-${++reference}`;

  /** A paid PayPOS sale: its check_transaction answer. */
  async function paidSoftposCheck(): Promise<Record<string, unknown>> {
    const softpos = await softposClient(sim);
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 149.9, reference_no: nextReference() }));
    await control(sim, `sessions/${id}/approve`);
    return (await softpos('check_transaction', { payment_session_id: id })).body;
  }

  async function withQuirks(quirks: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
    assert.equal((await setQuirks(sim, quirks)).status, 200);
    try {
      await body();
    } finally {
      await deleteJson(sim, '/_sim/quirks');
    }
  }

  it('plays §4 by default: integer codes, ISO dates with +03:00, JSON number amounts, the error object', async () => {
    assert.deepEqual((await getJson(sim, '/_sim/quirks')).body.quirks, DEFAULTS);
    const key = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, authHeaders());
    assert.equal(key.body.code, 0);
    assert.equal(key.body.expired_date, '2026-06-01T12:01:00.250+03:00');
    const paid = await payByCard(sim, { amount: '149,90', reference_no: nextReference() });
    assert.equal(paid.body.code, 0);
    assert.equal(paid.body.amount, 149.9);
    assert.match(String(paid.body.xact_date), ISO_OFFSET);
    assertPaynetError(await payByCard(sim, { amount: '1,00', reference_no: nextReference() }, { secret: 'sck_wrong' }), { status: 401, type: 'authorization_error', resultCode: 7 });
  });

  it('codeAsString: code and result_code as numeric strings, in 200 answers and error objects', async () => {
    await withQuirks({ codeAsString: true }, async () => {
      const key = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, authHeaders());
      assert.equal(typeof key.body.code, 'string');
      assert.equal(key.body.code, '0');
      const ref = nextReference();
      await payByCard(sim, { amount: '5,00', reference_no: ref });
      const replay = await payByCard(sim, { amount: '5,00', reference_no: ref });
      assert.equal(replay.body.code, '100');
      const check = await paidSoftposCheck();
      assert.equal(check.code, '0');
      const refused = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, authHeaders('sck_wrong'));
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, { type: 'authorization_error', message: refused.body.message, code: '401', result_code: '7' });
      // Everything else keeps its type.
      assert.equal(typeof replay.body.id, 'number');
      assert.equal(typeof replay.body.is_succeed, 'boolean');
    });
  });

  it('dates: every expired_date and xact_date in the chosen form, all naming the same instant', async () => {
    const expected = { 'iso-offset': '2026-06-01T12:00:00.250+03:00', 'iso-local': '2026-06-01T12:00:00.250', turkish: '01.06.2026 12:00:00' } as const;
    const shapes = { 'iso-offset': ISO_OFFSET, 'iso-local': ISO_LOCAL, turkish: TURKISH } as const;
    for (const dates of ['iso-offset', 'iso-local', 'turkish'] as const) {
      await withQuirks({ dates }, async () => {
        const key = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, authHeaders());
        assert.match(String(key.body.expired_date), shapes[dates], dates);
        assert.equal(readPaynetDate(key.body.expired_date), dates === 'turkish' ? NOW - 250 + 60_000 : NOW + 60_000, dates);
        const ref = nextReference();
        const paid = await payByCard(sim, { amount: '1,00', reference_no: ref });
        assert.equal(paid.body.xact_date, expected[dates], dates);
        const [checked] = (await checkByReference(sim, { reference_no: ref })).body.Data as Array<Record<string, unknown>>;
        assert.equal(checked?.xact_date, expected[dates], dates);
        const [softposTransaction] = (await paidSoftposCheck()).Data as Array<Record<string, unknown>>;
        assert.equal(softposTransaction?.xact_date, expected[dates], dates);
      });
    }
  });

  it('amounts: every amount, net_amount and comission as a number, "149,90" or "149.90"', async () => {
    const expected = {
      number: { amount: 149.9, net_amount: 146.17, comission: 3.73 },
      comma: { amount: '149,90', net_amount: '146,17', comission: '3,73' },
      dot: { amount: '149.90', net_amount: '146.17', comission: '3.73' },
    } as const;
    for (const amounts of ['number', 'comma', 'dot'] as const) {
      await withQuirks({ amounts }, async () => {
        const ref = nextReference();
        const paid = await payByCard(sim, { amount: 149.9, reference_no: ref });
        const [checked] = (await checkByReference(sim, { reference_no: ref })).body.Data as Array<Record<string, unknown>>;
        const [softposTransaction] = (await paidSoftposCheck()).Data as Array<Record<string, unknown>>;
        for (const [where, body] of [['payment', paid.body], ['transaction/check', checked], ['check_transaction', softposTransaction]] as const) {
          assert.ok(body, where);
          for (const field of ['amount', 'net_amount', 'comission'] as const) {
            assert.deepEqual(body[field], expected[amounts][field], `${amounts} ${where} ${field}`);
            assert.equal(readAmount(body[field]), String(expected.number[field].toFixed(2)), `${amounts} ${where} ${field} reads back`);
          }
        }
        assert.equal(typeof paid.body.ratio, 'number', 'a ratio is not an amount');
      });
    }
  });

  it('errors: "envelope" answers every error as HTTP 400 {object_name, code, message}', async () => {
    await withQuirks({ errors: 'envelope' }, async () => {
      const refused = await payByCard(sim, { amount: '1,00', reference_no: nextReference() }, { secret: 'sck_wrong' });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, { object_name: 'error', code: 7, message: refused.body.message });
      const softpos = await softposClient(sim);
      const unknown = await softpos('check_transaction', { payment_session_id: 'no-such-session' });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body, { object_name: 'error', code: 12, message: unknown.body.message });
      const bad = await payByCard(sim, { amount: 'abc', reference_no: nextReference() });
      assert.deepEqual([bad.status, bad.body.code, bad.body.result_code], [400, 11, undefined]);
    });
    await withQuirks({ errors: 'envelope', codeAsString: true }, async () => {
      const refused = await payByCard(sim, { amount: '1,00', reference_no: nextReference() }, { secret: 'sck_wrong' });
      assert.deepEqual(refused.body, { object_name: 'error', code: '7', message: refused.body.message });
    });
  });

  it('declines: "error" answers a declined card with an error (1 unsuccessful, 18 wrongcarddata); Paynet still recorded it', async () => {
    await withQuirks({ declines: 'error' }, async () => {
      const ref = nextReference();
      const declined = await payByCard(sim, { amount: '20,00', reference_no: ref, pan: DECLINED_PAN });
      assertPaynetError(declined, { status: 400, type: 'invalid_request_error', resultCode: 1 });
      assert.equal(declined.body.message, 'Yetersiz bakiye');
      const expired = await payByCard(sim, { amount: '20,00', reference_no: nextReference(), pan: EXPIRED_CARD_PAN });
      assertPaynetError(expired, { status: 400, type: 'invalid_request_error', resultCode: 18 });
      const [checked] = (await checkByReference(sim, { reference_no: ref })).body.Data as Array<Record<string, unknown>>;
      assert.equal(checked?.is_succeed, false);
      assert.equal(checked?.status, 4);
      const approved = await payByCard(sim, { amount: '20,00', reference_no: ref });
      assert.equal(approved.status, 200, 'an approval is still an answer');
      assert.equal(approved.body.is_succeed, true);
    });
    await withQuirks({ declines: 'error', errors: 'envelope' }, async () => {
      const declined = await payByCard(sim, { amount: '20,00', reference_no: nextReference(), pan: DECLINED_PAN });
      assert.equal(declined.status, 400);
      assert.deepEqual(declined.body, { object_name: 'error', code: 1, message: 'Yetersiz bakiye' });
    });
    const answer = await payByCard(sim, { amount: '20,00', reference_no: nextReference(), pan: DECLINED_PAN });
    assert.equal(answer.status, 200, 'by default a decline is an answer');
    assert.equal(answer.body.is_succeed, false);
    assert.equal(answer.body.paynet_error_message, 'Yetersiz bakiye');
  });

  it('emptyLookup: "nodata" answers transaction/check with nothing under it as 404 nodata', async () => {
    const empty = await checkByReference(sim, { reference_no: 'nothing-here' });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.Data, []);
    await withQuirks({ emptyLookup: 'nodata' }, async () => {
      assertPaynetError(await checkByReference(sim, { reference_no: 'nothing-here' }), { status: 404, type: 'no_data_error', resultCode: 12 });
      const ref = nextReference();
      await payByCard(sim, { amount: '1,00', reference_no: ref });
      assert.equal(((await checkByReference(sim, { reference_no: ref })).body.Data as unknown[]).length, 1);
    });
  });

  it('several quirks at once compose', async () => {
    await withQuirks({ codeAsString: true, dates: 'turkish', amounts: 'comma' }, async () => {
      const ref = nextReference();
      const paid = await payByCard(sim, { amount: '12,50', reference_no: ref });
      assert.deepEqual([paid.body.code, paid.body.xact_date, paid.body.amount], ['0', '01.06.2026 12:00:00', '12,50']);
      const checked = await checkByReference(sim, { reference_no: ref });
      assert.equal(checked.body.code, '0');
      assert.equal((checked.body.Data as Array<Record<string, unknown>>)[0]?.status, 3, 'the Status field is not a return code');
    });
  });
});

describe('simulator: setting quirks', async () => {
  const sim = await startTestSimulator({ quirks: { codeAsString: true } });

  it('starts with the quirks option, fields left out at §4 defaults', async () => {
    assert.deepEqual((await getJson(sim, '/_sim/quirks')).body.quirks, { ...DEFAULTS, codeAsString: true });
    assert.deepEqual(sim.quirks, { ...DEFAULTS, codeAsString: true });
  });

  it('PUT takes the whole object (left-out fields back to the start), PATCH merges, DELETE goes back to the start', async () => {
    assert.deepEqual((await setQuirks(sim, { dates: 'turkish' })).body.quirks, { ...DEFAULTS, codeAsString: true, dates: 'turkish' });
    assert.deepEqual((await setQuirks(sim, { amounts: 'dot' })).body.quirks, { ...DEFAULTS, codeAsString: true, amounts: 'dot' });
    const patched = await fetch(`${sim.url}/_sim/quirks`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errors: 'envelope' }) });
    assert.deepEqual(((await patched.json()) as Record<string, unknown>).quirks, { ...DEFAULTS, codeAsString: true, amounts: 'dot', errors: 'envelope' });
    assert.deepEqual((await deleteJson(sim, '/_sim/quirks')).body.quirks, { ...DEFAULTS, codeAsString: true });
  });

  it('refuses an unknown quirk or value with 400 and keeps the quirks in force', async () => {
    await setQuirks(sim, { dates: 'iso-local' });
    for (const body of [{ nope: true }, { dates: 'american' }, { codeAsString: 'yes' }]) {
      const answer = await setQuirks(sim, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(typeof answer.body.error, 'string');
    }
    assert.equal(sim.quirks.dates, 'iso-local');
    await deleteJson(sim, '/_sim/quirks');
  });

  it('setQuirks() does what PUT does, and a reset goes back to the start', async () => {
    sim.setQuirks({ emptyLookup: 'nodata' });
    assert.deepEqual(sim.quirks, { ...DEFAULTS, codeAsString: true, emptyLookup: 'nodata' });
    await control(sim, 'reset');
    assert.deepEqual(sim.quirks, { ...DEFAULTS, codeAsString: true });
  });

  it('refuses a quirks option that cannot work', async () => {
    await assert.rejects(startSimulator({ quirks: { dates: 'american' } as never }), RangeError);
    await assert.rejects(startSimulator({ quirks: { unknown: true } as never }), RangeError);
  });
});

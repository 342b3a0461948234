/**
 * expectPaynetOk: which Paynet answers are usable and which typed error each of the others
 * is, over both error shapes (§4 error object and the older 400 envelope) and codes given as
 * numbers or numeric strings. Answers are built directly as PaynetHttpResponse objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PaynetAuthError,
  PaynetDeclinedError,
  PaynetError,
  PaynetNoDataError,
  PaynetUnavailableError,
  PaynetUnknownCodeError,
  PaynetValidationError,
  isFateUnknown,
} from '../../server/errors.js';
import type { PaynetHttpResponse } from '../../server/http.js';
import { expectPaynetOk } from '../../server/paynet-answers.js';
import { ReturnCode } from '../../server/paynet/return-codes.js';

const PATH = '/v1/softpos/check_transaction';

function answer(status: number, body: Record<string, unknown>): PaynetHttpResponse {
  return { status, body };
}

/** The error expectPaynetOk throws for `response` (fails the test if it returns). */
function errorFor(response: PaynetHttpResponse, okCodes?: readonly number[]): PaynetError {
  try {
    expectPaynetOk(PATH, response, okCodes);
  } catch (error) {
    assert.ok(error instanceof PaynetError, `not a PaynetError: ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(response)} to be refused`);
}

describe('expectPaynetOk on a 200 answer', () => {
  it('returns the body when code is 0, as a number or a numeric string', () => {
    for (const code of [0, '0', ' 0 ']) {
      const body = { code, message: 'OK', Data: [] };
      assert.equal(expectPaynetOk(PATH, answer(200, body)), body, JSON.stringify(code));
    }
  });

  it('accepts only the codes the caller names as usable', () => {
    const body = { code: 100, message: 'Önceki Başarılı İşlem' };
    assert.equal(expectPaynetOk('/v2/transaction/payment', answer(200, body), [ReturnCode.successful, ReturnCode.oldsuccessful]), body);
    // 100 where no payment was retried is not ours to read as success.
    assert.ok(errorFor(answer(200, body)) instanceof PaynetUnknownCodeError);
  });

  it('reads 1 (unsuccessful) and 18 (wrongcarddata) as a decline, as numbers or strings', () => {
    for (const code of [1, '1', 18, '18']) {
      const error = errorFor(answer(200, { code, message: 'Kart reddedildi' }));
      assert.ok(error instanceof PaynetDeclinedError, JSON.stringify(code));
      assert.equal(error.code, Number(code));
      assert.equal(error.httpStatus, 200);
      assert.equal(isFateUnknown(error), false);
    }
  });

  it('reads 8 (servererror) and 10 (timeout) as Paynet\'s own trouble: unavailable, fate unknown', () => {
    for (const code of [8, '10']) {
      const error = errorFor(answer(200, { code, message: 'Sistem hatası' }));
      assert.ok(error instanceof PaynetUnavailableError, JSON.stringify(code));
      assert.equal(error.reason, 'paynet_code');
      assert.equal(error.code, Number(code));
      assert.equal(isFateUnknown(error), true);
    }
  });

  it('reads 12 (nodata) as "Paynet has no such record"', () => {
    const error = errorFor(answer(200, { code: '12', message: 'Kayıt yok' }));
    assert.ok(error instanceof PaynetNoDataError);
    assert.equal(error.code, 12);
  });

  it('reads 7 (unauthorized) as an auth error', () => {
    const error = errorFor(answer(200, { code: 7, message: 'Yetkisiz' }));
    assert.ok(error instanceof PaynetAuthError);
    assert.equal(error.code, 7);
  });

  it('keeps a code outside Paynet\'s table with its message, and reads it as neither success nor failure', () => {
    for (const code of [999, '999']) {
      const error = errorFor(answer(200, { code, message: 'Beklenmeyen durum' }));
      assert.ok(error instanceof PaynetUnknownCodeError, JSON.stringify(code));
      assert.equal(error.code, 999);
      assert.match(error.message, /Beklenmeyen durum/);
      assert.equal(error.endpoint, PATH);
      assert.equal(isFateUnknown(error), true);
    }
  });

  it('names the code in the message when Paynet sent none', () => {
    assert.match(errorFor(answer(200, { code: 4 })).message, /4 \(agentnotfound\)/);
    assert.match(errorFor(answer(200, { code: 999 })).message, /999/);
  });

  it('calls a 200 without a readable code malformed, never success', () => {
    for (const body of [{}, { message: 'OK' }, { code: null }, { code: '' }, { code: 'OK' }, { code: 0.5 }, { code: true }]) {
      const error = errorFor(answer(200, body));
      assert.ok(error instanceof PaynetUnavailableError, JSON.stringify(body));
      assert.equal(error.reason, 'malformed');
      assert.equal(error.httpStatus, 200);
    }
  });
});

describe('expectPaynetOk on the §4 error object {type, message, code: <http status>, result_code}', () => {
  it('types the answer by result_code, not by the HTTP status repeated in code', () => {
    const declined = errorFor(answer(400, { type: 'invalid_request_error', message: 'Kart hatalı', code: 400, result_code: 18 }));
    assert.ok(declined instanceof PaynetDeclinedError);
    assert.equal(declined.code, 18);
    assert.equal(declined.httpStatus, 400);
    assert.match(declined.message, /Kart hatalı/);

    const noData = errorFor(answer(404, { type: 'no_data_error', message: 'Kayıt yok', code: 404, result_code: 12 }));
    assert.ok(noData instanceof PaynetNoDataError);
    assert.equal(noData.code, 12);
  });

  it('reads code and result_code as numeric strings', () => {
    const error = errorFor(answer(400, { type: 'invalid_request_error', message: 'x', code: '400', result_code: '1' }));
    assert.ok(error instanceof PaynetDeclinedError);
    assert.equal(error.code, 1);
  });

  it('keeps an unknown result_code with its message', () => {
    const error = errorFor(answer(400, { type: 'api_error', message: 'Tanımsız', code: 400, result_code: 999 }));
    assert.ok(error instanceof PaynetUnknownCodeError);
    assert.equal(error.code, 999);
    assert.match(error.message, /Tanımsız/);
  });

  it('reads 401 as an auth error with code 7 when no result_code is given', () => {
    for (const body of [{ type: 'authorization_error', message: 'Geçersiz anahtar', code: 401 }, { message: 'Unauthorized' }, {}]) {
      const error = errorFor(answer(401, body));
      assert.ok(error instanceof PaynetAuthError, JSON.stringify(body));
      assert.equal(error.code, ReturnCode.unauthorized);
      assert.equal(error.httpStatus, 401);
    }
  });

  it('reads authorization_error as an auth error whatever the status and result_code say', () => {
    const forbidden = errorFor(answer(403, { type: 'authorization_error', message: 'Yetkisiz', code: 403 }));
    assert.ok(forbidden instanceof PaynetAuthError);
    assert.equal(forbidden.code, 7);

    const with7 = errorFor(answer(401, { type: 'authorization_error', message: 'Yetkisiz', code: 401, result_code: '7' }));
    assert.ok(with7 instanceof PaynetAuthError);
    assert.equal(with7.code, 7);

    // result_code 8 would otherwise be "transient": a refused key is not Paynet's trouble.
    const with8 = errorFor(answer(400, { type: 'authorization_error', message: 'x', code: 400, result_code: 8 }));
    assert.ok(with8 instanceof PaynetAuthError);
  });

  it('reads no_data_error or a 404 without result_code as "no data" (code 12)', () => {
    for (const response of [answer(400, { type: 'no_data_error', message: 'Yok', code: 400 }), answer(404, { message: 'Not found' })]) {
      const error = errorFor(response);
      assert.ok(error instanceof PaynetNoDataError, JSON.stringify(response));
      assert.equal(error.code, ReturnCode.nodata);
    }
  });

  it('reads a 4xx that names no return code as a refused request', () => {
    const error = errorFor(answer(400, { type: 'invalid_request_error', message: 'amount is required', code: 400 }));
    assert.ok(error instanceof PaynetValidationError);
    assert.equal(error.code, undefined);
    assert.equal(error.httpStatus, 400);
    assert.match(error.message, /amount is required/);
    assert.equal(isFateUnknown(error), false);
  });

  it('falls back to the HTTP status in the message when Paynet gave none', () => {
    assert.match(errorFor(answer(405, {})).message, /HTTP 405/);
  });

  it(
    'never calls a 5xx error object "refused as such": its fate is unknown',
    () => {
      const error = errorFor(answer(503, { type: 'api_error', message: 'down', code: 503 }));
      assert.equal(isFateUnknown(error), true, `${error.name}`);
    },
  );
});

describe('expectPaynetOk on the older 400 envelope {object_name, code, message}', () => {
  it('reads code as the return code, as a number or a numeric string', () => {
    const cases: [unknown, new (...args: never[]) => PaynetError, number][] = [
      [1, PaynetDeclinedError, 1],
      ['18', PaynetDeclinedError, 18],
      [12, PaynetNoDataError, 12],
      ['8', PaynetUnavailableError, 8],
      [10, PaynetUnavailableError, 10],
      ['11', PaynetValidationError, 11],
      [5, PaynetValidationError, 5],
      [2, PaynetAuthError, 2],
      ['7', PaynetAuthError, 7],
      [999, PaynetUnknownCodeError, 999],
    ];
    for (const [code, type, expected] of cases) {
      const error = errorFor(answer(400, { object_name: 'Transaction', code, message: 'Hata' }));
      assert.ok(error instanceof type, `${JSON.stringify(code)} → ${error.name}`);
      assert.equal(error.code, expected, JSON.stringify(code));
      assert.equal(error.httpStatus, 400);
      assert.equal(error.endpoint, PATH);
    }
  });

  it('marks 8 and 10 in the envelope as Paynet\'s own trouble', () => {
    const error = errorFor(answer(400, { object_name: 'Transaction', code: '10', message: 'Zaman aşımı' }));
    assert.ok(error instanceof PaynetUnavailableError);
    assert.equal(error.reason, 'paynet_code');
  });

  it('reads a 401 envelope as an auth error with its own code', () => {
    const error = errorFor(answer(401, { object_name: 'Agent', code: 7, message: 'Yetkisiz' }));
    assert.ok(error instanceof PaynetAuthError);
    assert.equal(error.code, 7);
  });
});

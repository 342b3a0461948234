/**
 * The kit's one POST toward Paynet (server/http.ts) reads a 429's Retry-After the way the
 * element reads its backend's (src/transport/retry-after.ts): whole seconds or an HTTP date.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaynetRateLimitedError } from '../../server/errors.js';
import { postJson, type PaynetFetch } from '../../server/http.js';

function rateLimitedWith(retryAfter: string | undefined): PaynetFetch {
  return async () => new Response('{}', { status: 429, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
}

async function retryAfterMsOf(retryAfter: string | undefined): Promise<number | undefined> {
  const request = { baseUrl: 'http://paynet.invalid', path: '/v1/softpos/check_transaction', headers: {}, body: {}, timeoutMs: 1_000 };
  try {
    await postJson(request, rateLimitedWith(retryAfter));
  } catch (error) {
    assert.ok(error instanceof PaynetRateLimitedError, String(error));
    return error.retryAfterMs;
  }
  assert.fail('a 429 must reject');
}

describe('postJson on a 429 from Paynet', () => {
  it('keeps Retry-After given in seconds', async () => {
    assert.equal(await retryAfterMsOf('3'), 3_000);
  });

  it('keeps Retry-After given as an HTTP date, as the time left until it', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = await retryAfterMsOf(inTenSeconds);
    // toUTCString drops the milliseconds: up to a second less, never more.
    assert.ok(ms !== undefined && ms > 8_000 && ms <= 10_000, String(ms));
  });

  it('leaves the hint out when there is none or it cannot be read', async () => {
    assert.equal(await retryAfterMsOf(undefined), undefined);
    assert.equal(await retryAfterMsOf('soon'), undefined);
  });
});

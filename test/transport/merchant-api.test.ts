import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { TransportError } from '../../src/transport/errors.js';
import { cancelUrlFor, createMerchantApi, parseRetryAfterMs } from '../../src/transport/merchant-api.js';
import { after, afterEach, before, describe, it } from '../flow/mocha.js';

const worker = setupWorker();
const origin = location.origin;
const SESSION_URL = '/api/paynet/sessions';

const session: SessionResponse = {
  sessionId: 'ses_1',
  kind: 'sale',
  handoff: 'paypos',
  referenceNo: 'REF-1',
  amount: '149.90',
  currency: 'TRY',
  instalment: 1,
  deeplinkUrl: 'paypos://pay?session=ps_1',
  expiresAt: '2026-11-24T10:05:00.000Z',
  statusUrl: 'sessions/ses_1',
};

const pending: StatusResponse = { sessionId: 'ses_1', kind: 'sale', status: 'pending', expiresAt: '2026-11-24T10:05:00.000Z' };

const body = { amount: '149.90', instalment: 1, currency: 'TRY' as const };

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('merchant API transport', () => {
  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'error' });
  });
  afterEach(() => worker.resetHandlers());
  after(() => worker.stop());

  it('posts the session request as JSON with the idempotency key, and resolves a relative statusUrl against the creating URL', async () => {
    let seen: { key: string | null; type: string | null; body: unknown } | undefined;
    worker.use(
      http.post(`${origin}${SESSION_URL}`, async ({ request }) => {
        seen = { key: request.headers.get('Idempotency-Key'), type: request.headers.get('Content-Type'), body: await request.json() };
        return HttpResponse.json({ ...session, statusUrl: 'sessions/ses_1' }, { status: 201 });
      }),
    );
    const created = await createMerchantApi().createSession(SESSION_URL, body, 'key-123');
    expect(seen).to.deep.equal({ key: 'key-123', type: 'application/json', body });
    expect(created.statusUrl).to.equal(`${origin}/api/paynet/sessions/ses_1`);
    expect(created.sessionId).to.equal('ses_1');
  });

  it('keeps an absolute statusUrl as it is', async () => {
    worker.use(http.post(`${origin}${SESSION_URL}`, () => HttpResponse.json({ ...session, statusUrl: `${origin}/elsewhere/ses_1` }, { status: 201 })));
    const created = await createMerchantApi().createSession(SESSION_URL, body, 'k');
    expect(created.statusUrl).to.equal(`${origin}/elsewhere/ses_1`);
  });

  it('reads a status answer and its Retry-After hint', async () => {
    worker.use(http.get(`${origin}/api/paynet/sessions/ses_1`, () => HttpResponse.json(pending, { headers: { 'Retry-After': '3' } })));
    const answer = await createMerchantApi().getStatus(`${origin}/api/paynet/sessions/ses_1`);
    expect(answer).to.deep.equal({ status: pending, retryAfterMs: 3_000 });
  });

  it('cancels with a POST to the status URL followed by /cancel', async () => {
    let method = '';
    worker.use(
      http.post(`${origin}/api/paynet/sessions/ses_1/cancel`, ({ request }) => {
        method = request.method;
        return HttpResponse.json({ ...pending, status: 'succeeded' });
      }),
    );
    const answer = await createMerchantApi().cancel(`${origin}/api/paynet/sessions/ses_1`);
    expect(method).to.equal('POST');
    expect(answer.status).to.equal('succeeded');
  });

  it('sends a card payment once per call with its key, and returns the final status', async () => {
    const keys: Array<string | null> = [];
    worker.use(
      http.post(`${origin}/api/paynet/payments`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'));
        return HttpResponse.json({ ...pending, sessionId: 'pay_1', status: 'failed', reason: { code: 'declined', message: 'Declined' } });
      }),
    );
    const payment = { ...body, card: { holder: 'A B', number: '4000000000000002', month: 12, year: 2030, cvc: '123' } };
    const answer = await createMerchantApi().payByCard('/api/paynet/payments', payment, 'key-card');
    expect(keys).to.deep.equal(['key-card']);
    expect(answer.reason).to.deep.equal({ code: 'declined', message: 'Declined' });
  });

  it('reads needs_review (the shop will check it by hand) from a poll, a cancel and a card payment', async () => {
    const review: StatusResponse = {
      ...pending,
      status: 'needs_review',
      reason: { code: 'needs_review', message: 'Paynet did not answer; the shop will check this payment.' },
    };
    worker.use(
      http.get(`${origin}/api/paynet/sessions/ses_1`, () => HttpResponse.json(review, { headers: { 'Retry-After': '5' } })),
      http.post(`${origin}/api/paynet/sessions/ses_1/cancel`, () => HttpResponse.json(review)),
      http.post(`${origin}/api/paynet/payments`, () => HttpResponse.json({ ...review, sessionId: 'pay_1' })),
    );
    const api = createMerchantApi();
    expect(await api.getStatus(`${origin}/api/paynet/sessions/ses_1`)).to.deep.equal({ status: review, retryAfterMs: 5_000 });
    expect(await api.cancel(`${origin}/api/paynet/sessions/ses_1`)).to.deep.equal(review);
    const payment = { ...body, card: { holder: 'A B', number: '4242424242424242', month: 12, year: 2030, cvc: '123' } };
    expect(await api.payByCard('/api/paynet/payments', payment, 'key-card')).to.deep.equal({ ...review, sessionId: 'pay_1' });
  });

  it('lists devices', async () => {
    worker.use(http.get(`${origin}/api/paynet/devices`, () => HttpResponse.json({ devices: [{ deviceId: 'P00134', label: 'Kasa 1' }] })));
    expect(await createMerchantApi().listDevices('/api/paynet/devices')).to.deep.equal({ devices: [{ deviceId: 'P00134', label: 'Kasa 1' }] });
  });

  describe('errors', () => {
    it('reports a 5xx without a body as a retryable http error', async () => {
      worker.use(http.get(`${origin}/s`, () => new HttpResponse(null, { status: 503 })));
      const error = await failure(createMerchantApi().getStatus('/s'));
      expect(error).to.include({ kind: 'http', status: 503, code: 'http_503', retryable: true, fromServer: false });
    });

    it('carries the backend’s own code and message for a 4xx, not retryable', async () => {
      worker.use(
        http.post(`${origin}${SESSION_URL}`, () =>
          HttpResponse.json({ error: { code: 'amount_too_large', message: 'Tutar çok yüksek' } }, { status: 422 }),
        ),
      );
      const error = await failure(createMerchantApi().createSession(SESSION_URL, body, 'k'));
      expect(error).to.include({ kind: 'http', status: 422, code: 'amount_too_large', message: 'Tutar çok yüksek', retryable: false, fromServer: true });
    });

    it('treats the kit’s 503 paynet_unavailable (a cancel it could not check with Paynet) as retryable, with its Retry-After', async () => {
      worker.use(
        http.post(`${origin}/api/paynet/sessions/ses_1/cancel`, () =>
          HttpResponse.json({ error: { code: 'paynet_unavailable', message: 'Paynet is not reachable right now. Try again.' } }, { status: 503, headers: { 'Retry-After': '2' } }),
        ),
      );
      const error = await failure(createMerchantApi().cancel(`${origin}/api/paynet/sessions/ses_1`));
      expect(error).to.include({ kind: 'http', status: 503, code: 'paynet_unavailable', retryable: true, retryAfterMs: 2_000, fromServer: true });
    });

    it('treats 429 as retryable and keeps its Retry-After', async () => {
      worker.use(http.get(`${origin}/s`, () => HttpResponse.json({ error: { code: 'rate_limited', message: 'Slow down' } }, { status: 429, headers: { 'Retry-After': '7' } })));
      const error = await failure(createMerchantApi().getStatus('/s'));
      expect(error).to.include({ kind: 'http', status: 429, retryable: true, retryAfterMs: 7_000 });
    });

    it('retries a creation the backend is still working on (409 idempotency_in_progress), but no other 409', async () => {
      worker.use(
        http.post(`${origin}${SESSION_URL}`, ({ request }) =>
          request.headers.get('Idempotency-Key') === 'busy'
            ? HttpResponse.json({ error: { code: 'idempotency_in_progress', message: 'Still working' } }, { status: 409, headers: { 'Retry-After': '1' } })
            : HttpResponse.json({ error: { code: 'idempotency_conflict', message: 'Different body' } }, { status: 409 }),
        ),
      );
      const busy = await failure(createMerchantApi().createSession(SESSION_URL, body, 'busy'));
      expect(busy).to.include({ status: 409, code: 'idempotency_in_progress', retryable: true, retryAfterMs: 1_000 });
      const conflict = await failure(createMerchantApi().createSession(SESSION_URL, body, 'other'));
      expect(conflict).to.include({ status: 409, code: 'idempotency_conflict', retryable: false });
    });

    it('reports a failed connection as a network error', async () => {
      worker.use(http.get(`${origin}/s`, () => HttpResponse.error()));
      const error = await failure(createMerchantApi().getStatus('/s'));
      expect(error).to.include({ kind: 'network', code: 'network', retryable: true });
    });

    it('gives up on a silent backend after the timeout', async () => {
      worker.use(
        http.get(`${origin}/s`, async () => {
          await delay('infinite');
          return HttpResponse.json(pending);
        }),
      );
      const error = await failure(createMerchantApi({ timeoutMs: 50 }).getStatus('/s'));
      expect(error).to.include({ kind: 'timeout', code: 'timeout', retryable: true });
    });

    it('gives a long-poll (wait=N in its URL) N seconds more before its timeout counts', async () => {
      worker.use(
        http.get(`${origin}/s`, async () => {
          await delay(300);
          return HttpResponse.json(pending);
        }),
      );
      const api = createMerchantApi({ timeoutMs: 50 });
      expect((await api.getStatus('/s?shop=1&wait=1')).status).to.deep.equal(pending);
      expect(await failure(api.getStatus('/s?shop=1'))).to.include({ kind: 'timeout' });
    });

    it('reports the caller’s abort as aborted, not as a failure to retry', async () => {
      worker.use(
        http.get(`${origin}/s`, async () => {
          await delay('infinite');
          return HttpResponse.json(pending);
        }),
      );
      const controller = new AbortController();
      const call = createMerchantApi().getStatus('/s', controller.signal);
      controller.abort();
      const error = await failure(call);
      expect(error).to.include({ kind: 'aborted', retryable: false });
    });

    it('reports cut-off JSON as malformed and retryable', async () => {
      worker.use(http.get(`${origin}/s`, () => new HttpResponse('{"sessionId": "ses_1", "sta', { headers: { 'Content-Type': 'application/json' } })));
      const error = await failure(createMerchantApi().getStatus('/s'));
      expect(error).to.include({ kind: 'malformed', code: 'malformed_response', retryable: true });
    });

    const wrongStatuses: Array<[string, unknown]> = [
      ['an unknown status', { ...pending, status: 'paid' }],
      ['a missing session id', { ...pending, sessionId: undefined }],
      ['a bad expiry date', { ...pending, expiresAt: 'tomorrow' }],
      ['a number amount in the transaction', { ...pending, status: 'succeeded', transaction: { referenceNo: 'R', amount: 149.9, currency: 'TRY', instalment: 1 } }],
      ['a reason without a code', { ...pending, status: 'failed', reason: { message: 'x' } }],
      ['an array', [pending]],
      ['null', null],
    ];
    for (const [label, answer] of wrongStatuses) {
      it(`rejects a status answer with ${label}`, async () => {
        worker.use(http.get(`${origin}/s`, () => HttpResponse.json(answer as never)));
        const error = await failure(createMerchantApi().getStatus('/s'));
        expect(error.code).to.equal('malformed_response');
      });
    }

    const wrongSessions: Array<[string, unknown]> = [
      ['no deeplink for a PayPOS handoff', { ...session, deeplinkUrl: null }],
      ['an amount with a comma', { ...session, amount: '149,90' }],
      ['an unknown handoff', { ...session, handoff: 'nfc' }],
      ['no status URL', { ...session, statusUrl: '' }],
      ['a string instalment', { ...session, instalment: '1' }],
    ];
    for (const [label, answer] of wrongSessions) {
      it(`rejects a created session with ${label}`, async () => {
        worker.use(http.post(`${origin}${SESSION_URL}`, () => HttpResponse.json(answer as never, { status: 201 })));
        const error = await failure(createMerchantApi().createSession(SESSION_URL, body, 'k'));
        expect(error.code).to.equal('malformed_response');
      });
    }

    it('rejects a devices answer of the wrong shape', async () => {
      worker.use(http.get(`${origin}/d`, () => HttpResponse.json({ devices: [{ id: 'P1' }] })));
      expect((await failure(createMerchantApi().listDevices('/d'))).code).to.equal('malformed_response');
    });
  });
});

describe('transport helpers', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfterMs('120', now)).to.equal(120_000);
    expect(parseRetryAfterMs('Tue, 24 Nov 2026 10:00:05 GMT', now)).to.equal(5_000);
    expect(parseRetryAfterMs('Tue, 24 Nov 2026 09:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfterMs('soon', now)).to.equal(undefined);
    expect(parseRetryAfterMs(null, now)).to.equal(undefined);
  });

  it('builds the cancel URL after the path, keeping a query string', () => {
    expect(cancelUrlFor('https://shop.example/api/s/ses_1?tenant=2')).to.equal('https://shop.example/api/s/ses_1/cancel?tenant=2');
    expect(cancelUrlFor('https://shop.example/api/s/ses_1/')).to.equal('https://shop.example/api/s/ses_1/cancel');
  });
});

/**
 * The server rows of docs/bad-input.md as data: bad-input.test.ts sends each one over real
 * HTTP and checks the answer, and checks that the doc's table lists exactly these ids with
 * the same route and answer, so the published table and the behaviour cannot drift apart.
 */

export const BASE = '/api/paynet';
export const SHOP_ORIGIN = 'https://shop.example';
export const SALE = { amount: '149.90', instalment: 1, currency: 'TRY' } as const;
/** Luhn-valid, approved by the simulator. */
export const GOOD_CARD = { holder: 'Ayse Yilmaz', number: '4355084355084358', month: 12, year: new Date().getUTCFullYear() + 2, cvc: '123' } as const;
export const CARD_PAYMENT = { ...SALE, card: GOOD_CARD } as const;

/** State the cases point at, built by the test before it walks the table. */
export interface BadInputFixtures {
  /** A PayPOS sale of this shop, still pending at Paynet. */
  pendingId: string;
  pendingReferenceNo: string;
  pendingPaymentSessionId: string;
  /** A pending sale created through another shop's backend (own store) on the same Paynet. */
  foreignId: string;
  /** A paid sale of that other shop. */
  foreignPaidSaleId: string;
  /** A sale of this shop the card declined. */
  failedSaleId: string;
  /** Used once for SALE on POST /sessions. */
  usedIdempotencyKey: string;
  maxBodyBytes: number;
}

export interface RequestSpec {
  method: string;
  /** From the server root; with `wire`, the request-target exactly as written. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /**
   * Written by hand over node:net, for what fetch cannot send (TRACE, CONNECT, a bad or
   * missing Host, a target that is not a path): the Host line (null: none; default: the
   * server's own) and the HTTP version. The body must then be a string.
   */
  wire?: { host?: string | null; version?: '1.0' | '1.1' };
}

export interface BadInputCase {
  /** Also the first column of the doc's table. */
  id: string;
  /** The route as the doc writes it, relative to basePath: "POST /sessions". */
  route: string;
  status: number;
  /** `error.code` of the answer; null for the webhook's deliberate 200. */
  code: string | null;
  /** For a 200: the pending fixture session must still be pending afterwards. */
  leavesPendingUnpaid?: boolean;
  request(f: BadInputFixtures): RequestSpec;
}

/**
 * Rows of the doc's server table the walker does not send, and why: they are not one
 * request, or are proven elsewhere. The doc check accepts these ids besides the cases.
 */
export interface UnwalkedRow {
  id: string;
  route: string;
  status: number;
  code: string | null;
  why: string;
}

export const UNWALKED_ROWS: readonly UnwalkedRow[] = [
  {
    id: 'webhook-flood',
    route: 'POST /webhook',
    status: 200,
    code: null,
    why: 'a flood, not one request; the bound on Paynet calls per session is being built and gets its own test with it',
  },
];

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}): RequestSpec => ({
  method,
  path: `${BASE}${path}`,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const raw = (method: string, path: string, body: string | Uint8Array<ArrayBuffer>, contentType?: string): RequestSpec => ({
  method,
  path: `${BASE}${path}`,
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body,
});
const bare = (method: string, path: string): RequestSpec => ({ method, path: `${BASE}${path}` });
/** A request written by hand: `target` as is (a path under basePath when it starts with "/"). */
const wire = (method: string, target: string, options: { host?: string | null; version?: '1.0' | '1.1'; headers?: Record<string, string>; body?: string } = {}): RequestSpec => ({
  method,
  path: target.startsWith('/') ? `${BASE}${target}` : target,
  wire: { ...(options.host === undefined ? {} : { host: options.host }), ...(options.version ? { version: options.version } : {}) },
  ...(options.headers ? { headers: options.headers } : {}),
  ...(options.body === undefined ? {} : { body: options.body }),
});
/** A valid sale written by hand; `host` undefined: the server's own Host line (then `headers` may add a second). */
const saleOnWire = (host: string | null | undefined, headers: Record<string, string> = {}, version?: '1.0'): RequestSpec =>
  wire('POST', '/sessions', { ...(host === undefined ? {} : { host }), headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(SALE), ...(version ? { version } : {}) });

/** A well-formed session id that nobody issued (the id alphabet is base64url, 22 characters). */
export const UNISSUED_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The same id with its last character changed, still well-formed. */
export function siblingOf(id: string): string {
  const last = id.at(-1)!;
  return id.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

type Case = BadInputCase;
const session = (id: string, status: number, code: string, body: unknown): Case => ({ id, route: 'POST /sessions', status, code, request: () => json('POST', '/sessions', body) });
const amount = (id: string, value: unknown, code = 'invalid_amount'): Case => session(id, 400, code, { ...SALE, amount: value });
const instalment = (id: string, value: unknown): Case => session(id, 400, 'invalid_instalment', { ...SALE, instalment: value });
const card = (id: string, code: string, overrides: Record<string, unknown>): Case => ({
  id,
  route: 'POST /payments',
  status: 400,
  code,
  request: () => json('POST', '/payments', { ...SALE, card: { ...GOOD_CARD, ...overrides } }),
});

const { amount: _omitted, ...SALE_WITHOUT_AMOUNT } = SALE;
const { instalment: _omitted2, ...SALE_WITHOUT_INSTALMENT } = SALE;

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // ---- amounts ----
  amount('amount-abc', 'abc'),
  amount('amount-negative', '-5'),
  amount('amount-negative-decimal', '-5.00'),
  amount('amount-zero', '0'),
  amount('amount-zero-decimals', '0.00'),
  amount('amount-exponent', '1e21'),
  amount('amount-exponent-number', 1e21),
  amount('amount-three-decimals', '12.345'),
  amount('amount-nan', 'NaN'),
  amount('amount-infinity', 'Infinity'),
  { id: 'amount-nan-literal', route: 'POST /sessions', status: 400, code: 'invalid_json', request: () => raw('POST', '/sessions', '{"amount":NaN,"instalment":1,"currency":"TRY"}', 'application/json') },
  amount('amount-20-digits', '12345678901234567890'),
  amount('amount-20-digits-decimals', '12345678901234567890.00'),
  amount('amount-over-limit', '9999999.99', 'amount_too_large'),
  amount('amount-arabic-indic-digits', '١٢٣.٠٠'),
  amount('amount-fullwidth-digits', '１２３.００'),
  amount('amount-comma', '149,90'),
  amount('amount-one-decimal', '149.9'),
  amount('amount-leading-zero', '0149.90'),
  amount('amount-spaces', ' 149.90 '),
  amount('amount-currency-sign', '₺149.90'),
  amount('amount-number', 149.9),
  amount('amount-null', null),
  amount('amount-object', { value: '149.90' }),
  session('amount-missing', 400, 'invalid_amount', SALE_WITHOUT_AMOUNT),

  // ---- instalments ----
  instalment('instalment-0', 0),
  instalment('instalment-13', 13),
  instalment('instalment-x', 'x'),
  instalment('instalment-1.5', 1.5),
  instalment('instalment-string', '3'),
  instalment('instalment-negative', -1),
  session('instalment-missing', 400, 'invalid_instalment', SALE_WITHOUT_INSTALMENT),

  // ---- other fields of a session ----
  session('currency-eur', 400, 'invalid_currency', { ...SALE, currency: 'EUR' }),
  session('currency-missing', 400, 'invalid_currency', { amount: SALE.amount, instalment: SALE.instalment }),
  session('handoff-unknown', 400, 'invalid_handoff', { ...SALE, handoff: 'carrier-pigeon' }),
  session('device-id-missing', 400, 'invalid_device', { ...SALE, handoff: 'device' }),
  session('device-foreign', 400, 'unknown_device', { ...SALE, handoff: 'device', deviceId: 'P99999' }),
  session('device-id-on-paypos', 400, 'invalid_device', { ...SALE, deviceId: 'P00134' }),
  session('reference-markup', 400, 'invalid_reference', { ...SALE, reference: '<script>' }),
  session('reference-too-long', 400, 'invalid_reference', { ...SALE, reference: 'r'.repeat(65) }),
  session('description-markup', 400, 'invalid_description', { ...SALE, description: '<img src=x onerror=alert(1)>' }),
  session('description-control-chars', 400, 'invalid_description', { ...SALE, description: 'line\u0000break' }),
  session('description-too-long', 400, 'invalid_description', { ...SALE, description: 'd'.repeat(201) }),

  // ---- bodies and headers ----
  { id: 'body-not-json', route: 'POST /sessions', status: 400, code: 'invalid_json', request: () => raw('POST', '/sessions', '{"amount":', 'application/json') },
  { id: 'body-empty', route: 'POST /sessions', status: 400, code: 'invalid_json', request: () => raw('POST', '/sessions', '', 'application/json') },
  session('body-array', 400, 'invalid_json', [SALE]),
  session('body-null', 400, 'invalid_json', null),
  session('body-string', 400, 'invalid_json', '149.90'),
  session('body-number', 400, 'invalid_json', 149.9),
  { id: 'body-invalid-utf8', route: 'POST /sessions', status: 400, code: 'invalid_json', request: () => raw('POST', '/sessions', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'application/json') },
  {
    id: 'body-deeply-nested',
    route: 'POST /sessions',
    status: 400,
    code: 'invalid_json',
    request: () => raw('POST', '/sessions', `{"amount":"1.00","instalment":1,"currency":"TRY","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`, 'application/json'),
  },
  {
    id: 'body-too-large',
    route: 'POST /sessions',
    status: 413,
    code: 'payload_too_large',
    request: (f) => json('POST', '/sessions', { ...SALE, description: 'x'.repeat(f.maxBodyBytes) }),
  },
  { id: 'content-type-form', route: 'POST /sessions', status: 415, code: 'unsupported_media_type', request: () => raw('POST', '/sessions', 'amount=149.90&instalment=1', 'application/x-www-form-urlencoded') },
  { id: 'content-type-text', route: 'POST /sessions', status: 415, code: 'unsupported_media_type', request: () => raw('POST', '/sessions', JSON.stringify(SALE), 'text/plain') },
  { id: 'content-type-missing', route: 'POST /sessions', status: 415, code: 'unsupported_media_type', request: () => raw('POST', '/sessions', JSON.stringify(SALE)) },
  { id: 'idempotency-key-too-long', route: 'POST /sessions', status: 400, code: 'invalid_idempotency_key', request: () => json('POST', '/sessions', SALE, { 'idempotency-key': 'k'.repeat(256) }) },
  {
    id: 'idempotency-key-other-body',
    route: 'POST /sessions',
    status: 409,
    code: 'idempotency_conflict',
    request: (f) => json('POST', '/sessions', { ...SALE, amount: '150.00' }, { 'idempotency-key': f.usedIdempotencyKey }),
  },
  { id: 'origin-foreign', route: 'POST /sessions', status: 403, code: 'origin_not_allowed', request: () => json('POST', '/sessions', SALE, { origin: 'https://evil.example' }) },

  // ---- hosts and request lines (written by hand: fetch cannot send these) ----
  { id: 'host-malformed', route: 'POST /sessions', status: 400, code: 'bad_host', request: () => saleOnWire('[bad') },
  { id: 'host-with-path', route: 'POST /sessions', status: 400, code: 'bad_host', request: () => saleOnWire('shop.example/api@evil.example') },
  { id: 'host-missing', route: 'POST /sessions', status: 400, code: 'bad_host', request: () => saleOnWire(null) },
  { id: 'host-missing-http10', route: 'POST /sessions', status: 400, code: 'bad_host', request: () => saleOnWire(null, {}, '1.0') },
  { id: 'host-repeated', route: 'POST /sessions', status: 400, code: 'bad_host', request: () => saleOnWire(undefined, { host: 'evil.example' }) },
  {
    id: 'host-rebinding',
    route: 'POST /sessions',
    status: 421,
    code: 'host_not_allowed',
    request: () => saleOnWire('evil.example', { origin: 'http://evil.example' }),
  },
  { id: 'target-asterisk', route: 'GET *', status: 400, code: 'bad_request_target', request: () => wire('GET', '*') },
  { id: 'target-not-http', route: 'GET file:///etc/passwd', status: 400, code: 'bad_request_target', request: () => wire('GET', 'file:///etc/passwd') },
  { id: 'target-broken-url', route: 'GET http://[::1', status: 400, code: 'bad_request_target', request: () => wire('GET', 'http://[::1') },

  // ---- session ids ----
  { id: 'status-unissued-id', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: () => bare('GET', `/sessions/${UNISSUED_ID}`) },
  { id: 'status-sibling-id', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: (f) => bare('GET', `/sessions/${siblingOf(f.pendingId)}`) },
  { id: 'status-foreign-id', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: (f) => bare('GET', `/sessions/${f.foreignId}`) },
  { id: 'status-malformed-id', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: () => bare('GET', '/sessions/abc') },
  { id: 'status-paynet-id', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: (f) => bare('GET', `/sessions/${encodeURIComponent(f.pendingPaymentSessionId)}`) },
  { id: 'status-traversal', route: 'GET /sessions/:id', status: 404, code: 'session_not_found', request: () => bare('GET', '/sessions/..%2F..%2Fetc%2Fpasswd') },
  { id: 'status-bad-percent', route: 'GET /sessions/:id', status: 404, code: 'not_found', request: () => bare('GET', '/sessions/%E0%A4%A') },
  { id: 'cancel-unissued-id', route: 'POST /sessions/:id/cancel', status: 404, code: 'session_not_found', request: () => json('POST', `/sessions/${UNISSUED_ID}/cancel`, {}) },
  { id: 'cancel-sibling-id', route: 'POST /sessions/:id/cancel', status: 404, code: 'session_not_found', request: (f) => json('POST', `/sessions/${siblingOf(f.pendingId)}/cancel`, {}) },
  { id: 'cancel-foreign-id', route: 'POST /sessions/:id/cancel', status: 404, code: 'session_not_found', request: (f) => json('POST', `/sessions/${f.foreignId}/cancel`, {}) },
  { id: 'cancel-malformed-id', route: 'POST /sessions/:id/cancel', status: 404, code: 'session_not_found', request: () => json('POST', '/sessions/x/cancel', {}) },
  { id: 'cancel-bad-percent', route: 'POST /sessions/:id/cancel', status: 404, code: 'not_found', request: () => json('POST', '/sessions/%ZZ/cancel', {}) },
  { id: 'cancel-foreign-origin', route: 'POST /sessions/:id/cancel', status: 403, code: 'origin_not_allowed', request: (f) => json('POST', `/sessions/${f.pendingId}/cancel`, {}, { origin: 'https://evil.example' }) },

  // ---- reversals ----
  { id: 'reversal-id-missing', route: 'POST /reversals', status: 400, code: 'invalid_sale_session', request: () => json('POST', '/reversals', {}) },
  { id: 'reversal-id-malformed', route: 'POST /reversals', status: 400, code: 'invalid_sale_session', request: () => json('POST', '/reversals', { saleSessionId: 'abc' }) },
  { id: 'reversal-id-number', route: 'POST /reversals', status: 400, code: 'invalid_sale_session', request: () => json('POST', '/reversals', { saleSessionId: 12 }) },
  { id: 'reversal-xact-id-instead', route: 'POST /reversals', status: 400, code: 'invalid_sale_session', request: () => json('POST', '/reversals', { xact_id: 'X123' }) },
  { id: 'reversal-unissued-sale', route: 'POST /reversals', status: 422, code: 'not_reversible', request: () => json('POST', '/reversals', { saleSessionId: UNISSUED_ID }) },
  { id: 'reversal-foreign-sale', route: 'POST /reversals', status: 422, code: 'not_reversible', request: (f) => json('POST', '/reversals', { saleSessionId: f.foreignPaidSaleId }) },
  { id: 'reversal-pending-sale', route: 'POST /reversals', status: 422, code: 'not_reversible', request: (f) => json('POST', '/reversals', { saleSessionId: f.pendingId }) },
  { id: 'reversal-failed-sale', route: 'POST /reversals', status: 422, code: 'not_reversible', request: (f) => json('POST', '/reversals', { saleSessionId: f.failedSaleId }) },

  // ---- card payments ----
  { id: 'card-missing', route: 'POST /payments', status: 400, code: 'invalid_card', request: () => json('POST', '/payments', SALE) },
  { id: 'card-amount-abc', route: 'POST /payments', status: 400, code: 'invalid_amount', request: () => json('POST', '/payments', { ...CARD_PAYMENT, amount: 'abc' }) },
  card('card-number-luhn', 'invalid_card_number', { number: '4355084355084359' }),
  card('card-number-spaces', 'invalid_card_number', { number: '4355 0843 5508 4358' }),
  card('card-number-short', 'invalid_card_number', { number: '4355' }),
  card('card-holder-empty', 'invalid_card_holder', { holder: '' }),
  card('card-expired', 'card_expired', { year: new Date().getUTCFullYear() - 1 }),
  card('card-month-13', 'invalid_card_expiry', { month: 13 }),
  card('card-year-two-digits', 'invalid_card_expiry', { year: 30 }),
  card('card-cvc-letters', 'invalid_cvc', { cvc: 'abc' }),

  // ---- webhook ----
  { id: 'webhook-no-ids', route: 'POST /webhook', status: 400, code: 'invalid_webhook', request: () => json('POST', '/webhook', { is_succeed: true }) },
  { id: 'webhook-id-number', route: 'POST /webhook', status: 400, code: 'invalid_webhook', request: () => json('POST', '/webhook', { payment_session_id: 5 }) },
  { id: 'webhook-not-json', route: 'POST /webhook', status: 400, code: 'invalid_json', request: () => raw('POST', '/webhook', 'payment_session_id=x', 'application/x-www-form-urlencoded') },
  { id: 'webhook-too-large', route: 'POST /webhook', status: 413, code: 'payload_too_large', request: (f) => json('POST', '/webhook', { reference_no: 'r', pad: 'x'.repeat(f.maxBodyBytes) }) },
  {
    id: 'webhook-forged-unknown',
    route: 'POST /webhook',
    status: 200,
    code: null,
    leavesPendingUnpaid: true,
    request: () => json('POST', '/webhook', { object_name: 'softpos', reference_no: 'PCFORGED000000000000000000', xact_id: 'X1', is_succeed: true }),
  },
  {
    id: 'webhook-forged-pending',
    route: 'POST /webhook',
    status: 200,
    code: null,
    leavesPendingUnpaid: true,
    request: (f) => json('POST', '/webhook', { object_name: 'softpos', payment_session_id: f.pendingPaymentSessionId, xact_id: 'FORGED', is_succeed: true }),
  },
  {
    id: 'webhook-forged-pending-reference',
    route: 'POST /webhook',
    status: 200,
    code: null,
    leavesPendingUnpaid: true,
    request: (f) => json('POST', '/webhook', { reference_no: f.pendingReferenceNo, is_succeed: true }),
  },

  // ---- routes and methods ----
  { id: 'route-unknown', route: 'GET /nope', status: 404, code: 'not_found', request: () => bare('GET', '/nope') },
  { id: 'route-trailing-slash', route: 'GET /sessions/', status: 404, code: 'not_found', request: () => bare('GET', '/sessions/') },
  { id: 'route-transactions-off', route: 'GET /transactions', status: 404, code: 'not_found', request: () => bare('GET', '/transactions') },
  { id: 'method-get-sessions', route: 'GET /sessions', status: 405, code: 'method_not_allowed', request: () => bare('GET', '/sessions') },
  { id: 'method-put-sessions', route: 'PUT /sessions', status: 405, code: 'method_not_allowed', request: () => json('PUT', '/sessions', SALE) },
  { id: 'method-delete-session', route: 'DELETE /sessions/:id', status: 405, code: 'method_not_allowed', request: (f) => bare('DELETE', `/sessions/${f.pendingId}`) },
  { id: 'method-get-cancel', route: 'GET /sessions/:id/cancel', status: 405, code: 'method_not_allowed', request: (f) => bare('GET', `/sessions/${f.pendingId}/cancel`) },
  { id: 'method-get-webhook', route: 'GET /webhook', status: 405, code: 'method_not_allowed', request: () => bare('GET', '/webhook') },
  { id: 'method-post-devices', route: 'POST /devices', status: 405, code: 'method_not_allowed', request: () => json('POST', '/devices', {}) },
  { id: 'method-trace', route: 'TRACE /sessions', status: 405, code: 'method_not_allowed', request: () => wire('TRACE', '/sessions') },
  { id: 'method-connect', route: 'CONNECT /sessions', status: 405, code: 'method_not_allowed', request: () => wire('CONNECT', '/sessions') },
  { id: 'method-connect-authority', route: 'CONNECT evil.example:443', status: 405, code: 'method_not_allowed', request: () => wire('CONNECT', 'evil.example:443', { host: 'evil.example:443' }) },
  { id: 'method-track', route: 'TRACK /sessions', status: 405, code: 'method_not_allowed', request: () => wire('TRACK', '/sessions') },
];

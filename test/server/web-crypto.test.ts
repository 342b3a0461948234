/**
 * The Web Crypto helpers (server/web-crypto.ts) against node:crypto, which the kit and the
 * simulator used before: ids keep their form, and the idempotency fingerprint keeps its bytes,
 * since fingerprints already stored in Redis and PostgreSQL must still match a retry.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fingerprintOf, newReferenceNo, newSessionId } from '../../server/handlers/context.js';
import { randomBase64url, randomHex, randomInt, randomUuid, sameSecret, sha256Base64url, toBase64url, toHex } from '../../server/web-crypto.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

describe('web crypto helpers', () => {
  it('fingerprints a session request exactly as the node:crypto version did', async () => {
    const body = { reference: 'Sipariş #42 — ödeme', instalment: 3, amount: '149.90', handoff: 'qr', currency: 'TRY', description: undefined };
    // Written by createHash('sha256').update(canonical JSON).digest('base64url') before the move to Web Crypto.
    assert.equal(await fingerprintOf(body), 'X1qb3AxSlDvk7jQ71c1Byww6WD9yOulMgUgo0HO__s8');
    assert.equal(await fingerprintOf(body), nodeSha256('{"amount":"149.90","currency":"TRY","handoff":"qr","instalment":3,"reference":"Sipariş #42 — ödeme"}'));
    assert.equal(await fingerprintOf({ b: [true, null, { d: 1, c: 'x' }], a: 1.5 }), nodeSha256('{"a":1.5,"b":[true,null,{"c":"x","d":1}]}'));
  });

  it('hashes any text as node:crypto does, lone surrogates and all', async () => {
    for (const text of ['', 'a', 'ğüşıöç İ', '\ud800 lone', '😀'.repeat(100), 'x'.repeat(70_000)]) {
      assert.equal(await sha256Base64url(text), nodeSha256(text), JSON.stringify(text.slice(0, 20)));
    }
  });

  it('writes base64url and hex as Buffer does', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = nodeRandomBytes(length);
      assert.equal(toBase64url(new Uint8Array(bytes)), bytes.toString('base64url'));
      assert.equal(toHex(new Uint8Array(bytes)), bytes.toString('hex'));
    }
  });

  it('keeps the form of the kit ids: 22-character session ids, PC + 24 hex reference numbers', () => {
    assert.match(newSessionId(), /^[A-Za-z0-9_-]{22}$/);
    assert.match(newReferenceNo(), /^PC[0-9A-F]{24}$/);
    assert.match(randomBase64url(32), /^[A-Za-z0-9_-]{43}$/);
    assert.match(randomHex(32), /^[0-9a-f]{64}$/);
    assert.notEqual(newSessionId(), newSessionId());
  });

  it('draws integers in [min, max) with every value reachable', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const value = randomInt(3, 13);
      assert.ok(Number.isInteger(value) && value >= 3 && value < 13, String(value));
      seen.add(value);
    }
    assert.equal(seen.size, 10);
    const big = randomInt(1_000_000, 10_000_000);
    assert.ok(big >= 1_000_000 && big < 10_000_000);
    assert.throws(() => randomInt(5, 5), RangeError);
    assert.throws(() => randomInt(0, 2 ** 33), RangeError);
  });

  it('makes version 4 UUIDs', () => {
    const uuid = randomUuid();
    assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(uuid, randomUuid());
  });

  it('tells equal secrets from different ones, whatever their lengths', async () => {
    assert.equal(await sameSecret('sck_sim_demo', 'sck_sim_demo'), true);
    assert.equal(await sameSecret('sck_sim_demX', 'sck_sim_demo'), false);
    assert.equal(await sameSecret('sck', 'sck_sim_demo'), false);
    assert.equal(await sameSecret('', 'sck_sim_demo'), false);
    assert.equal(await sameSecret('sck_sim_demo'.repeat(50), 'sck_sim_demo'), false);
  });
});

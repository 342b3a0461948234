/**
 * `npm start` keeps the shop's records across a restart: the demo's default store is PGlite in
 * a directory, so a paid sale made before the restart is still in the back office after it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { buildDemoPage } from '../../demo/server/build-page.js';
import { startDemoStack } from '../../demo/server/stack.js';
import type { TransactionsResponse } from '../../server/types.js';
import { SimControl, eventually } from '../server/helpers.js';

/** PGlite initialises a new directory in several seconds on a loaded machine. */
const OPEN_TIMEOUT_MS = 120_000;

let workDir: string;
let pageDir: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'paynet-demo-records-'));
  pageDir = await buildDemoPage(join(workDir, 'page'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('demo records', () => {
  it('still lists a sale paid before a restart', { timeout: 2 * OPEN_TIMEOUT_MS }, async () => {
    const dataDir = join(workDir, 'data');
    const first = await startDemoStack({ port: 0, pageDir, dataDir });
    let sale: SessionResponse;
    try {
      const created = await fetch(`${first.url}/api/paynet/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: first.url, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount: '149.90', instalment: 1, currency: 'TRY' }),
      });
      assert.equal(created.status, 201);
      sale = (await created.json()) as SessionResponse;
      const control = new SimControl(first.simulator!.url);
      await control.approve((await control.sessionByReference(sale.referenceNo)).payment_session_id);
      await eventually(
        async () => (((await (await fetch(`${first.url}${sale.statusUrl}`)).json()) as StatusResponse).status === 'succeeded' ? true : undefined),
        'the sale to be paid',
        20_000,
      );
    } finally {
      await first.close();
    }

    const second = await startDemoStack({ port: 0, pageDir, dataDir });
    try {
      const listed = (await (await fetch(`${second.url}/api/paynet/transactions`)).json()) as TransactionsResponse;
      const found = listed.transactions.find((t) => t.sessionId === sale.sessionId);
      assert.ok(found, 'the paid sale survived the restart');
      assert.equal(found.transaction.amount, '149.90');
      const status = (await (await fetch(`${second.url}${sale.statusUrl}`)).json()) as StatusResponse;
      assert.equal(status.status, 'succeeded');
    } finally {
      await second.close();
    }
  });
});

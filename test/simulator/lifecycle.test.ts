import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { startSimulator } from '../../simulator/index.js';
import { deviceHeaders, getJson, postJson } from './helpers.js';

describe('simulator: lifecycle', () => {
  it('answers a held device sale and stops listening on close', async () => {
    const sim = await startSimulator({ deviceAccessToken: 'dat_sim_test' });
    const held = postJson(sim, '/v1/device/sale', { deviceId: 'P00134', transactionReferenceId: 'CLOSE-1', amount: 1, paidAmount: 1, paymentType: 'CARD' }, deviceHeaders());
    for (let attempt = 0; attempt < 1_000 && sim.state.deviceTransactions.size === 0; attempt++) await new Promise((resolve) => setImmediate(resolve));
    await sim.close();
    const answer = await held;
    assert.equal(answer.body.status, 'failure');
    await assert.rejects(getJson(sim, '/_sim/devices'), TypeError);
  });

  it('refuses options that cannot work', async () => {
    await assert.rejects(startSimulator({ sessionKeyTtlMs: 0 }), RangeError);
    await assert.rejects(startSimulator({ webhookUrl: 'javascript:alert(1)' }), RangeError);
    await assert.rejects(startSimulator({ devices: [{ deviceId: 'A', label: 'x' }, { deviceId: 'A', label: 'y' }] }), RangeError);
  });

  it('runs from the CLI, prints its URL, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SIM_SECRET_KEY: 'sck_sim_test' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [firstChunk] = (await once(child.stdout, 'data')) as [Buffer];
    const url = firstChunk.toString('utf8').trim();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${url}/v1/agent/get_auth_key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic sck_sim_test', paynetmobile: '2' },
      body: JSON.stringify({ agent_id: 'sim-agent', user_id: 'sim-user' }),
    });
    assert.equal(((await answer.json()) as { code: number }).code, 0);
    child.kill('SIGTERM');
    const [exitCode] = (await once(child, 'exit')) as [number | null];
    assert.equal(exitCode, 0);
    assert.equal(stderr, '', 'logs nothing by default');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAYNET_SANDBOX_URL, PaynetConfigError, paynetConfigFromEnv } from '../../server/config.js';

describe('paynetConfigFromEnv', () => {
  it('reads every PAYNET_ variable', () => {
    const config = paynetConfigFromEnv({
      PAYNET_SECRET_KEY: 'sck_sim_test',
      PAYNET_AGENT_ID: 'agent',
      PAYNET_USER_ID: 'user',
      PAYNET_BASE_URL: PAYNET_SANDBOX_URL,
      PAYNET_DEVICE_BASE_URL: 'http://127.0.0.1:4010',
      PAYNET_DEVICE_ACCESS_TOKEN: 'dat_sim_test',
      PAYNET_DOMAIN: 'shop.example',
      PAYNET_TIMEOUT_MS: '5000',
    });
    assert.deepEqual(config, {
      secretKey: 'sck_sim_test',
      agentId: 'agent',
      userId: 'user',
      baseUrl: PAYNET_SANDBOX_URL,
      deviceBaseUrl: 'http://127.0.0.1:4010',
      deviceAccessToken: 'dat_sim_test',
      domain: 'shop.example',
      timeoutMs: 5000,
    });
  });

  it('names every missing or bad variable, and never echoes a value', () => {
    assert.throws(
      () => paynetConfigFromEnv({ PAYNET_SECRET_KEY: 'sck_sim_test', PAYNET_BASE_URL: 'ftp://nope', PAYNET_TIMEOUT_MS: '-1' }),
      (error: unknown) => {
        assert.ok(error instanceof PaynetConfigError);
        for (const name of ['PAYNET_AGENT_ID', 'PAYNET_USER_ID', 'PAYNET_BASE_URL', 'PAYNET_TIMEOUT_MS']) assert.match(error.message, new RegExp(name));
        assert.ok(!error.message.includes('sck_sim_test'));
        return true;
      },
    );
  });
});

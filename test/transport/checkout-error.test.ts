import { expect } from '@open-wc/testing';
import { toCheckoutError } from '../../src/transport/checkout-error.js';
import { TransportError } from '../../src/transport/errors.js';
import { describe, it } from '../flow/mocha.js';

const describeError = (code: string): string => `our words for ${code}`;

describe('a failed call as the flow shows it', () => {
  it('shows the backend its own message and our words for our own codes, keeping retryable', () => {
    const fromServer = new TransportError({ kind: 'http', code: 'amount_invalid', status: 422, message: 'Amount too high', fromServer: true });
    const lost = new TransportError({ kind: 'network', code: 'network', message: 'Failed to fetch' });
    expect(toCheckoutError(fromServer, describeError)).to.deep.equal({ code: 'amount_invalid', message: 'Amount too high', retryable: false });
    expect(toCheckoutError(lost, describeError)).to.deep.equal({ code: 'network', message: 'our words for network', retryable: true });
  });

  it('shows anything not from the transport as unknown, not offered for retry', () => {
    expect(toCheckoutError(new TypeError('x is undefined'), describeError)).to.deep.equal({ code: 'unknown', message: 'our words for unknown', retryable: false });
  });
});

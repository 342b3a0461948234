/** A cancel or refund of a paid sale: confirmed on the PayPOS phone, so only the sale to reverse and the handoff. */
import type { Platform } from '../../handoff/platform.js';
import { resolveHandoff } from '../../handoff/platform.js';
import type { RequestSettings } from '../checkout-form.js';
import { MISCONFIGURED, type RequestOutcome } from '../request-outcome.js';

export function buildReversalRequest(settings: RequestSettings, platform: Platform): RequestOutcome {
  const { reversalUrl, saleSession } = settings;
  if (reversalUrl === undefined || reversalUrl === '' || saleSession === undefined || saleSession === '') return MISCONFIGURED;
  // A reversal is confirmed on the PayPOS phone, never on a terminal.
  const preference = settings.handoff === 'device' ? 'auto' : settings.handoff;
  const handoff = resolveHandoff(preference, platform) === 'deeplink' ? 'deeplink' : 'qr';
  return {
    outcome: 'ready',
    request: {
      kind: 'reversal',
      saleSessionId: saleSession,
      handoff,
      ...(settings.reference === undefined ? {} : { reference: settings.reference }),
    },
  };
}

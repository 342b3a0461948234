import { useState } from 'react';
import type { PaynetCheckoutEventMap } from 'paynet-checkout';

type Listener<Name extends keyof PaynetCheckoutEventMap> = (event: PaynetCheckoutEventMap[Name]) => void;

export interface Outcome {
  sessionId: string;
  result: string;
  onSession: Listener<'paynet-session'>;
  onSuccess: Listener<'paynet-success'>;
  onFailure: Listener<'paynet-failure'>;
  onExpired: Listener<'paynet-expired'>;
  onCancel: Listener<'paynet-cancel'>;
  onReview: Listener<'paynet-review'>;
  onError: Listener<'paynet-error'>;
}

/** What the element reported, kept in React state: the page's own record of the payment. */
export function useOutcome(): Outcome {
  const [sessionId, setSessionId] = useState('');
  const [result, setResult] = useState('');
  return {
    sessionId,
    result,
    onSession: (event) => setSessionId(event.detail.sessionId),
    onSuccess: (event) => setResult(`paid ${event.detail.transaction.authorizationCode}`),
    onFailure: (event) => setResult(`declined: ${event.detail.reason.message}`),
    onExpired: () => setResult('expired'),
    onCancel: () => setResult('cancelled'),
    // Not a failure: money may have been taken. The shop checks it; do not offer to pay again.
    onReview: (event) => setResult(`needs review: ${event.detail.reason.message}`),
    onError: (event) => setResult(`error ${event.detail.code}: ${event.detail.message}`),
  };
}

export function OutcomeView({ outcome }: { outcome: Outcome }) {
  return (
    <dl>
      <dt>Session</dt>
      <dd>
        <output data-testid="session">{outcome.sessionId}</output>
      </dd>
      <dt>Result</dt>
      <dd>
        <output data-testid="result">{outcome.result}</output>
      </dd>
    </dl>
  );
}

'use client';
import { PaynetCheckout } from 'paynet-checkout/react';
import { Outcome, useOutcome } from './outcome';

/** The package's React wrapper (`paynet-checkout/react`): camelCase props and event props. */
export function CheckoutWithWrapper() {
  const { sessionId, result, onSession, onSuccess } = useOutcome();
  return (
    <>
      <PaynetCheckout
        amount="149.90"
        sessionUrl="/api/paynet/sessions"
        instalments={[1, 2, 3]}
        lang="en"
        onPaynetSession={onSession}
        onPaynetSuccess={onSuccess}
      />
      <Outcome sessionId={sessionId} result={result} />
    </>
  );
}

'use client';
import 'paynet-checkout';
import type {} from 'paynet-checkout/jsx';
import { Outcome, useOutcome } from './outcome';

/**
 * The raw tag with React 19's own custom-element event props: `onpaynet-session` listens to
 * the event named exactly `paynet-session`. Served at /props to test whether these listeners
 * are attached by hydration (see the README).
 */
export function CheckoutWithProps() {
  const { sessionId, result, onSession, onSuccess } = useOutcome();
  return (
    <>
      <paynet-checkout
        amount="149.90"
        session-url="/api/paynet/sessions"
        instalments="1,2,3"
        lang="en"
        onpaynet-session={onSession}
        onpaynet-success={onSuccess}
      />
      <Outcome sessionId={sessionId} result={result} />
    </>
  );
}

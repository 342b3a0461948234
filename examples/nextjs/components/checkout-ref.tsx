'use client';
// Defines <paynet-checkout> in the browser; the types of the raw tag in JSX come from the package.
import 'paynet-checkout';
import type {} from 'paynet-checkout/jsx';
import type { PaynetCheckout } from 'paynet-checkout';
import { useEffect, useRef } from 'react';
import { Outcome, useOutcome } from './outcome';

/**
 * The raw tag, its events bound through a ref and addEventListener: works whatever React
 * version, before and after hydration, with no re-render needed.
 */
export function CheckoutWithRef() {
  const ref = useRef<PaynetCheckout>(null);
  const { sessionId, result, onSession, onSuccess } = useOutcome();

  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    element.addEventListener('paynet-session', onSession);
    element.addEventListener('paynet-success', onSuccess);
    return () => {
      element.removeEventListener('paynet-session', onSession);
      element.removeEventListener('paynet-success', onSuccess);
    };
  }, [onSession, onSuccess]);

  return (
    <>
      <paynet-checkout ref={ref} amount="149.90" session-url="/api/paynet/sessions" instalments="1,2,3" lang="en" />
      <Outcome sessionId={sessionId} result={result} />
    </>
  );
}

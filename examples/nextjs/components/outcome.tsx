'use client';
import { useCallback, useState } from 'react';
import type { PaynetSessionEvent, PaynetSuccessEvent } from 'paynet-checkout';

/** What the page learned from the element's events, and the (stable) handlers that learn it. */
export function useOutcome() {
  const [sessionId, setSessionId] = useState('');
  const [result, setResult] = useState('');
  const onSession = useCallback((event: PaynetSessionEvent) => setSessionId(event.detail.sessionId), []);
  const onSuccess = useCallback(
    (event: PaynetSuccessEvent) => setResult(`paid ${event.detail.transaction.authorizationCode ?? ''}`),
    [],
  );
  return { sessionId, result, onSession, onSuccess };
}

export function Outcome({ sessionId, result }: { sessionId: string; result: string }) {
  return (
    <>
      <p>
        Session: <output data-testid="session">{sessionId}</output>
      </p>
      <p>
        Result: <output data-testid="result">{result}</output>
      </p>
    </>
  );
}

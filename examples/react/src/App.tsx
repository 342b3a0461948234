import 'paynet-checkout';
import type {} from 'paynet-checkout/jsx';
import { PaynetCheckout } from 'paynet-checkout/react';
import { OutcomeView, useOutcome } from './outcome.tsx';

const SESSION_URL = '/api/paynet/sessions';
/** What the shopper is shown; the shop's server charges its own record of the basket. */
const BASKET_AMOUNT = '149.90';

/** The tag as markup writes it: React 19 sets attributes and properties and attaches `onpaynet-*` listeners itself. */
function CheckoutTag() {
  const outcome = useOutcome();
  return (
    <>
      <paynet-checkout
        session-url={SESSION_URL}
        amount={BASKET_AMOUNT}
        lang="en"
        instalments="1,2,3"
        onpaynet-session={outcome.onSession}
        onpaynet-success={outcome.onSuccess}
        onpaynet-failure={outcome.onFailure}
        onpaynet-expired={outcome.onExpired}
        onpaynet-cancel={outcome.onCancel}
        onpaynet-review={outcome.onReview}
        onpaynet-error={outcome.onError}
      />
      <OutcomeView outcome={outcome} />
    </>
  );
}

/** The same through `paynet-checkout/react` (also React 18): camelCase props and `onPaynet*` events. */
function CheckoutWrapper() {
  const outcome = useOutcome();
  return (
    <>
      <PaynetCheckout
        sessionUrl={SESSION_URL}
        amount={BASKET_AMOUNT}
        lang="en"
        instalments="1,2,3"
        onPaynetSession={outcome.onSession}
        onPaynetSuccess={outcome.onSuccess}
        onPaynetFailure={outcome.onFailure}
        onPaynetExpired={outcome.onExpired}
        onPaynetCancel={outcome.onCancel}
        onPaynetReview={outcome.onReview}
        onPaynetError={outcome.onError}
      />
      <OutcomeView outcome={outcome} />
    </>
  );
}

export function App() {
  const wrapper = window.location.pathname === '/wrapper';
  return (
    <main>
      <h1>Coffee shop</h1>
      <nav>
        <a href="/">the tag</a> · <a href="/wrapper">paynet-checkout/react</a>
      </nav>
      <p>Filter coffee ×2, croissant: {BASKET_AMOUNT} TRY</p>
      {wrapper ? <CheckoutWrapper /> : <CheckoutTag />}
    </main>
  );
}

import { CheckoutWithRef } from '../components/checkout-ref';
import { ShopPage } from '../components/shop-page';

export default function Home() {
  return (
    <ShopPage binding="events bound through a ref">
      <CheckoutWithRef />
    </ShopPage>
  );
}

import { CheckoutWithProps } from '../../components/checkout-props';
import { ShopPage } from '../../components/shop-page';

export default function PropsBinding() {
  return (
    <ShopPage binding="events bound through React 19's onpaynet-* props">
      <CheckoutWithProps />
    </ShopPage>
  );
}

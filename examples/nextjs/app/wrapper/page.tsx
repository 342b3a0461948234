import { CheckoutWithWrapper } from '../../components/checkout-wrapper';
import { ShopPage } from '../../components/shop-page';

export default function WrapperBinding() {
  return (
    <ShopPage binding="the paynet-checkout/react wrapper">
      <CheckoutWithWrapper />
    </ShopPage>
  );
}

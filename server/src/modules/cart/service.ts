/**
 * The cart module's public functions: what the routes, the checkout and other modules call. They
 * take the Db (or, for `markCartCompleted`, the caller's store-scoped transaction) and a typed
 * options object, and throw AppError with stable codes.
 */
import './events.ts';

export {
  AddLineInput,
  addCartLine,
  addCartLines,
  AddLinesInput,
  applyCartCoupon,
  ApplyCouponInput,
  CartDetailsFields,
  CartDetailsInput,
  CartListQuery,
  createCart,
  CreateCartInput,
  getCart,
  getCartAndRow,
  getCartForAdmin,
  getCustomerCart,
  listCarts,
  removeCartCoupon,
  removeCartLine,
  updateCartDetails,
  updateCartLine,
  UpdateLineInput,
} from './carts.ts';
export type { CartAccess } from './change.ts';
export {
  createDraftCart,
  deleteDraftCart,
  DraftLinePriceInput,
  getDraftCart,
  setDraftCustomer,
  setDraftLinePrice,
} from './drafts.ts';
export { mergeCartIntoCustomerCart } from './merge.ts';
export {
  cartShippingOptions,
  setCartShippingMethod,
  ShippingMethodChoice,
  ShippingOptionView,
} from './shipping-choice.ts';
export { expireStaleCarts } from './expiry.ts';
export { cartsOfShopper, eraseShopperFromCarts, type CartShopper } from './personal-data.ts';
export {
  cartCheckoutState,
  checkoutTotals,
  completeCartAhead,
  completeLockedCart,
  getCartForCheckout,
  lockCartForCheckout,
  lockCartForCheckoutText,
  markCartCompleted,
  type CartCheckoutState,
} from './checkout.ts';
export {
  cartTotals,
  type CartLineTotals,
  type CartTotals,
  type CartTotalsInput,
  type TotalsDiscount,
  type TotalsLine,
  type TotalsShipping,
  type TotalsTax,
} from './totals.ts';
export type { CartStatus } from './cart-states.ts';
export type { CartEventLine, CartEventSummary } from './events.ts';
export { CartNotice, CartSummaryView, CartView, type CartLineView } from './views.ts';
export { dailyCartsCreated } from './daily-carts.ts';

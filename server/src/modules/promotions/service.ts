/**
 * The promotions module's public functions: coupon codes (admin CRUD), their application to
 * carts (called by the cart module inside its transaction) and their redemption by orders
 * (called by the checkout inside the order's transaction). They throw AppError with stable codes.
 */
import './events.ts';

export {
  CouponCode,
  CouponInput,
  CouponListQuery,
  CouponPatch,
  createCoupon,
  deleteCoupon,
  getCoupon,
  listCouponRedemptions,
  listCoupons,
  RedemptionListQuery,
  updateCoupon,
  type Actor,
} from './coupons.ts';
export {
  applyCouponToCart,
  evaluateCartCoupons,
  moveCartCoupons,
  removeCouponFromCart,
  type CouponShopper,
  type RemovedCoupon,
} from './cart-coupons.ts';
export { redeemCoupons, releaseCouponRedemptions, type RedeemedCoupon } from './redemptions.ts';
export {
  basisPointsOf,
  evaluateCoupon,
  lineInScope,
  type CouponCart,
  type CouponCartLine,
  type CouponDiscount,
  type CouponFacts,
  type CouponVerdict,
} from './evaluate.ts';
export type { CouponKind, CouponScope } from './schema.ts';
export { CouponRedemptionView, CouponView } from './views.ts';

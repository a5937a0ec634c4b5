import type { AppErrorCode } from '../../platform/errors.ts';
import { allocate } from '../../platform/money.ts';
import type { AmountsByCurrency, CouponKind, CouponScope } from './schema.ts';

/**
 * Whether a coupon applies to a cart, and what it takes off: a pure function of the coupon, the
 * cart and the moment, so applying a code and re-checking it on every cart change give the same
 * answer for the same facts.
 */

/** What evaluation needs to know about a coupon (a row of `coupons`, plus this shopper's uses). */
export interface CouponFacts {
  id: string;
  code: string;
  kind: CouponKind;
  basisPoints: number | null;
  amounts: AmountsByCurrency;
  minimumSubtotal: AmountsByCurrency;
  scope: CouponScope;
  scopeIds: readonly string[];
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  timesRedeemed: number;
  active: boolean;
  /** Redemptions not released by the cart's customer, or its e-mail for a guest. */
  customerRedemptions: number;
}

/** One cart line as a coupon sees it: what it is (for the scope) and what it costs. */
export interface CouponCartLine {
  id: string;
  productId: string;
  /** The product's materialized category paths (`/root/child/`): a category covers its subtree. */
  categoryPaths: readonly string[];
  /** unit price × quantity, minor units. */
  amount: number;
}

export interface CouponCart {
  currency: string;
  lines: readonly CouponCartLine[];
}

/** What an applicable coupon takes off: `amount` split over the eligible lines (parts sum to it). */
export interface CouponDiscount {
  couponId: string;
  code: string;
  kind: CouponKind;
  amount: number;
  freeShipping: boolean;
  lines: { lineId: string; amount: number }[];
}

export type CouponVerdict =
  { ok: true; discount: CouponDiscount } | { ok: false; error: AppErrorCode; message: string };

const refuse = (error: AppErrorCode, message: string): CouponVerdict => ({ ok: false, error, message });

/** A price's share in basis points, rounded half up; BigInt so large subtotals stay exact. */
export function basisPointsOf(amount: number, basisPoints: number): number {
  return Number((BigInt(amount) * BigInt(basisPoints) + 5000n) / 10000n);
}

export function lineInScope(
  coupon: Pick<CouponFacts, 'scope' | 'scopeIds'>,
  line: Pick<CouponCartLine, 'productId' | 'categoryPaths'>,
): boolean {
  switch (coupon.scope) {
    case 'all':
      return true;
    case 'products':
      return coupon.scopeIds.includes(line.productId);
    case 'categories':
      // The same rule as pricing's category targets: a category's id is in every descendant's path.
      return line.categoryPaths.some((path) => coupon.scopeIds.some((id) => path.includes(`/${id}/`)));
  }
}

/** Whether `coupon` applies to `cart` at `at`, and if so the discount with its split over lines. */
export function evaluateCoupon(coupon: CouponFacts, cart: CouponCart, at: Date): CouponVerdict {
  const code = coupon.code;
  if (!coupon.active) return refuse('COUPON_NOT_FOUND', `Coupon ${code} is no longer active.`);
  if (coupon.startsAt && at < coupon.startsAt) {
    return refuse('COUPON_NOT_YET_VALID', `Coupon ${code} is valid from ${coupon.startsAt.toISOString()}.`);
  }
  if (coupon.endsAt && at >= coupon.endsAt) {
    return refuse('COUPON_EXPIRED', `Coupon ${code} expired on ${coupon.endsAt.toISOString()}.`);
  }
  if (coupon.usageLimit !== null && coupon.timesRedeemed >= coupon.usageLimit) {
    return refuse('COUPON_LIMIT_REACHED', `Coupon ${code} has been used as many times as it may be.`);
  }
  if (coupon.perCustomerLimit !== null && coupon.customerRedemptions >= coupon.perCustomerLimit) {
    return refuse('COUPON_LIMIT_REACHED', `You have already used coupon ${code} as many times as it allows.`);
  }
  const currency = cart.currency;
  const minimums = Object.keys(coupon.minimumSubtotal).length > 0;
  const minimum = coupon.minimumSubtotal[currency];
  if (
    (coupon.kind === 'fixed_amount' && coupon.amounts[currency] === undefined) ||
    (minimums && minimum === undefined)
  ) {
    return refuse('COUPON_NOT_APPLICABLE', `Coupon ${code} cannot be used for a cart in ${currency}.`);
  }
  const subtotal = cart.lines.reduce((sum, l) => sum + l.amount, 0);
  if (minimum !== undefined && subtotal < minimum) {
    return refuse(
      'COUPON_MINIMUM_NOT_MET',
      `Coupon ${code} needs a subtotal of at least ${minimum} (minor units of ${currency}); the cart has ${subtotal}.`,
    );
  }
  const eligible = cart.lines.filter((l) => lineInScope(coupon, l));
  if (eligible.length === 0) {
    return refuse(
      'COUPON_NOT_APPLICABLE',
      cart.lines.length === 0
        ? `Coupon ${code} needs something in the cart.`
        : `Coupon ${code} does not apply to anything in this cart.`,
    );
  }
  const eligibleTotal = eligible.reduce((sum, l) => sum + l.amount, 0);
  let amount = 0;
  if (coupon.kind === 'percentage') amount = basisPointsOf(eligibleTotal, coupon.basisPoints ?? 0);
  else if (coupon.kind === 'fixed_amount') amount = Math.min(coupon.amounts[currency]!, eligibleTotal);
  // Never more than the eligible lines cost, so every line's share is at most its own amount.
  const parts =
    amount > 0
      ? allocate(
          amount,
          eligible.map((l) => l.amount),
        )
      : [];
  return {
    ok: true,
    discount: {
      couponId: coupon.id,
      code,
      kind: coupon.kind,
      amount,
      freeShipping: coupon.kind === 'free_shipping',
      lines: parts.flatMap((part, i) => (part > 0 ? [{ lineId: eligible[i]!.id, amount: part }] : [])),
    },
  };
}

/** A cart takes one discount code (percentage or fixed) and one free-shipping code. */
export function couponSlot(kind: CouponKind): 'discount' | 'shipping' {
  return kind === 'free_shipping' ? 'shipping' : 'discount';
}

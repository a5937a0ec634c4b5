/**
 * A cart's totals as a pure function of its lines, the discounts applied to it, and — once the
 * shipping and tax modules are wired in by the checkout — a shipping amount and a tax result:
 *
 *   const rate = await quoteShippingRate(db, { storeId, currency, address, lines, subtotal, methodId });
 *   const tax = await calculateTax(db, { storeId, currency, address, shipping: rate.amount,
 *     lines: cartTotals({ currency, lines, discounts }).lines.map((l) => ({ id: l.id, amount: l.total, taxClass })) });
 *   const totals = cartTotals({ currency, lines, discounts, shipping: rate, tax });
 *
 * Everything is integer minor units of `currency`. Discounts arrive already split over lines
 * (promotions allocates them so the parts sum exactly); this function only adds up.
 */

export interface TotalsLine {
  id: string;
  unitPrice: number;
  quantity: number;
}

/** A coupon's discount on the cart: `amount` split over lines; `freeShipping` waives shipping. */
export interface TotalsDiscount {
  code: string;
  amount: number;
  freeShipping: boolean;
  lines: readonly { lineId: string; amount: number }[];
}

/** What `quoteShippingRate` returns (only the amount matters here). */
export interface TotalsShipping {
  amount: number;
}

/** What `calculateTax` returns. */
export interface TotalsTax {
  /** Prices already include tax (the tax is shown, not added). */
  inclusive: boolean;
  lines: readonly { id: string; tax: number; rate?: number }[];
  shippingTax: number;
  total: number;
  /** A tax-exempt buyer: no tax, and `exemption` (inclusive prices) taken off the prices. */
  exempt?: boolean;
  exemption?: {
    lines: readonly { id: string; amount: number }[];
    shipping: number;
    total: number;
  } | null;
}

export interface CartTotalsInput {
  currency: string;
  lines: readonly TotalsLine[];
  discounts?: readonly TotalsDiscount[];
  /** Null until a shipping method is chosen. */
  shipping?: TotalsShipping | null;
  /** Null until tax is calculated. */
  tax?: TotalsTax | null;
}

export interface CartLineTotals {
  id: string;
  /** unit price × quantity. */
  subtotal: number;
  /** This line's share of the discounts (never more than its subtotal). */
  discount: number;
  /** The tax inside this line's (inclusive) price that a tax-exempt buyer does not pay. */
  taxExemption: number;
  /** subtotal − discount − taxExemption. */
  total: number;
  tax: number;
}

export interface CartTotals {
  currency: string;
  subtotal: number;
  /** Line discounts (coupons), summed over lines. */
  discountTotal: number;
  /** What the shopper pays for shipping: 0 when a free-shipping coupon applies. */
  shippingTotal: number;
  /** Shipping waived by a free-shipping coupon. */
  shippingDiscount: number;
  taxTotal: number;
  taxInclusive: boolean;
  /** Taxed as a tax-exempt buyer. */
  taxExempt: boolean;
  /** The tax inside inclusive prices (lines and shipping) an exempt buyer does not pay; else 0. */
  taxExemption: number;
  /** subtotal − discountTotal − taxExemption + shippingTotal (+ taxTotal when prices exclude tax). */
  total: number;
  /** Units in the cart. */
  itemCount: number;
  freeShipping: boolean;
  lines: CartLineTotals[];
}

export function cartTotals(input: CartTotalsInput): CartTotals {
  const discounts = input.discounts ?? [];
  const discountOf = new Map<string, number>();
  for (const d of discounts) {
    for (const part of d.lines) discountOf.set(part.lineId, (discountOf.get(part.lineId) ?? 0) + part.amount);
  }
  const taxOf = new Map((input.tax?.lines ?? []).map((l) => [l.id, l.tax]));
  const exemptionOf = new Map((input.tax?.exemption?.lines ?? []).map((l) => [l.id, l.amount]));
  let subtotal = 0;
  let discountTotal = 0;
  let itemCount = 0;
  const lines = input.lines.map((l): CartLineTotals => {
    const lineSubtotal = l.unitPrice * l.quantity;
    const discount = Math.min(discountOf.get(l.id) ?? 0, lineSubtotal);
    subtotal += lineSubtotal;
    discountTotal += discount;
    itemCount += l.quantity;
    const taxExemption = exemptionOf.get(l.id) ?? 0;
    return {
      id: l.id,
      subtotal: lineSubtotal,
      discount,
      taxExemption,
      total: lineSubtotal - discount - taxExemption,
      tax: taxOf.get(l.id) ?? 0,
    };
  });
  const freeShipping = discounts.some((d) => d.freeShipping);
  const shippingAmount = input.shipping?.amount ?? 0;
  const shippingDiscount = freeShipping ? shippingAmount : 0;
  const shippingTotal = shippingAmount - shippingDiscount;
  const taxTotal = input.tax?.total ?? 0;
  const taxInclusive = input.tax?.inclusive ?? false;
  const taxExemption = input.tax?.exemption?.total ?? 0;
  return {
    currency: input.currency,
    subtotal,
    discountTotal,
    shippingTotal,
    shippingDiscount,
    taxTotal,
    taxInclusive,
    taxExempt: input.tax?.exempt ?? false,
    taxExemption,
    total: subtotal - discountTotal - taxExemption + shippingTotal + (taxInclusive ? 0 : taxTotal),
    itemCount,
    freeShipping,
    lines,
  };
}

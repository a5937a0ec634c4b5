import { createHmac } from 'node:crypto';
import type { Platform } from '../../platform/context.ts';
import { deriveKey } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { minorUnitExponent } from '../../platform/money.ts';
import { createCoupon } from '../promotions/service.ts';
import type { StepDiscount } from './campaign-model.ts';

/**
 * A campaign step's discount: a code for this cart alone (derived from the run and step under a
 * key from CARTON_SECRET, so a retried step finds the same code), single use, valid from the step
 * until `expires_in_hours` after it falls due. Minted through promotions like any coupon.
 */

export function campaignCouponCode(secret: string, runId: string, step: number): string {
  const mac = createHmac('sha256', deriveKey(secret, 'recovery/campaign-coupon'))
    .update(`${runId}:${step}`)
    .digest('hex')
    .slice(0, 12)
    .toUpperCase();
  return `BACK-${mac}`;
}

function amountText(value: number, currency: string): string {
  const exp = minorUnitExponent(currency);
  const digits = String(value).padStart(exp + 1, '0');
  return `${currency} ${exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits}`;
}

export function discountDescription(d: StepDiscount, currency: string): string {
  if (d.kind === 'percentage') return `${d.value}% off`;
  if (d.kind === 'fixed') return `${amountText(d.value, currency)} off`;
  return 'free shipping';
}

/** Create the code (once: a repeat finds it made). */
export async function mintCampaignCoupon(
  platform: Platform,
  o: {
    storeId: string;
    code: string;
    discount: StepDiscount;
    currency: string;
    expiresAt: Date;
    runId: string;
  },
): Promise<void> {
  const d = o.discount;
  try {
    await createCoupon(platform.db, {
      storeId: o.storeId,
      input: {
        code: o.code,
        description: `Recovery ${o.runId}: ${discountDescription(d, o.currency)}`,
        discount:
          d.kind === 'percentage'
            ? { kind: 'percentage', basis_points: d.value * 100 }
            : d.kind === 'fixed'
              ? { kind: 'fixed_amount', amounts: { [o.currency]: d.value } }
              : { kind: 'free_shipping' },
        ends_at: o.expiresAt.toISOString(),
        usage_limit: 1,
        per_customer_limit: 1,
      },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'ALREADY_EXISTS') return;
    throw err;
  }
}

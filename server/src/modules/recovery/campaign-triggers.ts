import { createHash } from 'node:crypto';
import type { CampaignStep, CampaignTrigger, StepDiscount, StepVariant } from './campaign-model.ts';

/**
 * Which campaign an abandoned cart enters, and which A/B variant of a step it gets. Pure: the
 * caller gathers the facts (`campaign-runs.ts`).
 */

export interface AbandonedCartFacts {
  source: string;
  currency: string;
  value: number;
  productIds: readonly string[];
  /** Materialized paths (`/cat_a/cat_b/`) of every category of the cart's products. */
  categoryPaths: readonly string[];
  /** The contact has bought from the store before. */
  returning: boolean;
}

/** Does the cart meet every condition the trigger sets? Value bounds hold only in the store's currency. */
export function triggerMatches(t: CampaignTrigger, cart: AbandonedCartFacts, storeCurrency: string): boolean {
  if (t.sources.length && !t.sources.includes(cart.source as (typeof t.sources)[number])) return false;
  if (t.min_value !== null || t.max_value !== null) {
    if (cart.currency.trim().toUpperCase() !== storeCurrency.trim().toUpperCase()) return false;
    if (t.min_value !== null && cart.value < t.min_value) return false;
    if (t.max_value !== null && cart.value > t.max_value) return false;
  }
  if (t.customer === 'new' && cart.returning) return false;
  if (t.customer === 'returning' && !cart.returning) return false;
  if (t.product_ids.length && !cart.productIds.some((id) => t.product_ids.includes(id))) return false;
  if (
    t.category_ids.length &&
    !cart.categoryPaths.some((path) => t.category_ids.some((id) => path.includes(`/${id}/`)))
  )
    return false;
  return true;
}

/** The first campaign (already ordered by priority) whose trigger the cart meets. */
export function pickCampaign<C extends { trigger: CampaignTrigger }>(
  campaigns: readonly C[],
  cart: AbandonedCartFacts,
  storeCurrency: string,
): C | null {
  return campaigns.find((c) => triggerMatches(c.trigger, cart, storeCurrency)) ?? null;
}

/**
 * A step's variant for a cart: a point in [0, total weight) from a hash of (cart, step), so the
 * same cart always gets the same variant and carts spread by weight.
 */
export function pickVariant(
  variants: readonly StepVariant[],
  trackedCartId: string,
  step: number,
): StepVariant {
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const digest = createHash('sha256').update(`${trackedCartId}:${step}`).digest();
  let point = digest.readUInt32BE(0) % total;
  for (const v of variants) {
    if (point < v.weight) return v;
    point -= v.weight;
  }
  return variants[variants.length - 1]!;
}

export interface ResolvedStep {
  channel: CampaignStep['channel'];
  variant: string | null;
  templateId: string | null;
  templateHandle: string | null;
  discount: StepDiscount | null;
}

/** What a step sends to this cart: its own template and discount, or its variant's. */
export function resolveStep(step: CampaignStep, trackedCartId: string, index: number): ResolvedStep {
  const own = { id: step.template_id ?? null, handle: step.template_handle ?? null };
  if (!step.variants?.length) {
    return {
      channel: step.channel,
      variant: null,
      templateId: own.id,
      templateHandle: own.id ? null : own.handle,
      discount: step.discount ?? null,
    };
  }
  const v = pickVariant(step.variants, trackedCartId, index);
  const hasOwn = Boolean(v.template_id || v.template_handle);
  return {
    channel: step.channel,
    variant: v.key,
    templateId: hasOwn ? (v.template_id ?? null) : own.id,
    templateHandle: hasOwn
      ? v.template_id
        ? null
        : (v.template_handle ?? null)
      : own.id
        ? null
        : own.handle,
    discount: v.discount !== undefined ? v.discount : (step.discount ?? null),
  };
}

import { describe, expect, it } from 'vitest';
import { CampaignStep, CampaignTrigger } from './campaign-model.ts';
import {
  pickCampaign,
  pickVariant,
  resolveStep,
  triggerMatches,
  type AbandonedCartFacts,
} from './campaign-triggers.ts';

/** Trigger matching and A/B assignment: pure functions. */

const trigger = (t: Record<string, unknown> = {}) => CampaignTrigger.parse(t);
const cart = (c: Partial<AbandonedCartFacts> = {}): AbandonedCartFacts => ({
  source: 'carton',
  currency: 'USD',
  value: 5000,
  productIds: ['prod_a'],
  categoryPaths: ['/cat_home/cat_kitchen/'],
  returning: false,
  ...c,
});

describe('triggerMatches', () => {
  it('an empty trigger takes every cart', () => {
    expect(triggerMatches(trigger(), cart(), 'USD')).toBe(true);
  });

  it('value bounds, inclusive, in the store currency only', () => {
    const t = trigger({ min_value: 5000, max_value: 10_000 });
    expect(triggerMatches(t, cart({ value: 5000 }), 'USD')).toBe(true);
    expect(triggerMatches(t, cart({ value: 10_000 }), 'USD')).toBe(true);
    expect(triggerMatches(t, cart({ value: 4999 }), 'USD')).toBe(false);
    expect(triggerMatches(t, cart({ value: 10_001 }), 'USD')).toBe(false);
    expect(triggerMatches(t, cart({ value: 6000, currency: 'EUR' }), 'USD')).toBe(false);
    expect(triggerMatches(t, cart({ value: 6000, currency: 'usd ' }), 'USD')).toBe(true);
  });

  it('new or returning customers', () => {
    expect(triggerMatches(trigger({ customer: 'new' }), cart({ returning: true }), 'USD')).toBe(false);
    expect(triggerMatches(trigger({ customer: 'new' }), cart({ returning: false }), 'USD')).toBe(true);
    expect(triggerMatches(trigger({ customer: 'returning' }), cart({ returning: true }), 'USD')).toBe(true);
    expect(triggerMatches(trigger({ customer: 'returning' }), cart({ returning: false }), 'USD')).toBe(false);
  });

  it('products, categories (subcategories included) and sources', () => {
    expect(triggerMatches(trigger({ product_ids: ['prod_b', 'prod_a'] }), cart(), 'USD')).toBe(true);
    expect(triggerMatches(trigger({ product_ids: ['prod_b'] }), cart(), 'USD')).toBe(false);
    expect(triggerMatches(trigger({ category_ids: ['cat_home'] }), cart(), 'USD')).toBe(true);
    expect(triggerMatches(trigger({ category_ids: ['cat_kitchen'] }), cart(), 'USD')).toBe(true);
    expect(triggerMatches(trigger({ category_ids: ['cat_garden'] }), cart(), 'USD')).toBe(false);
    expect(triggerMatches(trigger({ category_ids: ['cat_hom'] }), cart(), 'USD')).toBe(false);
    expect(triggerMatches(trigger({ sources: ['shopify'] }), cart(), 'USD')).toBe(false);
    expect(triggerMatches(trigger({ sources: ['shopify', 'carton'] }), cart(), 'USD')).toBe(true);
  });

  it('every condition must hold', () => {
    const t = trigger({ min_value: 1000, sources: ['carton'], product_ids: ['prod_x'] });
    expect(triggerMatches(t, cart(), 'USD')).toBe(false);
    expect(triggerMatches(t, cart({ productIds: ['prod_x'] }), 'USD')).toBe(true);
  });

  it('pickCampaign takes the first match of a list already in priority order', () => {
    const list = [
      { id: 'big', trigger: trigger({ min_value: 100_000 }) },
      { id: 'any', trigger: trigger() },
    ];
    expect(pickCampaign(list, cart(), 'USD')?.id).toBe('any');
    expect(pickCampaign(list, cart({ value: 200_000 }), 'USD')?.id).toBe('big');
    expect(pickCampaign([], cart(), 'USD')).toBeNull();
  });
});

describe('A/B variants', () => {
  const variants = [
    { key: 'A', weight: 3, template_handle: 'a' },
    { key: 'B', weight: 1, template_handle: 'b' },
  ];

  it('the same cart always gets the same variant; carts spread by weight', () => {
    const counts: Record<string, number> = { A: 0, B: 0 };
    for (let i = 0; i < 4000; i++) {
      const v = pickVariant(variants, `tcart_${i}`, 1);
      expect(pickVariant(variants, `tcart_${i}`, 1).key).toBe(v.key);
      counts[v.key]!++;
    }
    expect(counts.A! / 4000).toBeGreaterThan(0.7);
    expect(counts.A! / 4000).toBeLessThan(0.8);
  });

  it('a variant brings its own template and discount, or keeps the step’s', () => {
    const step = CampaignStep.parse({
      delay_minutes: 60,
      channel: 'email',
      template_handle: 'recovery-reminder',
      discount: { kind: 'percentage', value: 10 },
      variants: [
        { key: 'A', weight: 1 },
        { key: 'B', weight: 1, template_id: 'mtpl_1', discount: null },
      ],
    });
    const seen = new Map<string, ReturnType<typeof resolveStep>>();
    for (let i = 0; seen.size < 2 && i < 100; i++) {
      const r = resolveStep(step, `tcart_${i}`, 0);
      seen.set(r.variant!, r);
    }
    expect(seen.get('A')).toMatchObject({
      templateId: null,
      templateHandle: 'recovery-reminder',
      discount: { kind: 'percentage', value: 10, expires_in_hours: 72 },
    });
    expect(seen.get('B')).toMatchObject({ templateId: 'mtpl_1', templateHandle: null, discount: null });
  });

  it('a step without variants is itself', () => {
    const step = CampaignStep.parse({ delay_minutes: 0, channel: 'sms', template_handle: 'recovery-sms' });
    expect(resolveStep(step, 'tcart_1', 2)).toEqual({
      channel: 'sms',
      variant: null,
      templateId: null,
      templateHandle: 'recovery-sms',
      discount: null,
    });
  });
});

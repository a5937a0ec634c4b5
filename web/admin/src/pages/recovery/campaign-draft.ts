import type { Answer, Body } from '../../api/client.ts';
import { moneyInput, parseMoney } from '../../lib/format.ts';

/**
 * The campaign builder's editable form of a campaign, and the conversions to and from the API's
 * shape. Delays are edited as an amount and a unit, discounts as text; `toCampaignBody` checks
 * what the browser can check and leaves the rest (delay order, templates) to the API.
 */

export type Campaign = Answer<'/admin/v1/recovery/campaigns/{campaignId}', 'get'>;
export type CampaignBody = Body<'/admin/v1/recovery/campaigns', 'post'>;
type ApiStep = Campaign['steps'][number];
type ApiDiscount = NonNullable<ApiStep['discount']>;

export const CHANNELS = ['email', 'sms', 'push'] as const;
export const DELAY_UNITS = ['minutes', 'hours', 'days'] as const;
export const DISCOUNT_KINDS = ['percentage', 'fixed', 'free_shipping'] as const;
export const CUSTOMER_KINDS = ['any', 'new', 'returning'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];
const MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };

export interface DiscountDraft {
  kind: '' | (typeof DISCOUNT_KINDS)[number];
  value: string;
  expiresInHours: string;
}

/** A variant's discount: the step's (`inherit`), none, or its own. */
export interface VariantDiscountDraft {
  kind: 'inherit' | 'none' | (typeof DISCOUNT_KINDS)[number];
  value: string;
  expiresInHours: string;
}

export interface VariantDraft {
  uid: string;
  key: string;
  weight: string;
  template: string;
  discount: VariantDiscountDraft;
}

export interface StepDraft {
  uid: string;
  delayAmount: string;
  delayUnit: DelayUnit;
  channel: (typeof CHANNELS)[number];
  /** `id:<template id>` or `handle:<handle>` (the shopper's language), '' when none. */
  template: string;
  discount: DiscountDraft;
  variants: VariantDraft[];
}

export interface CampaignDraft {
  name: string;
  priority: string;
  minValue: string;
  maxValue: string;
  customer: (typeof CUSTOMER_KINDS)[number];
  sources: string[];
  /** The cart holds one of these products, or a product of one of these categories. */
  productIds: string[];
  categoryIds: string[];
  exitOnClick: boolean;
  steps: StepDraft[];
}

let counter = 0;
export const uid = () => `u${++counter}`;

export function delayOf(minutes: number): { delayAmount: string; delayUnit: DelayUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { delayAmount: String(minutes / 1440), delayUnit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { delayAmount: String(minutes / 60), delayUnit: 'hours' };
  return { delayAmount: String(minutes), delayUnit: 'minutes' };
}

/** The delay in minutes, or null when it is not a whole number ≥ 0. */
export function delayMinutes(step: Pick<StepDraft, 'delayAmount' | 'delayUnit'>): number | null {
  const text = step.delayAmount.trim();
  if (!/^\d+$/.test(text)) return null;
  return Number(text) * MINUTES[step.delayUnit];
}

const templateRef = (r: { template_id?: string | undefined; template_handle?: string | undefined }) =>
  r.template_id ? `id:${r.template_id}` : r.template_handle ? `handle:${r.template_handle}` : '';

const refOf = (value: string) =>
  value.startsWith('id:')
    ? { template_id: value.slice(3) }
    : value.startsWith('handle:')
      ? { template_handle: value.slice(7) }
      : {};

function discountDraft(d: ApiDiscount | null | undefined, currency: string): DiscountDraft {
  if (!d) return { kind: '', value: '', expiresInHours: '72' };
  return {
    kind: d.kind,
    value:
      d.kind === 'fixed' ? moneyInput(d.value, currency) : d.kind === 'percentage' ? String(d.value) : '',
    expiresInHours: String(d.expires_in_hours),
  };
}

function variantDiscountDraft(d: ApiDiscount | null | undefined, currency: string): VariantDiscountDraft {
  if (d === undefined) return { kind: 'inherit', value: '', expiresInHours: '72' };
  if (d === null) return { kind: 'none', value: '', expiresInHours: '72' };
  return discountDraft(d, currency) as VariantDiscountDraft;
}

export const inheritDiscount = (): VariantDiscountDraft => ({
  kind: 'inherit',
  value: '',
  expiresInHours: '72',
});

export function newStep(delayMinutesValue = 60): StepDraft {
  return {
    uid: uid(),
    ...delayOf(delayMinutesValue),
    channel: 'email',
    template: 'handle:recovery-reminder',
    discount: { kind: '', value: '', expiresInHours: '72' },
    variants: [],
  };
}

export function emptyDraft(): CampaignDraft {
  return {
    name: '',
    priority: '0',
    minValue: '',
    maxValue: '',
    customer: 'any',
    sources: [],
    productIds: [],
    categoryIds: [],
    exitOnClick: false,
    steps: [newStep(60)],
  };
}

export function draftOf(c: Campaign, currency: string): CampaignDraft {
  return {
    name: c.name,
    priority: String(c.priority),
    minValue: moneyInput(c.trigger.min_value, currency),
    maxValue: moneyInput(c.trigger.max_value, currency),
    customer: c.trigger.customer,
    sources: [...c.trigger.sources],
    productIds: [...c.trigger.product_ids],
    categoryIds: [...c.trigger.category_ids],
    exitOnClick: c.exit.on_click,
    steps: c.steps.map((s) => ({
      uid: uid(),
      ...delayOf(s.delay_minutes),
      channel: s.channel,
      template: templateRef(s),
      discount: discountDraft(s.discount, currency),
      variants: (s.variants ?? []).map((v) => ({
        uid: uid(),
        key: v.key,
        weight: String(v.weight),
        template: templateRef(v),
        discount: variantDiscountDraft(v.discount, currency),
      })),
    })),
  };
}

export type DraftErrors = Record<string, string>;

/** The API's body, or the fields the browser already knows are wrong (keyed by a path). */
export function toCampaignBody(
  d: CampaignDraft,
  currency: string,
  messages: { required: string; money: string; count: string; percent: string },
): { body: CampaignBody } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const money = (text: string, path: string) => {
    if (!text.trim()) return null;
    const v = parseMoney(text, currency);
    if (v === null) errors[path] = messages.money;
    return v;
  };
  const whole = (text: string, path: string, signed = false) => {
    const t = text.trim();
    if (!(signed ? /^-?\d+$/ : /^\d+$/).test(t)) {
      errors[path] = messages.count;
      return 0;
    }
    return Number(t);
  };
  if (!d.name.trim()) errors.name = messages.required;
  const priority = whole(d.priority, 'priority', true);
  const minValue = money(d.minValue, 'minValue');
  const maxValue = money(d.maxValue, 'maxValue');
  /** A discount as typed, checked; `path` names its fields in `errors`. */
  const discountOf = (
    dd: { kind: (typeof DISCOUNT_KINDS)[number]; value: string; expiresInHours: string },
    path: string,
  ): ApiDiscount => {
    const hours = whole(dd.expiresInHours, `${path}.expires`);
    let value = 0;
    if (dd.kind === 'fixed') {
      value = money(dd.value, `${path}.value`) ?? 0;
      if (!dd.value.trim()) errors[`${path}.value`] = messages.money;
    } else if (dd.kind === 'percentage') {
      value = whole(dd.value, `${path}.value`);
      if (value < 1 || value > 100) errors[`${path}.value`] = messages.percent;
    }
    return { kind: dd.kind, value, expires_in_hours: hours };
  };
  const steps = d.steps.map((s, i): ApiStep => {
    const delay = delayMinutes(s);
    if (delay === null) errors[`steps.${i}.delay`] = messages.count;
    const { kind } = s.discount;
    const discount = kind ? discountOf({ ...s.discount, kind }, `steps.${i}.discount`) : null;
    const variants = s.variants.length
      ? s.variants.map((v, j) => {
          if (!v.key.trim()) errors[`steps.${i}.variants.${j}.key`] = messages.required;
          const weight = whole(v.weight, `steps.${i}.variants.${j}.weight`);
          const vk = v.discount.kind;
          return {
            key: v.key.trim(),
            weight,
            ...refOf(v.template),
            ...(vk === 'inherit'
              ? {}
              : {
                  discount:
                    vk === 'none'
                      ? null
                      : discountOf({ ...v.discount, kind: vk }, `steps.${i}.variants.${j}.discount`),
                }),
          };
        })
      : undefined;
    return {
      delay_minutes: delay ?? 0,
      channel: s.channel,
      ...refOf(s.template),
      discount,
      ...(variants ? { variants } : {}),
    };
  });
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      name: d.name.trim(),
      priority,
      trigger: {
        min_value: minValue,
        max_value: maxValue,
        customer: d.customer,
        product_ids: d.productIds,
        category_ids: d.categoryIds,
        sources: d.sources as CampaignBody['trigger'] extends infer T
          ? T extends { sources?: infer S }
            ? NonNullable<S>
            : never
          : never,
      },
      steps,
      exit: { on_click: d.exitOnClick },
    },
  };
}

/** A delay as short text for the timeline: "30 min", "4 h", "2 d". */
export function shortDelay(minutes: number, units: { d: string; h: string; min: string }): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return `${minutes / 1440} ${units.d}`;
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} ${units.h}`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)} ${units.h} ${minutes % 60} ${units.min}`;
  return `${minutes} ${units.min}`;
}

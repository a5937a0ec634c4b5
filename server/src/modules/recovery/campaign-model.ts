import { z } from 'zod';
import { CHANNELS } from '../messaging/contacts.ts';
import { TRACKED_CART_SOURCES } from './tracked-carts.ts';

/**
 * The shape of a recovery campaign: its trigger, its ordered steps (each with an optional unique
 * discount code and optional A/B variants) and its exit conditions — the API's contract (request
 * and response), also what the admin console's campaign builder is generated from.
 */

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const RUN_STATUSES = ['running', 'completed', 'exited'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_EXIT_REASONS = [
  'recovered',
  'purchased',
  'clicked',
  'cart_closed',
  'campaign_paused',
  'campaign_deleted',
] as const;
export type RunExitReason = (typeof RUN_EXIT_REASONS)[number];

const Id = z.string().trim().min(1).max(64);
const Handle = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dashes and underscores');
const MinorUnits = z.number().int().min(0).max(100_000_000_000);

export const StepDiscount = z
  .strictObject({
    kind: z.enum(['percentage', 'fixed', 'free_shipping']),
    value: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .default(0)
      .describe(
        'percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0',
      ),
    expires_in_hours: z.number().int().min(1).max(8760).default(72).describe('From the step’s due time'),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'percentage' && (d.value < 1 || d.value > 100))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percentage from 1 to 100' });
    if (d.kind === 'fixed' && d.value < 1)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'at least 1 (minor units)' });
  })
  .describe('Mints a unique, single-use code for the cart and passes it to the template as `discount`');
export type StepDiscount = z.output<typeof StepDiscount>;

const templateRefs = {
  template_id: Id.optional().describe('A template of the step’s channel, purpose recovery'),
  template_handle: Handle.optional().describe(
    'A template by handle, in the shopper’s (or the store’s) language',
  ),
};

export const StepVariant = z
  .strictObject({
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, dashes, underscores (≤ 32)')
      .describe('Names the variant in runs and figures, e.g. `A`'),
    weight: z.number().int().min(1).max(1000).describe('Relative share of carts'),
    ...templateRefs,
    discount: StepDiscount.nullable().optional().describe('Overrides the step’s discount (null: none)'),
  })
  .refine((v) => !(v.template_id && v.template_handle), {
    message: 'at most one of template_id and template_handle',
    path: ['template_id'],
  });
export type StepVariant = z.output<typeof StepVariant>;

export const CampaignStep = z
  .strictObject({
    delay_minutes: z.number().int().min(0).max(43_200).describe('After the cart was abandoned'),
    channel: z.enum(CHANNELS),
    ...templateRefs,
    discount: StepDiscount.nullable().optional(),
    variants: z
      .array(StepVariant)
      .min(2)
      .max(5)
      .optional()
      .describe('A/B test: each cart gets one variant (deterministic per cart), by weight'),
  })
  .superRefine((s, ctx) => {
    if (s.template_id && s.template_handle)
      ctx.addIssue({
        code: 'custom',
        path: ['template_id'],
        message: 'at most one of template_id and template_handle',
      });
    const own = Boolean(s.template_id || s.template_handle);
    if (!own && !(s.variants?.length && s.variants.every((v) => v.template_id || v.template_handle)))
      ctx.addIssue({
        code: 'custom',
        path: ['template_id'],
        message: 'a template (template_id or template_handle), on the step or on every variant',
      });
    const keys = (s.variants ?? []).map((v) => v.key);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'variant keys must differ' });
  });
export type CampaignStep = z.output<typeof CampaignStep>;

export const CampaignTrigger = z
  .strictObject({
    min_value: MinorUnits.nullable()
      .default(null)
      .describe('Cart value at least (minor units, store currency)'),
    max_value: MinorUnits.nullable()
      .default(null)
      .describe('Cart value at most (minor units, store currency)'),
    customer: z
      .enum(['any', 'new', 'returning'])
      .default('any')
      .describe('returning: the contact has bought from the store before'),
    product_ids: z.array(Id).max(500).default([]).describe('The cart holds one of these products'),
    category_ids: z
      .array(Id)
      .max(500)
      .default([])
      .describe('The cart holds a product of one of these categories (or their subcategories)'),
    sources: z.array(z.enum(TRACKED_CART_SOURCES)).max(10).default([]).describe('Empty: every source'),
  })
  .refine((t) => t.min_value === null || t.max_value === null || t.min_value <= t.max_value, {
    message: 'min_value must not exceed max_value',
    path: ['max_value'],
  });
export type CampaignTrigger = z.output<typeof CampaignTrigger>;

export const CampaignExit = z.strictObject({
  on_click: z.boolean().default(false).describe('Stop once the shopper clicks a link of an earlier step'),
});
export type CampaignExit = z.output<typeof CampaignExit>;

const Steps = z
  .array(CampaignStep)
  .min(1)
  .max(10)
  .refine((steps) => steps.every((s, i) => i === 0 || s.delay_minutes >= steps[i - 1]!.delay_minutes), {
    message: 'steps in the order they are sent: delays must not decrease',
  });

const Fields = {
  name: z.string().trim().min(1).max(200),
  priority: z.number().int().min(-1000).max(1000).describe('Higher wins when several active campaigns match'),
  trigger: CampaignTrigger,
  steps: Steps,
  exit: CampaignExit.describe('The run always stops when the cart is bought'),
};

export const CampaignInput = z.strictObject({
  ...Fields,
  priority: Fields.priority.default(0),
  trigger: Fields.trigger.default({
    min_value: null,
    max_value: null,
    customer: 'any',
    product_ids: [],
    category_ids: [],
    sources: [],
  }),
  exit: Fields.exit.default({ on_click: false }),
});
export type CampaignInput = z.input<typeof CampaignInput>;

export const CampaignPatch = z.strictObject(Fields).partial();
export type CampaignPatch = z.input<typeof CampaignPatch>;

const Timestamp = z.string().describe('ISO 8601, UTC');

export const CampaignView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  priority: z.number().int(),
  trigger: CampaignTrigger,
  steps: z.array(CampaignStep),
  exit: CampaignExit,
  is_default: z.boolean(),
  version: z.number().int(),
  activated_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type CampaignView = z.infer<typeof CampaignView>;

export const RunStepView = z.object({
  step: z.number().int().describe('0-based'),
  channel: z.enum(CHANNELS),
  variant: z.string().nullable(),
  outcome: z.enum(['sending', 'sent', 'deferred', 'queued', 'suppressed', 'failed', 'cancelled', 'skipped']),
  detail: z.string().nullable().describe('Why suppressed, failed or skipped'),
  message_id: z.string().nullable(),
  coupon_code: z.string().nullable(),
  due_at: Timestamp,
  handed_at: Timestamp.nullable().describe('When the provider took the message'),
});
export type RunStepView = z.infer<typeof RunStepView>;

export const CampaignRunView = z.object({
  id: z.string(),
  campaign_id: z.string(),
  tracked_cart_id: z.string(),
  status: z.enum(RUN_STATUSES),
  exit_reason: z.enum(RUN_EXIT_REASONS).nullable(),
  step_reached: z.number().int().describe('Steps taken so far'),
  next_step: z.number().int().nullable(),
  next_due_at: Timestamp.nullable(),
  abandoned_at: Timestamp,
  clicked_at: Timestamp.nullable(),
  ended_at: Timestamp.nullable(),
  created_at: Timestamp,
  steps: z.array(RunStepView),
});
export type CampaignRunView = z.infer<typeof CampaignRunView>;

import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getStore, mergeStoreSettings } from '../tenancy/service.ts';

/**
 * The store's order policy (`settings.orders`): how long a shopper may cancel an order
 * themselves, how long a bank transfer may stay unpaid, how long after delivery a shopper may
 * ask for a return online, and which staff addresses hear of each new order. Staff are never held
 * to it: they cancel and open returns whenever they judge right.
 */

export const OrderPolicy = z.strictObject({
  shopper_cancel_minutes: z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .describe('Minutes after placing in which the shopper may cancel a confirmed order themselves; 0: never'),
  unpaid_cancel_days: z
    .number()
    .int()
    .min(0)
    .max(90)
    .describe(
      'Days a bank transfer may stay unpaid before the order is cancelled (reminded halfway); 0: never',
    ),
  return_window_days: z
    .number()
    .int()
    .min(0)
    .max(365)
    .describe(
      'Days after delivery (or shipment, when delivery is not recorded) in which the shopper may ask for a ' +
        'return online; 0: only through the shop',
    ),
  new_order_emails: z
    .array(z.email({ error: 'an e-mail address' }).max(254).toLowerCase())
    .max(5)
    .refine((a) => new Set(a).size === a.length, 'each address once')
    .describe('Staff addresses told by e-mail of every new order (at most 5); [] tells nobody'),
});
export type OrderPolicy = z.infer<typeof OrderPolicy>;

export const OrderPolicyPatch = OrderPolicy.partial();
export type OrderPolicyPatch = z.input<typeof OrderPolicyPatch>;

const ORDER_POLICY_DEFAULTS: OrderPolicy = {
  shopper_cancel_minutes: 60,
  unpaid_cancel_days: 7,
  return_window_days: 30,
  new_order_emails: [],
};

/** The store's policy, each value its own or the default (a value stored by hand that does not fit is ignored). */
export function orderPolicyOf(storeSettings: Record<string, unknown>): OrderPolicy {
  const stored = (storeSettings.orders ?? {}) as Record<string, unknown>;
  const policy: Record<string, unknown> = { ...ORDER_POLICY_DEFAULTS };
  for (const key of Object.keys(policy) as (keyof OrderPolicy)[]) {
    const value = OrderPolicy.shape[key].safeParse(stored[key]);
    if (value.success) policy[key] = value.data;
  }
  return policy as OrderPolicy;
}

export async function getOrderPolicy(db: Db, storeId: string): Promise<OrderPolicy> {
  return orderPolicyOf((await getStore(db, storeId)).settings);
}

const audited = ({ new_order_emails, ...rest }: OrderPolicy) => ({
  ...rest,
  new_order_emails: new_order_emails.length,
});

/** Change some of the policy; audited with what it was and what it is (the addresses counted). */
export async function updateOrderPolicy(
  db: Db,
  o: { storeId: string; input: OrderPolicyPatch; actor?: Actor },
): Promise<OrderPolicy> {
  const patch = parseInput(OrderPolicyPatch, o.input);
  return withStore(db, o.storeId, async (tx) => {
    const before = orderPolicyOf((await getStore(tx, o.storeId)).settings);
    const after = orderPolicyOf((await mergeStoreSettings(tx, o.storeId, 'orders', patch)).settings);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await auditAs(tx, o.actor, {
        storeId: o.storeId,
        action: 'store.order_policy_changed',
        entityType: 'store',
        entityId: o.storeId,
        // The audit outlives any erasure: how many addresses, never the addresses.
        before: audited(before),
        after: audited(after),
      });
    }
    return after;
  });
}

/**
 * Until when the shopper may ask for a return online: the store's window from delivery — or from
 * shipment when delivery was never recorded. Null before anything shipped and when the store takes
 * returns only through staff (0 days). The date may have passed: the window is then closed.
 */
export function returnableUntil(
  order: { shippedAt: Date | null; deliveredAt: Date | null },
  policy: OrderPolicy,
): Date | null {
  const from = order.deliveredAt ?? order.shippedAt;
  if (!from || policy.return_window_days === 0) return null;
  return new Date(from.getTime() + policy.return_window_days * 86_400_000);
}

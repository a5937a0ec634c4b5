import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { hourlyMailAllowed } from '../../platform/limits/counters.ts';
import { parseInput } from '../../platform/validation.ts';
import { Email } from '../identity/passwords.ts';
import { getStore } from '../tenancy/service.ts';
import { orderLinkEmail } from './emails.ts';
import { orderLink } from './notifications.ts';
import { orders } from './schema.ts';
import { viewOf } from './shared.ts';

/**
 * "Find my order": a guest who lost the confirmation e-mail gives the order's number and their
 * e-mail address, and the link to the order (signed, as the confirmation's) is e-mailed to the
 * address the order was placed with. The answer is the same whether or not an order matched, and
 * the e-mail goes out after it, so neither tells which addresses ordered; at most a few links per
 * address and hour.
 */

const LINKS_PER_HOUR = 5;

export const OrderLookupInput = z.strictObject({
  email: Email,
  number: z
    .union([
      z.number().int().positive(),
      z
        .string()
        .trim()
        .regex(/^#?\d{1,12}$/, 'an order number such as #1001'),
    ])
    .transform((n) => Number(String(n).replace('#', '')))
    .describe('The order number, with or without its #'),
});
export type OrderLookupInput = z.input<typeof OrderLookupInput>;

export async function requestOrderLink(
  platform: Platform,
  o: { storeId: string; input: OrderLookupInput },
): Promise<void> {
  const { email, number } = parseInput(OrderLookupInput, o.input);
  const { storeId } = o;
  const account = `${storeId}:${email}`;
  if (
    !(await hourlyMailAllowed(platform.counters, { purpose: 'orderlink', account, perHour: LINKS_PER_HOUR }))
  )
    return;
  void (async () => {
    const order = await withStore(platform.db, storeId, async (tx) => {
      const [row] = await tx
        .select()
        .from(orders)
        .where(
          and(eq(orders.storeId, storeId), eq(orders.number, number), sql`lower(${orders.email}) = ${email}`),
        );
      return row ? viewOf(tx, row) : null;
    });
    if (!order) return;
    const store = await getStore(platform.db, storeId);
    await platform.mailer.send(
      orderLinkEmail(order, { name: store.name, locale: store.locale }, orderLink(platform, store, order.id)),
    );
  })().catch((err: unknown) => platform.log.warn({ err }, 'order link e-mail not sent'));
}

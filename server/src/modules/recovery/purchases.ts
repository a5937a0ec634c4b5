import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { parseInput } from '../../platform/validation.ts';
import { emailHash, normalizeEmail, normalizePhone, phoneHash } from './contacts.ts';
import { emitTrackedCartEvent } from './events.ts';
import { markRollupsStale } from './rollup-marks.ts';
import { readRecoverySettings } from './settings.ts';
import { nextTrackedCartStatus } from './states.ts';
import { TRACKED_CART_SOURCES, trackedCartEventPayload, type TrackedCartRow } from './tracked-carts.ts';

/**
 * Purchases, from any route (a Carton order, the snippet's purchase event, a platform's order
 * webhook): the buyer's open carts close. An abandoned one is `recovered` (`cart.recovered`, which
 * stops its pending messages), its revenue attributed to the last message clicked — or else sent —
 * within the store's window; an active one is simply `purchased`.
 */

const When = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((d) => new Date(d));

export const PurchaseInput = z.strictObject({
  storeId: z.string().min(1),
  source: z.enum(TRACKED_CART_SOURCES),
  /** The order's id at its source; one purchase per order, whatever route reports it. */
  orderId: z.string().trim().min(1).max(128),
  /** The order total, minor units. */
  value: z.number().int().min(0).max(100_000_000_000),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .transform((c) => c.toUpperCase()),
  occurredAt: When.optional(),
  /** The source's id of the cart that was bought, when known. */
  externalCartId: z.string().trim().min(1).max(128).nullish(),
  /** The snippet's visitor who bought. */
  anonymousId: z.string().trim().min(1).max(128).nullish(),
  contact: z
    .strictObject({
      email: z.string().max(320).nullish(),
      phone: z.string().max(32).nullish(),
      customerId: z.string().max(128).nullish(),
    })
    .nullish(),
});
export type PurchaseInput = z.input<typeof PurchaseInput>;

export interface PurchaseOutcome {
  /** False when this order was recorded before (nothing changed). */
  recorded: boolean;
  recovered: string[];
  purchased: string[];
  /** The tracked cart the order's revenue went to (recovered), if any. */
  revenueCartId: string | null;
}

type Touch = {
  message_id: string;
  campaign_id: string | null;
  kind: 'sent' | 'clicked';
};

/** `recordPurchase` in the caller's store-scoped transaction (subscribers, the snippet's fold). */
export async function recordPurchaseInTx(
  tx: Tx,
  ctx: { secret: string; contactId?: string | null; mirrored?: boolean },
  raw: PurchaseInput,
): Promise<PurchaseOutcome> {
  const p = parseInput(PurchaseInput, raw);
  const at = p.occurredAt ?? new Date();
  const { storeId } = p;
  const none: PurchaseOutcome = { recorded: false, recovered: [], purchased: [], revenueCartId: null };
  const email = normalizeEmail(p.contact?.email);
  const phone = normalizePhone(p.contact?.phone);
  const eh = email ? emailHash(ctx.secret, storeId, email) : null;
  const ph = phone ? phoneHash(ctx.secret, storeId, phone) : null;
  // One statement: the purchase recorded once per order and, if it is new, the buyer's open carts
  // locked — the cart bought, the visitor's, and every cart of the same contact. No row: the order
  // was recorded before; one row without a cart: recorded, nothing open.
  const { rows } = await tx.execute<TrackedCartRow | { id: null }>(sql`
    WITH fresh AS (
      INSERT INTO recovery_purchases (store_id, order_id, source, value, currency, occurred_at)
      VALUES (${storeId}, ${p.orderId}, ${p.source}, ${p.value}, ${p.currency}, ${at})
      ON CONFLICT (store_id, order_id) DO NOTHING RETURNING 1
    ), direct AS (
      SELECT id, contact_id FROM recovery_carts
      WHERE store_id = ${storeId}
        AND ((source = ${p.source} AND external_id = ${p.externalCartId ?? null})
             OR anonymous_id = ${p.anonymousId ?? null})
    ), contacts AS (
      SELECT contact_id AS id FROM direct WHERE contact_id IS NOT NULL
      UNION SELECT ${ctx.contactId ?? null}::text WHERE ${ctx.contactId ?? null}::text IS NOT NULL
      UNION SELECT id FROM recovery_contacts
        WHERE store_id = ${storeId}
          AND (email_hash = ${eh} OR phone_hash = ${ph} OR customer_id = ${p.contact?.customerId ?? null})
    )
    SELECT c.* FROM fresh LEFT JOIN LATERAL (
      SELECT * FROM recovery_carts
      WHERE store_id = ${storeId} AND status IN ('active', 'abandoned')
        AND (id IN (SELECT id FROM direct) OR contact_id IN (SELECT id FROM contacts))
      ORDER BY id
      FOR UPDATE
    ) AS c ON true`);
  if (!rows.length) return none;
  const open = rows.filter((r): r is TrackedCartRow => r.id !== null);
  if (!open.length) return { ...none, recorded: true };

  const abandoned = open.filter((c) => c.status === 'abandoned' && new Date(c.abandoned_at!) <= at);
  // The order's revenue goes to the most recently abandoned cart (the one a message brought back).
  const revenueCart =
    abandoned.sort((a, b) => +new Date(b.abandoned_at!) - +new Date(a.abandoned_at!))[0] ?? null;
  let attribution: Touch | null = null;
  if (revenueCart) {
    const settings = await readRecoverySettings(tx, storeId);
    const since = new Date(at.getTime() - settings.attributionWindowDays * 86_400_000);
    const { rows } = await tx.execute<Touch>(sql`
      SELECT message_id, campaign_id, kind FROM recovery_touches
      WHERE store_id = ${storeId} AND tracked_cart_id = ANY(${sql.param(abandoned.map((c) => c.id))}::text[])
        AND kind IN ('clicked', 'sent') AND occurred_at >= ${since} AND occurred_at <= ${at}
      ORDER BY (kind = 'clicked') DESC, occurred_at DESC, id DESC LIMIT 1`);
    attribution = rows[0] ?? null;
  }

  const out: PurchaseOutcome = {
    recorded: true,
    recovered: [],
    purchased: [],
    revenueCartId: revenueCart?.id ?? null,
  };
  const bought: TrackedCartRow[] = [];
  for (const cart of open) {
    const status = nextTrackedCartStatus(cart.status, 'purchase', cart.id);
    const isRevenue = cart.id === revenueCart?.id;
    if (status === 'recovered') {
      const value = isRevenue ? p.value : 0;
      const a = isRevenue ? attribution : null;
      const { rows } = await tx.execute<TrackedCartRow>(sql`
        UPDATE recovery_carts SET status = 'recovered', recovered_at = ${at}, order_id = ${p.orderId},
          recovered_value = ${value}, recovered_currency = ${p.currency},
          attributed_message_id = ${a?.message_id ?? null}, attributed_campaign_id = ${a?.campaign_id ?? null},
          attributed_kind = ${a?.kind ?? null}, abandon_due_at = NULL, version = version + 1, updated_at = now()
        WHERE id = ${cart.id} RETURNING *`);
      const row = rows[0]!;
      await emitTrackedCartEvent(tx, storeId, row.id, 'cart.recovered', {
        ...trackedCartEventPayload(row),
        orderId: p.orderId,
        recoveredAt: at.toISOString(),
        abandonedAt: new Date(row.abandoned_at!).toISOString(),
        recoveredValue: value,
        recoveredCurrency: p.currency,
        attribution: a ? { messageId: a.message_id, campaignId: a.campaign_id, kind: a.kind } : null,
      });
      out.recovered.push(row.id);
    } else {
      bought.push(cart);
    }
  }
  // The carts merely bought and the cart the purchase is told by, in one statement.
  const { rows: purchased } = await tx.execute<TrackedCartRow>(sql`
    WITH tracked AS (
      UPDATE recovery_purchases SET tracked_cart_id = ${revenueCart?.id ?? bought[0]?.id ?? null}
      WHERE store_id = ${storeId} AND order_id = ${p.orderId}
    )
    UPDATE recovery_carts SET status = 'purchased', purchased_at = ${at}, order_id = ${p.orderId},
      abandon_due_at = NULL, version = version + 1, updated_at = now()
    WHERE store_id = ${storeId} AND id = ANY(${sql.param(bought.map((c) => c.id))}::text[])
    RETURNING *`);
  // A Carton order's `order.placed` already says it (mirrored); other sources' purchases are news.
  if (!ctx.mirrored) {
    for (const row of purchased.sort((x, y) => (x.id < y.id ? -1 : 1))) {
      await emitTrackedCartEvent(tx, storeId, row.id, 'tracked_cart.purchased', {
        ...trackedCartEventPayload(row),
        orderId: p.orderId,
      });
    }
  }
  out.purchased = bought.map((c) => c.id);
  if (out.recovered.length) await markRollupsStale(tx, storeId, at);
  return out;
}

/**
 * Record a purchase (integrations, tests): `recordPurchaseInTx` in its own transaction.
 * Idempotent per order id; bad input is 400 VALIDATION_FAILED and changes nothing.
 */
export async function recordPurchase(platform: Platform, input: PurchaseInput): Promise<PurchaseOutcome> {
  const parsed = parseInput(PurchaseInput, input);
  return withStore(platform.db, parsed.storeId, (tx) =>
    recordPurchaseInTx(tx, { secret: platform.config.CARTON_SECRET }, input),
  );
}

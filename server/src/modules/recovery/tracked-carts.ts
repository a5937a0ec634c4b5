import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { resolveContact } from './contacts.ts';
import { emitTrackedCartEvent, emitTrackedCartEvents } from './events.ts';
import { readRecoverySettings } from './settings.ts';
import type { TrackedCartStatus } from './states.ts';

/**
 * Tracked carts: every source's carts in one model. Carton's own cart events, the tracking snippet
 * and platform integrations all come through `upsertTrackedCart` with already-mapped data.
 */

export const TRACKED_CART_SOURCES = [
  'carton',
  'tracker',
  'shopify',
  'woocommerce',
  'bigcommerce',
  'magento',
] as const;
export type TrackedCartSource = (typeof TRACKED_CART_SOURCES)[number];
export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export type Device = (typeof DEVICES)[number];

const ShortText = z.string().trim().max(300);
const Ref = z.string().trim().min(1).max(128);
const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as USD')
  .transform((c) => c.toUpperCase());
const Minor = z.number().int().min(0).max(100_000_000_000);
const When = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((d) => new Date(d));

export const TrackedCartItem = z.strictObject({
  productId: Ref.nullish(),
  variantId: Ref.nullish(),
  sku: ShortText.nullish(),
  title: ShortText.min(1),
  variantTitle: ShortText.nullish(),
  imageUrl: Url.nullish(),
  url: Url.nullish(),
  quantity: z.number().int().min(1).max(10_000),
  /** Minor units. */
  unitPrice: Minor,
});
export type TrackedCartItem = z.input<typeof TrackedCartItem>;

/** What a source reports about one of its carts (integrations map their payloads to this). */
export const TrackedCartInput = z.strictObject({
  storeId: z.string().min(1),
  source: z.enum(TRACKED_CART_SOURCES),
  /** The source's id of the cart (Carton cart id, the snippet's cart token, a platform checkout token). */
  externalId: Ref,
  currency: Currency,
  /** What the shopper would pay for the items, minor units. */
  value: Minor,
  items: z.array(TrackedCartItem).max(500),
  contact: z
    .strictObject({
      email: z.string().max(320).nullish(),
      phone: z.string().max(32).nullish(),
      customerId: Ref.nullish(),
    })
    .nullish(),
  anonymousId: Ref.nullish(),
  device: z.enum(DEVICES).nullish(),
  /** The platform's own link back to this cart (external carts). */
  recoveryUrl: Url.nullish(),
  checkoutStartedAt: When.nullish(),
  /** When the source saw this state; an older report never overwrites a newer one. Default: now. */
  occurredAt: When.optional(),
  /** The source no longer treats the cart as live (merged into another, expired): never abandon it. */
  closed: z.boolean().optional(),
});
export type TrackedCartInput = z.input<typeof TrackedCartInput>;
type ParsedInput = z.output<typeof TrackedCartInput>;

export interface StoredItem {
  product_id: string | null;
  variant_id: string | null;
  sku: string | null;
  title: string;
  variant_title: string | null;
  image_url: string | null;
  url: string | null;
  quantity: number;
  unit_price: number;
}

export type TrackedCartRow = {
  id: string;
  store_id: string;
  source: TrackedCartSource;
  external_id: string;
  contact_id: string | null;
  anonymous_id: string | null;
  customer_id: string | null;
  status: TrackedCartStatus;
  currency: string;
  value: number;
  item_count: number;
  items: StoredItem[];
  device: Device | null;
  platform_recovery_url: string | null;
  last_activity_at: Date;
  snapshot_at: Date;
  checkout_started_at: Date | null;
  exit_intent_at: Date | null;
  abandon_due_at: Date | null;
  abandoned_at: Date | null;
  recovered_at: Date | null;
  purchased_at: Date | null;
  order_id: string | null;
  recovered_value: number | null;
  recovered_currency: string | null;
  attributed_message_id: string | null;
  attributed_campaign_id: string | null;
  attributed_kind: 'clicked' | 'sent' | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What `tracked_cart.*` and `cart.*` events say about a tracked cart (no personal data). */
export function trackedCartEventPayload(row: TrackedCartRow): Record<string, unknown> {
  return {
    trackedCartId: row.id,
    source: row.source,
    externalId: row.external_id,
    status: row.status,
    contactId: row.contact_id,
    customerId: row.customer_id,
    currency: row.currency,
    value: Number(row.value),
    itemCount: row.item_count,
    items: row.items.map((i) => ({
      productId: i.product_id,
      variantId: i.variant_id,
      sku: i.sku,
      title: i.title,
      variantTitle: i.variant_title,
      imageUrl: i.image_url,
      url: i.url,
      quantity: i.quantity,
      unitPrice: i.unit_price,
    })),
    device: row.device,
    lastActivityAt: iso(row.last_activity_at),
    checkoutStartedAt: iso(row.checkout_started_at),
  };
}

const storedItems = (items: ParsedInput['items']): StoredItem[] =>
  items.map((i) => ({
    product_id: i.productId ?? null,
    variant_id: i.variantId ?? null,
    sku: i.sku ?? null,
    title: i.title,
    variant_title: i.variantTitle ?? null,
    image_url: i.imageUrl ?? null,
    url: i.url ?? null,
    quantity: i.quantity,
    unit_price: i.unitPrice,
  }));

/** When an active cart with this contact and these items falls due, or null (not abandonable). */
export function abandonDueAt(
  row: Pick<TrackedCartRow, 'status' | 'contact_id' | 'item_count' | 'last_activity_at'>,
  abandonAfterMinutes: number,
): Date | null {
  if (row.status !== 'active' || !row.contact_id || row.item_count <= 0) return null;
  return new Date(new Date(row.last_activity_at).getTime() + abandonAfterMinutes * 60_000);
}

export async function lockTrackedCart(
  tx: Tx,
  storeId: string,
  source: TrackedCartSource,
  externalId: string,
): Promise<TrackedCartRow | null> {
  const { rows } = await tx.execute<TrackedCartRow>(sql`
    SELECT * FROM recovery_carts WHERE store_id = ${storeId} AND source = ${source} AND external_id = ${externalId}
    FOR UPDATE`);
  return rows[0] ?? null;
}

export interface UpsertOutcome {
  cart: TrackedCartRow;
  created: boolean;
  /** False when the report was older than what the cart holds and changed nothing. */
  changed: boolean;
}

export interface UpsertContext {
  secret: string;
  /** The store's delay, when the caller has read it already (a batch). */
  abandonAfterMinutes?: number;
  /** The contact, when the caller has resolved it already (the snippet's visitor). */
  contactId?: string | null;
  /**
   * Emit no `tracked_cart.created` / `.updated`: the change only mirrors an event already in the
   * stream (Carton's own `cart.*`), which a second event would double.
   */
  mirrored?: boolean;
}

/**
 * Record a source's report of one cart in the caller's store-scoped transaction: created on first
 * sight, otherwise merged (an older snapshot never overwrites a newer one; activity only moves
 * forward; a contact once known stays). A closed (bought) cart is left alone. Emits
 * `tracked_cart.created` or `tracked_cart.updated`.
 */
export async function upsertTrackedCartInTx(
  tx: Tx,
  ctx: UpsertContext,
  raw: TrackedCartInput,
): Promise<UpsertOutcome> {
  const input = parseInput(TrackedCartInput, raw);
  const { storeId } = input;
  const delay = ctx.abandonAfterMinutes ?? (await readRecoverySettings(tx, storeId)).abandonAfterMinutes;
  const contactId = await contactOf(tx, ctx, input);
  let existing = await lockTrackedCart(tx, storeId, input.source, input.externalId);
  if (!existing) {
    const { rows } = await tx.execute<TrackedCartRow>(
      sql`${insertCarts([newCart(input, contactId, delay)])} RETURNING *`,
    );
    if (rows[0]) {
      if (!ctx.mirrored) {
        await emitTrackedCartEvent(
          tx,
          storeId,
          rows[0].id,
          'tracked_cart.created',
          trackedCartEventPayload(rows[0]),
        );
      }
      return { cart: rows[0], created: true, changed: true };
    }
    // Another transaction created it meanwhile: merge into theirs.
    existing = (await lockTrackedCart(tx, storeId, input.source, input.externalId))!;
  }
  const change = mergedCart(existing, input, contactId, delay);
  if (!change) return { cart: existing, created: false, changed: false };
  const { rows } = await tx.execute<TrackedCartRow>(sql`${updateCarts([change])} RETURNING c.*`);
  const cart = rows[0]!;
  if (!ctx.mirrored) {
    await emitTrackedCartEvent(tx, storeId, cart.id, 'tracked_cart.updated', trackedCartEventPayload(cart));
  }
  return { cart, created: false, changed: true };
}

/**
 * `upsertTrackedCartInTx` for a burst of one store's mirrored reports, each of a different cart
 * (Carton's own cart events): the same rules, in three statements whatever their number — the
 * existing carts locked at once, the new ones inserted at once, the others updated at once.
 * Reports that cannot go that way (a cart created meanwhile, one cart twice) go one by one.
 */
export async function upsertTrackedCartsInTx(
  tx: Tx,
  ctx: UpsertContext & { mirrored: true },
  raws: readonly TrackedCartInput[],
): Promise<void> {
  const inputs = raws.map((r) => parseInput(TrackedCartInput, r));
  const storeId = inputs[0]?.storeId;
  const keys = inputs.map((i) => `${i.source}\n${i.externalId}`);
  if (!storeId || inputs.some((i) => i.storeId !== storeId) || new Set(keys).size !== keys.length) {
    for (const raw of raws) await upsertTrackedCartInTx(tx, ctx, raw);
    return;
  }
  const delay = ctx.abandonAfterMinutes ?? (await readRecoverySettings(tx, storeId)).abandonAfterMinutes;
  const contacts: (string | null)[] = [];
  for (const input of inputs) contacts.push(await contactOf(tx, ctx, input));
  const { rows: locked } = await tx.execute<TrackedCartRow>(sql`
    SELECT c.* FROM recovery_carts c
    JOIN unnest(${sql.param(inputs.map((i) => i.source))}::text[], ${sql.param(inputs.map((i) => i.externalId))}::text[])
      AS k(source, external_id) ON c.source = k.source AND c.external_id = k.external_id
    WHERE c.store_id = ${storeId}
    ORDER BY c.id FOR UPDATE OF c`);
  const existing = new Map(locked.map((r) => [`${r.source}\n${r.external_id}`, r]));
  const fresh = inputs.flatMap((input, i) =>
    existing.has(keys[i]!) ? [] : [{ input, key: keys[i]!, row: newCart(input, contacts[i]!, delay) }],
  );
  const changes = inputs.flatMap((input, i) => {
    const row = existing.get(keys[i]!);
    const change = row && mergedCart(row, input, contacts[i]!, delay);
    return change ? [change] : [];
  });
  if (fresh.length) {
    const { rows: created } = await tx.execute<{ source: string; external_id: string }>(
      sql`${insertCarts(fresh.map((f) => f.row))} RETURNING source, external_id`,
    );
    const made = new Set(created.map((r) => `${r.source}\n${r.external_id}`));
    // Created by another transaction meanwhile: merged into theirs, one by one.
    for (const f of fresh) {
      if (!made.has(f.key)) await upsertTrackedCartInTx(tx, { ...ctx, abandonAfterMinutes: delay }, f.input);
    }
  }
  if (changes.length) {
    await tx.execute(updateCarts(changes));
  }
}

/** The contact a report names (resolved, created if new), or the caller's, or none. */
async function contactOf(tx: Tx, ctx: UpsertContext, input: ParsedInput): Promise<string | null> {
  if (ctx.contactId !== undefined && !input.contact) return ctx.contactId;
  if (!input.contact) return null;
  return (await resolveContact(tx, ctx.secret, input.storeId, input.contact)) ?? ctx.contactId ?? null;
}

/** A first report's new tracked cart, as `recovery_carts` columns. */
function newCart(input: ParsedInput, contactId: string | null, delay: number) {
  const at = input.occurredAt ?? new Date();
  const items = storedItems(input.items);
  const itemCount = items.reduce((n, i) => n + i.quantity, 0);
  const draft = {
    status: 'active' as const,
    contact_id: contactId,
    item_count: itemCount,
    last_activity_at: at,
  };
  return {
    id: newId('tcart'),
    store_id: input.storeId,
    source: input.source,
    external_id: input.externalId,
    contact_id: contactId,
    anonymous_id: input.anonymousId ?? null,
    customer_id: input.contact?.customerId ?? null,
    currency: input.currency,
    value: input.value,
    item_count: itemCount,
    items,
    device: input.device ?? null,
    platform_recovery_url: input.recoveryUrl ?? null,
    last_activity_at: at,
    snapshot_at: at,
    checkout_started_at: input.checkoutStartedAt ?? null,
    abandon_due_at: input.closed ? null : abandonDueAt(draft, delay),
  };
}

/**
 * A later report merged into its cart (an older snapshot never overwrites a newer one; activity
 * only moves forward; a contact once known stays), or null when it changes nothing or the cart
 * is closed (bought).
 */
function mergedCart(existing: TrackedCartRow, input: ParsedInput, contactId: string | null, delay: number) {
  if (existing.status === 'recovered' || existing.status === 'purchased') return null;
  const at = input.occurredAt ?? new Date();
  const items = storedItems(input.items);
  const itemCount = items.reduce((n, i) => n + i.quantity, 0);
  const newer = at.getTime() >= new Date(existing.snapshot_at).getTime();
  const next = {
    id: existing.id,
    status: existing.status,
    contact_id: existing.contact_id ?? contactId,
    anonymous_id: existing.anonymous_id ?? input.anonymousId ?? null,
    customer_id: existing.customer_id ?? input.contact?.customerId ?? null,
    currency: newer ? input.currency : existing.currency,
    value: newer ? input.value : Number(existing.value),
    item_count: newer ? itemCount : existing.item_count,
    items: newer ? items : existing.items,
    device: input.device ?? existing.device,
    platform_recovery_url: input.recoveryUrl ?? existing.platform_recovery_url,
    last_activity_at: newer ? at : new Date(existing.last_activity_at),
    snapshot_at: newer ? at : new Date(existing.snapshot_at),
    checkout_started_at: existing.checkout_started_at ?? input.checkoutStartedAt ?? null,
  };
  const same =
    !newer &&
    next.contact_id === existing.contact_id &&
    next.device === existing.device &&
    next.platform_recovery_url === existing.platform_recovery_url &&
    next.anonymous_id === existing.anonymous_id &&
    next.customer_id === existing.customer_id &&
    (next.checkout_started_at === null) === (existing.checkout_started_at === null);
  if (same && !input.closed) return null;
  return { ...next, abandon_due_at: input.closed ? null : abandonDueAt(next, delay) };
}

/** Insert tracked carts (`newCart` values); those created meanwhile by others are skipped. */
const insertCarts = (rows: readonly ReturnType<typeof newCart>[]) => sql`
  INSERT INTO recovery_carts (id, store_id, source, external_id, contact_id, anonymous_id, customer_id, currency,
                              value, item_count, items, device, platform_recovery_url, last_activity_at,
                              snapshot_at, checkout_started_at, abandon_due_at)
  SELECT id, store_id, source, external_id, contact_id, anonymous_id, customer_id, currency,
         value, item_count, items, device, platform_recovery_url, last_activity_at,
         snapshot_at, checkout_started_at, abandon_due_at
  FROM jsonb_populate_recordset(NULL::recovery_carts, ${JSON.stringify(rows)}::jsonb)
  ON CONFLICT (store_id, source, external_id) DO NOTHING`;

/** Update tracked carts (`mergedCart` values), locked by the caller. */
const updateCarts = (rows: readonly NonNullable<ReturnType<typeof mergedCart>>[]) => sql`
  UPDATE recovery_carts c SET
    contact_id = x.contact_id, anonymous_id = x.anonymous_id, customer_id = x.customer_id,
    currency = x.currency, value = x.value, item_count = x.item_count, items = x.items, device = x.device,
    platform_recovery_url = x.platform_recovery_url, last_activity_at = x.last_activity_at,
    snapshot_at = x.snapshot_at, checkout_started_at = x.checkout_started_at,
    abandon_due_at = x.abandon_due_at, version = c.version + 1, updated_at = now()
  FROM jsonb_populate_recordset(NULL::recovery_carts, ${JSON.stringify(rows)}::jsonb) AS x
  WHERE c.id = x.id`;

/**
 * Record a source's report of one of its carts (integrations, tests): `upsertTrackedCartInTx` in
 * its own transaction. Bad input is 400 VALIDATION_FAILED and changes nothing.
 */
export async function upsertTrackedCart(platform: Platform, input: TrackedCartInput): Promise<UpsertOutcome> {
  const parsed = parseInput(TrackedCartInput, input);
  return withStore(platform.db, parsed.storeId, (tx) =>
    upsertTrackedCartInTx(tx, { secret: platform.config.CARTON_SECRET }, input),
  );
}

/**
 * Activity without a new snapshot (checkout started, exit intent): moves the cart's last activity
 * forward (and so its abandonment), in the caller's transaction. Returns the cart, or null when the
 * source has not reported it.
 */
export async function noteTrackedCartActivity(
  tx: Tx,
  options: {
    storeId: string;
    source: TrackedCartSource;
    externalId: string;
    kind: 'checkout_started' | 'exit_intent' | 'seen';
    at: Date;
    abandonAfterMinutes: number;
  },
): Promise<TrackedCartRow | null> {
  const row = await lockTrackedCart(tx, options.storeId, options.source, options.externalId);
  if (!row || row.status === 'recovered' || row.status === 'purchased') return row;
  const last = new Date(Math.max(new Date(row.last_activity_at).getTime(), options.at.getTime()));
  const due = abandonDueAt({ ...row, last_activity_at: last }, options.abandonAfterMinutes);
  const { rows } = await tx.execute<TrackedCartRow>(sql`
    UPDATE recovery_carts SET last_activity_at = ${last}, abandon_due_at = ${due},
      checkout_started_at = CASE WHEN ${options.kind === 'checkout_started'} THEN COALESCE(checkout_started_at, ${options.at}) ELSE checkout_started_at END,
      exit_intent_at = CASE WHEN ${options.kind === 'exit_intent'} THEN ${options.at}::timestamptz ELSE exit_intent_at END,
      version = version + 1, updated_at = now()
    WHERE id = ${row.id} RETURNING *`);
  const cart = rows[0]!;
  await emitTrackedCartEvent(
    tx,
    options.storeId,
    cart.id,
    'tracked_cart.updated',
    trackedCartEventPayload(cart),
  );
  return cart;
}

/**
 * A contact became known for a visitor: their open carts without a contact take it (and so can be
 * abandoned). In the caller's transaction; emits `tracked_cart.updated` for each.
 */
export async function attachContactToVisitorCarts(
  tx: Tx,
  options: { storeId: string; anonymousId: string; contactId: string; abandonAfterMinutes: number },
): Promise<number> {
  const { rows } = await tx.execute<TrackedCartRow>(sql`
    UPDATE recovery_carts SET contact_id = ${options.contactId},
      abandon_due_at = CASE WHEN status = 'active' AND item_count > 0
        THEN last_activity_at + make_interval(mins => ${options.abandonAfterMinutes}) END,
      version = version + 1, updated_at = now()
    WHERE store_id = ${options.storeId} AND anonymous_id = ${options.anonymousId} AND contact_id IS NULL
      AND status IN ('active', 'abandoned')
    RETURNING *`);
  for (const cart of rows) {
    await emitTrackedCartEvent(
      tx,
      options.storeId,
      cart.id,
      'tracked_cart.updated',
      trackedCartEventPayload(cart),
    );
  }
  return rows.length;
}

/** The source closed a cart without a purchase (merged into another): it will never be abandoned. */
export async function closeTrackedCart(
  tx: Tx,
  options: { storeId: string; source: TrackedCartSource; externalId: string },
): Promise<void> {
  const row = await lockTrackedCart(tx, options.storeId, options.source, options.externalId);
  if (!row || row.abandon_due_at === null) return;
  const { rows } = await tx.execute<TrackedCartRow>(sql`
    UPDATE recovery_carts SET abandon_due_at = NULL, version = version + 1, updated_at = now()
    WHERE id = ${row.id} RETURNING *`);
  await emitTrackedCartEvent(
    tx,
    options.storeId,
    row.id,
    'tracked_cart.updated',
    trackedCartEventPayload(rows[0]!),
  );
}

/** One cart snapshot of the snippet, already mapped (the fold's bulk path). */
export interface TrackerSnapshot {
  externalId: string;
  anonymousId: string;
  contactId: string | null;
  currency: string;
  value: number;
  items: StoredItem[];
  device: Device | null;
  recoveryUrl: string | null;
  at: Date;
}

/**
 * Many snippet carts in ONE statement (the fold's fast path): each created or merged under the
 * same rules as `upsertTrackedCartInTx` — an older snapshot never overwrites a newer, activity
 * only moves forward, a known contact stays, a bought cart is left alone — then their
 * `tracked_cart.created` / `.updated` events in one more. One snapshot per cart (the caller keeps
 * the newest). Returns the carts written.
 */
export async function upsertTrackerSnapshots(
  tx: Tx,
  options: { storeId: string; abandonAfterMinutes: number; snapshots: readonly TrackerSnapshot[] },
): Promise<TrackedCartRow[]> {
  const { storeId, abandonAfterMinutes: delay } = options;
  if (!options.snapshots.length) return [];
  const input = options.snapshots.map((s) => ({
    id: newId('tcart'),
    external_id: s.externalId,
    anonymous_id: s.anonymousId,
    contact_id: s.contactId,
    currency: s.currency.toUpperCase(),
    value: s.value,
    item_count: s.items.reduce((n, i) => n + i.quantity, 0),
    items: s.items,
    device: s.device,
    recovery_url: s.recoveryUrl,
    at: s.at.toISOString(),
  }));
  // `before` sees the carts as they were when the statement began: only a cart that is new, or
  // whose contact, value or items changed, is announced (a repeated snapshot is not news).
  const { rows } = await tx.execute<TrackedCartRow & { inserted: boolean; changed: boolean }>(sql`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(id text, external_id text,
        anonymous_id text, contact_id text, currency text, value bigint, item_count integer, items jsonb,
        device text, recovery_url text, at timestamptz)
    ), before AS (
      SELECT b.external_id, b.contact_id, b.value, b.items FROM recovery_carts b
      WHERE b.store_id = ${storeId} AND b.source = 'tracker' AND b.external_id IN (SELECT external_id FROM x)
    ), written AS (
    INSERT INTO recovery_carts AS c (id, store_id, source, external_id, contact_id, anonymous_id, currency, value,
                                     item_count, items, device, platform_recovery_url, last_activity_at, snapshot_at,
                                     abandon_due_at)
    SELECT x.id, ${storeId}, 'tracker', x.external_id, x.contact_id, x.anonymous_id, x.currency, x.value, x.item_count,
           x.items, x.device, x.recovery_url, x.at, x.at,
           CASE WHEN x.contact_id IS NOT NULL AND x.item_count > 0 THEN x.at + make_interval(mins => ${delay}) END
    FROM x
    ON CONFLICT (store_id, source, external_id) DO UPDATE SET
      contact_id = COALESCE(c.contact_id, EXCLUDED.contact_id),
      anonymous_id = COALESCE(c.anonymous_id, EXCLUDED.anonymous_id),
      currency = EXCLUDED.currency, value = EXCLUDED.value, item_count = EXCLUDED.item_count, items = EXCLUDED.items,
      device = COALESCE(EXCLUDED.device, c.device),
      platform_recovery_url = COALESCE(EXCLUDED.platform_recovery_url, c.platform_recovery_url),
      last_activity_at = GREATEST(c.last_activity_at, EXCLUDED.last_activity_at),
      snapshot_at = EXCLUDED.snapshot_at,
      abandon_due_at = CASE
        WHEN c.status = 'active' AND COALESCE(c.contact_id, EXCLUDED.contact_id) IS NOT NULL AND EXCLUDED.item_count > 0
        THEN GREATEST(c.last_activity_at, EXCLUDED.last_activity_at) + make_interval(mins => ${delay}) END,
      version = c.version + 1, updated_at = now()
    WHERE c.status IN ('active', 'abandoned') AND EXCLUDED.snapshot_at >= c.snapshot_at
    RETURNING c.*, (c.xmax = 0) AS inserted)
    SELECT w.*, (b.external_id IS NULL OR b.contact_id IS DISTINCT FROM w.contact_id
                 OR b.value IS DISTINCT FROM w.value OR b.items IS DISTINCT FROM w.items) AS changed
    FROM written w LEFT JOIN before b ON b.external_id = w.external_id`);
  await emitTrackedCartEvents(
    tx,
    storeId,
    rows
      .filter((row) => row.inserted || row.changed)
      .map((row) => ({
        type: row.inserted ? 'tracked_cart.created' : 'tracked_cart.updated',
        trackedCartId: row.id,
        payload: trackedCartEventPayload(row),
      })),
  );
  return rows;
}

/**
 * The snippet's activity on many carts in one statement (the fold's fast path): last activity
 * (and so abandonment) moves forward, checkout start and exit intent are noted; carts the snippet
 * has not reported, or that are bought, are left alone. Emits `tracked_cart.updated` for each.
 */
export async function noteTrackerActivities(
  tx: Tx,
  options: {
    storeId: string;
    abandonAfterMinutes: number;
    activities: readonly { externalId: string; at: Date; checkoutAt: Date | null; exitAt: Date | null }[];
  },
): Promise<TrackedCartRow[]> {
  const { storeId, abandonAfterMinutes: delay } = options;
  if (!options.activities.length) return [];
  const input = options.activities.map((a) => ({
    external_id: a.externalId,
    at: a.at.toISOString(),
    checkout_at: a.checkoutAt?.toISOString() ?? null,
    exit_at: a.exitAt?.toISOString() ?? null,
  }));
  // Activity alone (a page view) moves abandonment on but is not news; a checkout begun or an exit
  // intent is, and only those are announced.
  const { rows } = await tx.execute<TrackedCartRow & { news: boolean }>(sql`
    UPDATE recovery_carts c SET
      last_activity_at = GREATEST(c.last_activity_at, x.at),
      checkout_started_at = COALESCE(c.checkout_started_at, x.checkout_at),
      exit_intent_at = GREATEST(c.exit_intent_at, x.exit_at),
      abandon_due_at = CASE WHEN c.status = 'active' AND c.contact_id IS NOT NULL AND c.item_count > 0
        THEN GREATEST(c.last_activity_at, x.at) + make_interval(mins => ${delay}) ELSE c.abandon_due_at END,
      version = c.version + 1, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
      AS x(external_id text, at timestamptz, checkout_at timestamptz, exit_at timestamptz),
      recovery_carts old -- the cart as the statement found it
    WHERE c.store_id = ${storeId} AND c.source = 'tracker' AND c.external_id = x.external_id AND old.id = c.id
      AND c.status IN ('active', 'abandoned')
    RETURNING c.*, ((old.checkout_started_at IS NULL AND x.checkout_at IS NOT NULL)
                    OR x.exit_at > COALESCE(old.exit_intent_at, '-infinity')) AS news`);
  await emitTrackedCartEvents(
    tx,
    storeId,
    rows
      .filter((row) => row.news)
      .map((row) => ({
        type: 'tracked_cart.updated',
        trackedCartId: row.id,
        payload: trackedCartEventPayload(row),
      })),
  );
  return rows;
}

import { sql, type SQL } from 'drizzle-orm';
import type { Address } from '../../platform/address.ts';
import {
  hotStatement,
  readInStore,
  hotStatementsOf,
  type Batch,
  type Db,
  type Tx,
} from '../../platform/db/database.ts';
import { emitEvent, emitEventText } from '../../platform/events/outbox.ts';
import type { CartStatus } from './cart-states.ts';
import {
  draftOrderEventOf,
  type CartEventLine,
  type CartEventSummary,
  type CartEventType,
} from './events.ts';
import { cartExpiryDays } from './policy.ts';
import type { PriceSource, StoredDiscount, StoredShipping, StoredTax } from './schema.ts';
import { cartTotals, type CartTotals } from './totals.ts';
import { iso, isoOrNull, type CartNotice, type CartView } from './views.ts';

/**
 * Reading, writing and showing cart rows: the SQL of the cart module, in as few round trips as
 * the hot paths allow (a cart with its lines is one statement; every write of a change is one).
 */

export interface LineRow {
  id: string;
  variant_id: string;
  product_id: string;
  quantity: number;
  unit_price: number;
  compare_at_price: number | null;
  price_source: PriceSource;
  product_title: string;
  variant_title: string;
  sku: string;
  image_url: string | null;
  weight_grams: number | null;
  /** False for digital goods and services (the product ships nothing). */
  requires_shipping: boolean;
  /** A gift card bought: no coupon or tax applies to it. */
  gift_card: boolean;
  /** What the shopper tells about the item (an engraving, a gift card's recipient): name → text. */
  properties: Record<string, string>;
  created_at: string;
}

/** A shopper's own cart, or a draft order staff build for a customer (`draft-orders`). */
export type CartKind = 'shopper' | 'draft';

export interface CartRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  currency: string;
  customer_id: string | null;
  email: string | null;
  shipping_address: Address | null;
  billing_address: Address | null;
  locale: string | null;
  note: string | null;
  /** The shopper ticked "e-mail me news and offers" (their consent, recorded with the customers module). */
  marketing_opt_in: boolean;
  /** What that tick recorded (a statement or a confirmation request id): what unticking undoes. */
  marketing_consent_ref: string | null;
  kind: CartKind;
  /** A draft's tax exemption, as staff set it (a shopper's own cart follows their account). */
  tax_exempt: boolean;
  status: CartStatus;
  version: number;
  subtotal: number;
  discount_total: number;
  item_count: number;
  discounts: StoredDiscount[];
  shipping_method_id: string | null;
  shipping: StoredShipping | null;
  tax: StoredTax | null;
  merged_into_cart_id: string | null;
  order_id: string | null;
  completed_at: Date | string | null;
  expires_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
  /** Active, but past its expiry (the sweep has not marked it yet). */
  expired: boolean;
  lines: LineRow[];
}

/** The columns of a cart read (alias `c`), its lines as JSON: for statements that return a whole cart. */
export const COLUMNS = `c.id, c.store_id, c.currency, c.customer_id, c.email, c.shipping_address, c.billing_address,
  c.locale, c.note, c.marketing_opt_in, c.marketing_consent_ref, c.kind, c.tax_exempt, c.status, c.version, c.subtotal, c.discount_total, c.item_count, c.discounts,
  c.shipping_method_id, c.shipping, c.tax, c.merged_into_cart_id, c.order_id, c.completed_at, c.expires_at, c.created_at, c.updated_at,
  (c.status = 'active' AND c.expires_at <= now()) AS expired,
  COALESCE((SELECT json_agg(json_build_object(
      'id', l.id, 'variant_id', l.variant_id, 'product_id', l.product_id, 'quantity', l.quantity,
      'unit_price', l.unit_price, 'compare_at_price', l.compare_at_price, 'price_source', l.price_source,
      'product_title', l.product_title, 'variant_title', l.variant_title, 'sku', l.sku,
      'image_url', l.image_url, 'weight_grams', l.weight_grams, 'requires_shipping', l.requires_shipping,
      'gift_card', l.gift_card, 'properties', l.properties, 'created_at', l.created_at)
    ORDER BY l.created_at, l.id) FROM cart_lines l WHERE l.cart_id = c.id), '[]') AS lines`;

/** A cart with its lines, in one round trip under the store's row-level security; null when absent. */
export async function readCart(db: Db, storeId: string, cartId: string): Promise<CartRow | null> {
  const rows = await readInStore<CartRow>(
    db,
    storeId,
    `SELECT ${COLUMNS} FROM carts c WHERE c.store_id = $1 AND c.id = $2`,
    [storeId, cartId],
  );
  return rows[0] ?? null;
}

/**
 * The cart with its lines, row-locked until `tx` ends: changes of one cart queue here. The lock is
 * a statement of its own, and the lines are read by the next one: a statement that waited for the
 * lock still reads with the snapshot it started with, so it would miss lines the previous change
 * committed meanwhile. `known` (the cart as read just before) is returned as is when its version
 * is still current — every change bumps it — which saves that second read when nobody competes.
 */
export async function lockCart(
  tx: Tx,
  storeId: string,
  cartId: string,
  known?: CartRow | null,
): Promise<CartRow | null> {
  const { rows } = await tx.execute<{ version: number }>(
    sql`SELECT version FROM carts WHERE store_id = ${storeId} AND id = ${cartId} FOR UPDATE`,
  );
  return lockedCart(tx, storeId, cartId, rows[0]?.version ?? null, known);
}

/**
 * `lockCart`'s statement as SQL text with its literals inlined, to travel with the transaction's
 * `BEGIN` (`transactionOpenedWith`); `lockedCart` takes its answer.
 */
export function lockCartText(storeId: string, cartId: string): string {
  return lockCartStatement(storeId, cartId, cartExpiryDays());
}

// With the version, the transaction's clock: what `persistCart` would read back from its write
// (the version after it, `now()`, the new expiry), so the write can go with COMMIT (`cartClock`).
const lockCartStatement = hotStatement(
  'cart_lock',
  ['text', 'text', 'int'],
  `SELECT version, now() AS now, now() + make_interval(days => $3) AS expires_at,
          (status = 'active' AND carts.expires_at <= now()) AS expired
   FROM carts WHERE store_id = $1 AND id = $2 FOR UPDATE`,
);

/** What a cart's write in this transaction will answer, from `lockCartText`'s result. */
export interface CartClock {
  now: string;
  expiresAt: string;
}

/** The clock in `lockCartText`'s answer (null when the cart does not exist). */
export function cartClock(locked: { rows: unknown[] }): CartClock | null {
  const row = locked.rows[0] as { now: Date | string; expires_at: Date | string } | undefined;
  return row ? { now: iso(row.now), expiresAt: iso(row.expires_at) } : null;
}

/** The locked cart: `known` when its version is still the locked one, else read again in `tx`. */
export async function lockedCart(
  tx: Tx,
  storeId: string,
  cartId: string,
  version: number | null,
  known?: CartRow | null,
): Promise<CartRow | null> {
  if (version === null) return null;
  if (known && known.id === cartId && known.version === version) return known;
  return readCartIn(tx, storeId, cartId);
}

async function readCartIn(tx: Tx, storeId: string, cartId: string): Promise<CartRow | null> {
  const { rows } = await tx.execute<CartRow>(
    sql`SELECT ${sql.raw(COLUMNS)} FROM carts c WHERE c.store_id = ${storeId} AND c.id = ${cartId}`,
  );
  return rows[0] ?? null;
}

/** The customer's active cart (locked as `lockCart` does), if any. */
export async function lockCustomerCart(tx: Tx, storeId: string, customerId: string): Promise<CartRow | null> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT id FROM carts WHERE store_id = ${storeId} AND customer_id = ${customerId} AND status = 'active'
      AND kind = 'shopper'
    FOR UPDATE`);
  return rows[0] ? readCartIn(tx, storeId, rows[0].id) : null;
}

/** The id of the customer's active cart, if any (one round trip). */
export async function findCustomerCartId(
  db: Db,
  storeId: string,
  customerId: string,
): Promise<string | null> {
  const rows = await readInStore<{ id: string }>(
    db,
    storeId,
    `SELECT id FROM carts WHERE store_id = $1 AND customer_id = $2 AND status = 'active' AND kind = 'shopper'`,
    [storeId, customerId],
  );
  return rows[0]?.id ?? null;
}

// --- the working copy of a cart during a change --------------------------------------------

export interface WorkingLine {
  id: string;
  variantId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  compareAtPrice: number | null;
  priceSource: PriceSource;
  productTitle: string;
  variantTitle: string;
  sku: string;
  imageUrl: string | null;
  weightGrams: number | null;
  /** False for digital goods and services: the line ships nothing. */
  requiresShipping: boolean;
  /** A gift card bought: no coupon or tax applies to it (it is taxed when spent). */
  giftCard: boolean;
  /** What the shopper tells about the item (an engraving, a gift card's recipient): name → text. */
  properties: Record<string, string>;
  createdAt: string;
  /** To be written (new, or changed). */
  dirty: boolean;
}

export interface WorkingCart {
  id: string;
  storeId: string;
  currency: string;
  kind: CartKind;
  /** A draft's tax exemption as staff set it; a shopper's own cart follows their account instead. */
  taxExempt: boolean;
  status: CartStatus;
  version: number;
  customerId: string | null;
  email: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  locale: string | null;
  /** The shopper's note for the shop (delivery instructions, a gift message). */
  note: string | null;
  /** The shopper ticked "e-mail me news and offers". */
  marketingOptIn: boolean;
  /** What the tick recorded with the customers module (what unticking undoes). */
  marketingConsentRef: string | null;
  lines: WorkingLine[];
  discounts: StoredDiscount[];
  /** The chosen shipping method, and shipping and tax as quoted at the last change. */
  shippingMethodId: string | null;
  shipping: StoredShipping | null;
  tax: StoredTax | null;
  mergedIntoCartId: string | null;
  orderId: string | null;
  completedAt: string | null;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
}

export function workingLine(l: LineRow): WorkingLine {
  return {
    id: l.id,
    variantId: l.variant_id,
    productId: l.product_id,
    quantity: l.quantity,
    unitPrice: Number(l.unit_price),
    compareAtPrice: l.compare_at_price === null ? null : Number(l.compare_at_price),
    priceSource: l.price_source,
    productTitle: l.product_title,
    variantTitle: l.variant_title,
    sku: l.sku,
    imageUrl: l.image_url,
    weightGrams: l.weight_grams,
    // Lines remembered before products could ship nothing (recent carts) ship.
    requiresShipping: l.requires_shipping ?? true,
    giftCard: l.gift_card ?? false,
    properties: l.properties ?? {},
    createdAt: iso(l.created_at),
    dirty: false,
  };
}

export function workingCart(row: CartRow): WorkingCart {
  return {
    id: row.id,
    storeId: row.store_id,
    currency: row.currency,
    kind: row.kind ?? 'shopper',
    taxExempt: row.tax_exempt ?? false,
    status: row.status,
    version: row.version,
    customerId: row.customer_id,
    email: row.email,
    shippingAddress: row.shipping_address,
    billingAddress: row.billing_address,
    locale: row.locale,
    note: row.note ?? null,
    marketingOptIn: row.marketing_opt_in ?? false,
    marketingConsentRef: row.marketing_consent_ref ?? null,
    lines: row.lines.map(workingLine),
    discounts: row.discounts,
    shippingMethodId: row.shipping_method_id ?? null,
    shipping: row.shipping ?? null,
    tax: row.tax ?? null,
    mergedIntoCartId: row.merged_into_cart_id,
    orderId: row.order_id,
    completedAt: isoOrNull(row.completed_at),
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The row a working copy stands for (`workingCart`'s inverse): the cart as this process wrote it. */
export function cartRowOf(cart: WorkingCart): CartRow {
  const totals = totalsOf(cart);
  return {
    id: cart.id,
    store_id: cart.storeId,
    currency: cart.currency,
    customer_id: cart.customerId,
    email: cart.email,
    shipping_address: cart.shippingAddress,
    billing_address: cart.billingAddress,
    locale: cart.locale,
    note: cart.note,
    marketing_opt_in: cart.marketingOptIn,
    marketing_consent_ref: cart.marketingConsentRef,
    kind: cart.kind,
    tax_exempt: cart.taxExempt,
    status: cart.status,
    version: cart.version,
    subtotal: totals.subtotal,
    discount_total: totals.discountTotal,
    item_count: totals.itemCount,
    discounts: cart.discounts,
    shipping_method_id: cart.shippingMethodId,
    shipping: cart.shipping,
    tax: cart.tax,
    merged_into_cart_id: cart.mergedIntoCartId,
    order_id: cart.orderId,
    completed_at: cart.completedAt,
    expires_at: cart.expiresAt,
    created_at: cart.createdAt,
    updated_at: cart.updatedAt,
    expired: cart.status === 'active' && Date.parse(cart.expiresAt) <= Date.now(),
    lines: cart.lines.map((l) => ({ ...lineColumns(l), created_at: l.createdAt })),
  };
}

/** A working line's columns as `cart_lines` stores them (its creation time is the database's). */
function lineColumns(l: WorkingLine): Omit<LineRow, 'created_at'> {
  return {
    id: l.id,
    variant_id: l.variantId,
    product_id: l.productId,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    compare_at_price: l.compareAtPrice,
    price_source: l.priceSource,
    product_title: l.productTitle,
    variant_title: l.variantTitle,
    sku: l.sku,
    image_url: l.imageUrl,
    weight_grams: l.weightGrams,
    requires_shipping: l.requiresShipping,
    gift_card: l.giftCard,
    properties: l.properties,
  };
}

/** The properties as kept: names and text trimmed, empty texts left out, names in order. */
export function keptProperties(p: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(p ?? {})
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export const sameProperties = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(keptProperties(a)) === JSON.stringify(keptProperties(b));

/** Whether anything in the cart ships (a cart of digital goods and services needs no shipping). */
export function cartShips(cart: { lines: readonly { requiresShipping: boolean }[] }): boolean {
  return cart.lines.some((l) => l.requiresShipping);
}

/** The totals of the cart as it stands, with the shipping and tax quoted at its last change. */
export function totalsOf(cart: WorkingCart): CartTotals {
  return cartTotals({
    currency: cart.currency,
    lines: cart.lines,
    discounts: cart.discounts.map((d) => ({
      code: d.code,
      amount: d.amount,
      freeShipping: d.free_shipping,
      lines: d.lines.map((l) => ({ lineId: l.line_id, amount: l.amount })),
    })),
    shipping: cart.shipping,
    tax: cart.tax
      ? {
          inclusive: cart.tax.inclusive,
          lines: cart.tax.lines,
          shippingTax: cart.tax.shipping_tax,
          total: cart.tax.total,
          exempt: cart.tax.exempt ?? false,
          exemption: cart.tax.exemption ?? null,
        }
      : null,
  });
}

export function cartView(cart: WorkingCart, notices: CartNotice[] = []): CartView {
  const totals = totalsOf(cart);
  const byLine = new Map(totals.lines.map((l) => [l.id, l]));
  return {
    id: cart.id,
    status: cart.status,
    currency: cart.currency,
    customer_id: cart.customerId,
    email: cart.email,
    locale: cart.locale,
    note: cart.note,
    marketing_opt_in: cart.marketingOptIn,
    shipping_address: cart.shippingAddress,
    billing_address: cart.billingAddress,
    requires_shipping: cartShips(cart),
    lines: cart.lines.map((l) => {
      const t = byLine.get(l.id)!;
      return {
        id: l.id,
        variant_id: l.variantId,
        product_id: l.productId,
        product_title: l.productTitle,
        variant_title: l.variantTitle,
        sku: l.sku,
        image_url: l.imageUrl,
        weight_grams: l.weightGrams,
        requires_shipping: l.requiresShipping,
        gift_card: l.giftCard,
        properties: l.properties,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        compare_at_price: l.compareAtPrice,
        price_source: l.priceSource,
        subtotal: t.subtotal,
        discount: t.discount,
        tax_exemption: t.taxExemption,
        total: t.total,
        tax: t.tax,
      };
    }),
    discounts: cart.discounts.map((d) => ({
      code: d.code,
      kind: d.kind,
      amount: d.amount,
      free_shipping: d.free_shipping,
      lines: d.lines.map((l) => ({ line_id: l.line_id, amount: l.amount })),
    })),
    shipping_method: cart.shipping
      ? {
          id: cart.shipping.method_id,
          name: cart.shipping.name,
          amount: cart.shipping.amount,
          free_shipping_applied: cart.shipping.free_shipping_applied,
          estimate: cart.shipping.estimate,
          pickup: cart.shipping.pickup ?? null,
        }
      : null,
    totals: {
      subtotal: totals.subtotal,
      discount_total: totals.discountTotal,
      shipping_total: totals.shippingTotal,
      shipping_discount: totals.shippingDiscount,
      tax_total: totals.taxTotal,
      tax_inclusive: totals.taxInclusive,
      // A draft says what staff chose even before it has an address to be taxed at.
      tax_exempt: cart.kind === 'draft' ? cart.taxExempt : totals.taxExempt,
      tax_exemption: totals.taxExemption,
      total: totals.total,
    },
    item_count: totals.itemCount,
    version: cart.version,
    merged_into_cart_id: cart.mergedIntoCartId,
    order_id: cart.orderId,
    expires_at: cart.expiresAt,
    created_at: cart.createdAt,
    updated_at: cart.updatedAt,
    completed_at: cart.completedAt,
    notices,
  };
}

// --- writing ----------------------------------------------------------------------------------

/**
 * Write a change in one statement: delete the lines no longer there, upsert the new and changed
 * ones, and update the cart (contact, summary, discounts, version + 1, expiry = now + the expiry
 * period). Updates `cart` with the new version and times.
 */
export async function persistCart(tx: Tx, cart: WorkingCart): Promise<void> {
  const { rows } = await tx.execute<{
    version: number;
    updated_at: Date | string;
    expires_at: Date | string;
  }>(persistStatement(cart));
  const saved = rows[0]!;
  cart.version = saved.version;
  cart.updatedAt = iso(saved.updated_at);
  cart.expiresAt = iso(saved.expires_at);
  for (const l of cart.lines) l.dirty = false;
}

/**
 * `persistCart` sent with the caller's COMMIT (`closeWith`): its answer is known already — the
 * cart is locked at `version` in this transaction, and `clock` is the transaction's `now()` and
 * the expiry it sets (`lockCartText`). One round trip fewer per cart change.
 */
export function persistCartWithCommit(batch: Batch, cart: WorkingCart, clock: CartClock): void {
  batch.closeWith(persistHot(persistStatement(cart)));
  cart.version += 1;
  cart.updatedAt = clock.now;
  cart.expiresAt = clock.expiresAt;
  for (const l of cart.lines) l.dirty = false;
}

const persistHot = hotStatementsOf('cart_persist');

/** The write of a cart and its changed lines: lines gone deleted, changed upserted, the cart's row updated. */
function persistStatement(cart: WorkingCart): SQL {
  const totals = totalsOf(cart);
  const dirty = cart.lines.filter((l) => l.dirty).map(lineColumns);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return sql`
    WITH gone AS (
      DELETE FROM cart_lines WHERE cart_id = ${cart.id}
        AND NOT (id = ANY(${sql.param(cart.lines.map((l) => l.id))}::text[]))
    ), saved AS (
      INSERT INTO cart_lines (id, store_id, cart_id, variant_id, product_id, quantity, unit_price, compare_at_price,
                              price_source, product_title, variant_title, sku, image_url, weight_grams, requires_shipping, gift_card,
                              properties)
      SELECT x.id, ${cart.storeId}, ${cart.id}, x.variant_id, x.product_id, x.quantity, x.unit_price, x.compare_at_price,
             x.price_source, x.product_title, x.variant_title, x.sku, x.image_url, x.weight_grams, x.requires_shipping, x.gift_card,
             coalesce(x.properties, '{}')
      FROM jsonb_to_recordset(${JSON.stringify(dirty)}::jsonb) AS x(
        id text, variant_id text, product_id text, quantity int, unit_price bigint, compare_at_price bigint,
        price_source jsonb, product_title text, variant_title text, sku text, image_url text, weight_grams int,
        requires_shipping boolean, gift_card boolean, properties jsonb)
      ON CONFLICT (id) DO UPDATE SET
        quantity = excluded.quantity, unit_price = excluded.unit_price, compare_at_price = excluded.compare_at_price,
        price_source = excluded.price_source, product_title = excluded.product_title,
        variant_title = excluded.variant_title, sku = excluded.sku, image_url = excluded.image_url,
        weight_grams = excluded.weight_grams, requires_shipping = excluded.requires_shipping,
        gift_card = excluded.gift_card, properties = excluded.properties, updated_at = now()
    )
    UPDATE carts SET
      version = version + 1, customer_id = ${cart.customerId}, email = ${cart.email},
      shipping_address = ${json(cart.shippingAddress)}::jsonb, billing_address = ${json(cart.billingAddress)}::jsonb,
      locale = ${cart.locale}, note = ${cart.note}, marketing_opt_in = ${cart.marketingOptIn},
      marketing_consent_ref = ${cart.marketingConsentRef}, subtotal = ${totals.subtotal}, discount_total = ${totals.discountTotal},
      item_count = ${totals.itemCount}, discounts = ${JSON.stringify(cart.discounts)}::jsonb,
      shipping_method_id = ${cart.shippingMethodId}, shipping = ${json(cart.shipping)}::jsonb,
      tax = ${json(cart.tax)}::jsonb, tax_exempt = ${cart.taxExempt},
      expires_at = now() + make_interval(days => ${cartExpiryDays()}), updated_at = now()
    WHERE id = ${cart.id} AND store_id = ${cart.storeId}
    RETURNING version, updated_at, expires_at`;
}

// --- events -----------------------------------------------------------------------------------

export function eventLine(l: WorkingLine): CartEventLine {
  return {
    lineId: l.id,
    variantId: l.variantId,
    productId: l.productId,
    sku: l.sku,
    productTitle: l.productTitle,
    variantTitle: l.variantTitle,
    imageUrl: l.imageUrl,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
  };
}

export function eventSummary(cart: WorkingCart): CartEventSummary {
  const totals = totalsOf(cart);
  return {
    cartId: cart.id,
    status: cart.status,
    customerId: cart.customerId,
    email: cart.email,
    locale: cart.locale,
    currency: cart.currency,
    value: totals.subtotal - totals.discountTotal,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    itemCount: totals.itemCount,
    couponCodes: cart.discounts.map((d) => d.code),
    lines: cart.lines.map(eventLine),
    version: cart.version,
    updatedAt: cart.updatedAt,
    expiresAt: cart.expiresAt,
  };
}

/** Record a cart event (outbox, same transaction) with the cart's summary and what changed. */
export async function emitCartEvent(
  tx: Tx,
  cart: WorkingCart,
  type: CartEventType,
  change: Record<string, unknown> = {},
): Promise<void> {
  await emitEvent(tx, cartEvent(cart, type, change));
}

/** `emitCartEvent` as SQL text for the caller's batch (`emitEventText`). */
export function cartEventText(
  tx: Tx,
  cart: WorkingCart,
  type: CartEventType,
  change: Record<string, unknown> = {},
): string {
  return emitEventText(tx, cartEvent(cart, type, change)).text;
}

/** A shopper's cart speaks `cart.*`; a draft order `draft_order.*` (recovery follows no draft). */
function cartEvent(cart: WorkingCart, type: CartEventType, change: Record<string, unknown>) {
  const payload = { ...eventSummary(cart), ...change };
  if (cart.kind === 'draft') {
    return {
      storeId: cart.storeId,
      aggregateType: 'draft_order',
      aggregateId: cart.id,
      ...draftOrderEventOf(type, payload),
    };
  }
  return { storeId: cart.storeId, type, aggregateType: 'cart', aggregateId: cart.id, payload };
}

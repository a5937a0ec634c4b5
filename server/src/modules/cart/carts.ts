import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { AddressInput } from '../../platform/address.ts';
import {
  readInStore,
  sqlText,
  keyedStoreScope,
  transactionOpenedWith,
  withStore,
  type Db,
} from '../../platform/db/database.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { Email } from '../identity/passwords.ts';
import { applyCouponToCart, CouponCode, removeCouponFromCart } from '../promotions/service.ts';
import type { BackorderPolicy } from '../inventory/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { assertCartOpen } from './cart-states.ts';
import { expireCart } from './expiry.ts';
import {
  cartView,
  cartEventText,
  emitCartEvent,
  eventLine,
  findCustomerCartId,
  lockCustomerCart,
  readCart,
  workingCart,
  type CartRow,
  type WorkingLine,
  keptProperties,
  sameProperties,
} from './cart-rows.ts';
import type { ReadAhead } from '../../platform/db/read-ahead.ts';
import {
  priceOf,
  sellableUnits,
  variantForCart,
  variantForCartAhead,
  type PriceBook,
  type VariantSnapshot,
} from './catalog-port.ts';
import { requoteAhead } from './shipping-quote.ts';
import {
  assertCartAccess,
  cartNotFound,
  changeCart,
  type CartAccess,
  type CartTarget,
  type ChangeContext,
} from './change.ts';
import { accountEmail, recordCheckoutConsent, revokeCheckoutConsent } from './customer-port.ts';
import { cartExpiryDays, newCartId, storeCartRules } from './policy.ts';
import { rememberCart } from './recent-carts.ts';
import { iso, isoOrNull, type CartSummaryView, type CartView } from './views.ts';

// --- input shapes ---------------------------------------------------------------------------

const Id = z.string().trim().min(1).max(64);
/** Units of a variant: a whole number, at least 1 (remove a line to take it out). */
export const Quantity = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1 (remove the line instead)')
  .max(1_000_000, 'must be at most 1000000');
export const Locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a locale such as en or vi-VN')
  .describe('Product titles in the cart are shown in this language where translated');

export const CreateCartInput = z.strictObject({
  currency: CurrencyCode.optional().describe("Default: the store's currency"),
  email: Email.optional(),
  locale: Locale.optional(),
  shipping_address: AddressInput.optional(),
  billing_address: AddressInput.optional(),
});
export type CreateCartInput = z.input<typeof CreateCartInput>;

const MAX_PROPERTIES = 10;

/** What the shopper tells about an item: at most 10 names (≤ 50 characters) with their text (≤ 500). */
const LineProperties = z
  .record(
    z.string().trim().min(1, 'a property needs a name').max(50, 'at most 50 characters'),
    z.string().trim().max(500, 'at most 500 characters'),
  )
  .refine((p) => Object.keys(p).length <= MAX_PROPERTIES, `at most ${MAX_PROPERTIES} properties`)
  .describe(
    'name → text, e.g. `{ "Engraving": "A & B" }`, answering the product\'s `personalization`; a gift card ' +
      'bought for someone else: "Recipient email" (an address), "Recipient name", "Message". The same variant ' +
      'with other properties is another line',
  );

export const AddLineInput = z.strictObject({
  variant_id: Id,
  quantity: Quantity.default(1),
  properties: LineProperties.optional(),
});
export type AddLineInput = z.input<typeof AddLineInput>;

export const UpdateLineInput = z
  .strictObject({ quantity: Quantity.optional(), properties: LineProperties.optional() })
  .refine((b) => b.quantity !== undefined || b.properties !== undefined, {
    message: 'name the quantity, the properties or both',
  });
export type UpdateLineInput = z.input<typeof UpdateLineInput>;

/**
 * The product's personalization fields answered: each required one given (a shopper's cart: staff
 * building a draft order add the line first and fill it in after), none too long.
 */
function checkPersonalization(
  ctx: ChangeContext,
  fields: VariantSnapshot['personalization'],
  properties: Record<string, string>,
  at: string,
): void {
  const errors = fields.flatMap((f) => {
    const answer = properties[f.name];
    const path = `${at}.properties.${f.name}`;
    if (f.required && !answer && ctx.cart.kind !== 'draft')
      return [{ path, message: 'required for this product' }];
    if (answer && answer.length > f.max_length)
      return [{ path, message: `at most ${f.max_length} characters` }];
    return [];
  });
  if (errors.length) {
    throw new AppError('VALIDATION_FAILED', 'Fill in what this product asks for.', { errors });
  }
}

/** A gift card for someone else names them: "Recipient email" must be an e-mail address. */
function checkGiftCardRecipient(properties: Record<string, string>, giftCard: boolean, at: string): void {
  const to = properties['Recipient email'];
  if (!giftCard || to === undefined) return;
  if (!z.email().safeParse(to).success) {
    throw new AppError('VALIDATION_FAILED', 'The gift card’s recipient needs an e-mail address.', {
      errors: [{ path: `${at}.properties.Recipient email`, message: 'must be an e-mail address' }],
    });
  }
}

/** Units of the variant in the cart's other lines (the same variant with other properties). */
const otherUnits = (ctx: ChangeContext, line: { variantId: string; id?: string }) =>
  ctx.cart.lines
    .filter((l) => l.variantId === line.variantId && l.id !== line.id)
    .reduce((n, l) => n + l.quantity, 0);

/** The details a cart's owner may set, each optional (`CartDetailsInput` asks for at least one). */
export const CartDetailsFields = z
  .strictObject({
    email: Email.nullable(),
    shipping_address: AddressInput.nullable(),
    billing_address: AddressInput.nullable(),
    locale: Locale.nullable(),
    note: z
      .string()
      .trim()
      .max(500, 'at most 500 characters')
      .transform((s) => s || null)
      .nullable()
      .describe('A note for the shop: delivery instructions, a gift message (kept on the order)'),
    marketing_opt_in: z
      .boolean()
      .describe(
        'The shopper asks for news and offers by e-mail (the checkout box): recorded as their marketing consent ' +
          "for the cart's e-mail (source `checkout`) — under double opt-in once they confirm the link e-mailed to " +
          'them. Unticking it after ticking withdraws it.',
      ),
  })
  .partial();
export const CartDetailsInput = CartDetailsFields.refine(
  (v) => Object.keys(v).length > 0,
  'name at least one of email, shipping_address, billing_address, locale, note, marketing_opt_in',
).describe('Fields left out stay as they are; null clears one');
export type CartDetailsInput = z.input<typeof CartDetailsInput>;

export const ApplyCouponInput = z.strictObject({ code: CouponCode });
export type ApplyCouponInput = z.input<typeof ApplyCouponInput>;

export const CartListQuery = PageQuery.extend({
  status: z.enum(['active', 'completed', 'expired', 'merged']).optional(),
  customer_id: Id.optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
});
export type CartListQuery = z.input<typeof CartListQuery>;

// --- creating and reading -------------------------------------------------------------------

/**
 * A new cart. A signed-in customer has one active cart: if they already have one it comes back
 * unchanged (`created: false`) — concurrent creations for one customer settle on one cart.
 */
export async function createCart(
  db: Db,
  options: { storeId: string; customerId?: string | null; input: CreateCartInput },
): Promise<{ cart: CartView; created: boolean }> {
  const input = parseInput(CreateCartInput, options.input);
  const { storeId } = options;
  const customerId = options.customerId ?? null;
  const rules = await storeCartRules(db, storeId);
  const insert = (email: string | null) =>
    newCartInsert({
      storeId,
      kind: 'shopper',
      currency: input.currency ?? rules.currency,
      customerId,
      email,
      input,
    });
  if (!customerId) {
    // An anonymous cart: the insert goes with BEGIN, its event with COMMIT — two messages.
    let row: CartRow | undefined;
    const made = await transactionOpenedWith(
      db,
      `${keyedStoreScope(storeId)}; ${sqlText(insert(input.email ?? null))}`,
      async (tx, io) => {
        row = { ...(io.opened.at(-1)!.rows[0] as CartRow), expired: false, lines: [] };
        const cart = workingCart(row);
        io.closeWith(cartEventText(tx, cart, 'cart.created'));
        return { cart: cartView(cart), created: true };
      },
    );
    rememberCart(row!); // the first line added starts from it (recent-carts.ts)
    return made;
  }
  return withStore(db, storeId, async (tx) => {
    const existing = await lockCustomerCart(tx, storeId, customerId);
    if (existing && !existing.expired) return { cart: cartView(workingCart(existing)), created: false };
    if (existing) await expireCart(tx, existing);
    // A customer's cart starts with their account's e-mail unless they give another.
    const email = input.email ?? (await accountEmail(tx, storeId, customerId));
    const { rows } = await tx.execute<CartRow>(insert(email));
    if (!rows[0]) {
      // Another request created this customer's cart since we looked: that one is theirs.
      const theirs = await lockCustomerCart(tx, storeId, customerId);
      return { cart: cartView(workingCart(theirs!)), created: false };
    }
    const cart = workingCart({ ...rows[0], expired: false, lines: [] });
    await emitCartEvent(tx, cart, 'cart.created');
    return { cart: cartView(cart), created: true };
  });
}

/**
 * The INSERT of a new cart (its row RETURNING *), expiring after the expiry period. A shopper's
 * cart yields to the customer's active one (the one-active-cart index: no row when they have one);
 * a draft order is never their active cart.
 */
export function newCartInsert(c: {
  storeId: string;
  kind: 'shopper' | 'draft';
  currency: string;
  customerId: string | null;
  email: string | null;
  /** A draft's tax exemption (its customer's, to start with). */
  taxExempt?: boolean;
  input: Pick<CreateCartInput, 'locale' | 'shipping_address' | 'billing_address'>;
}) {
  const { input } = c;
  return sql`
      INSERT INTO carts (id, store_id, kind, currency, customer_id, email, tax_exempt, locale, shipping_address, billing_address, expires_at)
      VALUES (${newCartId()}, ${c.storeId}, ${c.kind}, ${c.currency}, ${c.customerId}, ${c.email}, ${c.taxExempt ?? false},
              ${input.locale ?? null},
              ${input.shipping_address ? JSON.stringify(input.shipping_address) : null}::jsonb,
              ${input.billing_address ? JSON.stringify(input.billing_address) : null}::jsonb,
              now() + make_interval(days => ${cartExpiryDays()}))
      ${
        c.kind === 'shopper'
          ? sql`ON CONFLICT (store_id, customer_id) WHERE status = 'active' AND customer_id IS NOT NULL AND kind = 'shopper'
      DO NOTHING`
          : sql``
      }
      RETURNING *`;
}

/**
 * The cart for a shopper: one round trip. 404 unknown, 403 another customer's, 410 expired;
 * completed and merged carts are shown (a merged one names the cart it went into).
 */
export async function getCart(
  db: Db,
  options: { storeId: string; cartId: string; access: CartAccess },
): Promise<CartView> {
  return (await getCartAndRow(db, options)).view;
}

/** `getCart`, with the row it read: the checkout hands it to `getCartForCheckout` (one read). */
export async function getCartAndRow(
  db: Db,
  options: { storeId: string; cartId: string; access: CartAccess },
): Promise<{ view: CartView; row: CartRow }> {
  const row = await readCart(db, options.storeId, options.cartId);
  if (!row) throw cartNotFound(options.cartId);
  assertCartAccess(row, options.access);
  if (row.status === 'expired' || row.expired) assertCartOpen(row);
  return { view: cartView(workingCart(row)), row };
}

/** The signed-in customer's active cart; 404 when they have none. */
export async function getCustomerCart(
  db: Db,
  options: { storeId: string; customerId: string },
): Promise<CartView> {
  const id = await findCustomerCartId(db, options.storeId, options.customerId);
  const row = id ? await readCart(db, options.storeId, id) : null;
  if (!row || row.status !== 'active' || row.expired) {
    throw new AppError('NOT_FOUND', 'You have no active cart.');
  }
  return cartView(workingCart(row));
}

// --- lines ----------------------------------------------------------------------------------

function limitExceeded(message: string, path: string): AppError {
  return new AppError('CART_LIMIT_EXCEEDED', message, { errors: [{ path, message }] });
}

function quantityLimit(ctx: ChangeContext, quantity: number, path: string): void {
  const max = ctx.rules.maxLineQuantity;
  if (quantity > max) {
    throw limitExceeded(`A cart line holds at most ${max} units; this would make it ${quantity}.`, path);
  }
}

/** Refuse more units than can be sold (summed over locations), unless backorders are allowed. */
async function assertInStock(
  ctx: ChangeContext,
  variantId: string,
  quantity: number,
  path: string,
  /** The variant's backorder policy, when the caller has just read it. */
  backorderPolicy?: BackorderPolicy,
): Promise<void> {
  const known = backorderPolicy ? new Map([[variantId, { backorderPolicy }]]) : undefined;
  const units = (await sellableUnits(ctx.tx, ctx.storeId, [variantId], known)).get(variantId) ?? 0;
  if (quantity <= units) return;
  throw new AppError(
    'INSUFFICIENT_STOCK',
    units > 0 ? `Only ${units} of this variant can be bought now.` : 'This variant is out of stock.',
    { errors: [{ path, message: `only ${units} available` }] },
  );
}

/**
 * Add units of a variant: a new line, or more of the line that already holds it. Refused, with
 * nothing changed: a variant not for sale in this store (404), no price in the cart's currency
 * (422), above the line's quantity limit or the cart's line limit (422), more than in stock (409).
 */
export async function addCartLine(db: Db, options: CartTarget & { input: AddLineInput }): Promise<CartView> {
  const input = parseInput(AddLineInput, options.input);
  const variantId = input.variant_id;
  return changeCart(db, options, {
    variants: [variantId],
    withLock: (pre, prices) => variantsAhead(pre, prices, [variantId]),
    edit: (ctx) => addVariant(ctx, variantId, input.quantity, 'body', input.properties),
  });
}

const MAX_BATCH_LINES = 50;

export const AddLinesInput = z.strictObject({
  lines: z
    .array(AddLineInput)
    .min(1, 'add at least one line')
    .max(MAX_BATCH_LINES, `at most ${MAX_BATCH_LINES} lines at once`),
  skip_unavailable: z
    .boolean()
    .default(false)
    .describe(
      'Add what can be added and tell the rest in `notices` (`line_not_added`), instead of refusing them all ' +
        '(a reorder, a saved list)',
    ),
});
export type AddLinesInput = z.input<typeof AddLinesInput>;

/** Why a line could not be added, as the `line_not_added` notice tells it. */
const NOT_ADDED_REASONS: Record<string, string> = {
  NOT_FOUND: 'unavailable',
  UNPROCESSABLE: 'no_price',
  INSUFFICIENT_STOCK: 'out_of_stock',
  CART_LIMIT_EXCEEDED: 'limit',
  // Inside a change, only what a product asks the shopper (its personalization, a recipient).
  VALIDATION_FAILED: 'details_needed',
};

/**
 * Add several variants in one change (a quick-order form, "buy again"): each as `addCartLine`
 * would, one event each. All or nothing, the refusal naming its line (`body.lines[2].quantity`);
 * with `skip_unavailable`, a line that cannot be added (not for sale, no price, out of stock, a
 * limit) is left out and told in a `line_not_added` notice, and the rest are added.
 */
export async function addCartLines(
  db: Db,
  options: CartTarget & { input: AddLinesInput },
): Promise<CartView> {
  const input = parseInput(AddLinesInput, options.input);
  const variantIds = [...new Set(input.lines.map((l) => l.variant_id))];
  return changeCart(db, options, {
    variants: variantIds,
    withLock: (pre, prices) => variantsAhead(pre, prices, variantIds),
    async edit(ctx) {
      for (const [i, line] of input.lines.entries()) {
        try {
          await addVariant(ctx, line.variant_id, line.quantity, `body.lines[${i}]`, line.properties);
        } catch (err) {
          const reason = isAppError(err) ? NOT_ADDED_REASONS[err.code] : undefined;
          if (!input.skip_unavailable || !reason) throw err;
          ctx.notices.push({
            code: 'line_not_added',
            message: err instanceof Error ? err.message : String(err),
            variant_id: line.variant_id,
            quantity: line.quantity,
            reason,
          });
        }
      }
    },
  });
}

/** The variants' products and stock, read with the cart's lock for those pricing knows. */
function variantsAhead(pre: CartRow, prices: PriceBook, variantIds: readonly string[]): ReadAhead[] {
  return variantIds.flatMap((variantId) => {
    const productId = prices.facts.get(variantId)?.productId;
    return productId ? variantForCartAhead(pre, variantId, productId) : [];
  });
}

/**
 * `quantity` more units of a variant in the working cart (a new line, or more on its line).
 * Checks everything before touching the cart, so a refusal leaves it as it was.
 */
async function addVariant(
  ctx: ChangeContext,
  variantId: string,
  added: number,
  at: string,
  given?: Record<string, string>,
): Promise<void> {
  const properties = keptProperties(given);
  const existing = ctx.cart.lines.find(
    (l) => l.variantId === variantId && sameProperties(l.properties, properties),
  );
  const quantity = (existing?.quantity ?? 0) + added;
  const snapshot = await variantForCart(ctx.tx, {
    storeId: ctx.storeId,
    variantId,
    productId: ctx.prices.facts.get(variantId)?.productId,
    locale: ctx.cart.locale,
    path: `${at}.variant_id`,
  });
  const quote = priceOf(ctx.prices, { variantId, currency: ctx.cart.currency, quantity, at: ctx.now });
  if (!quote) {
    throw new AppError('UNPROCESSABLE', `Variant ${variantId} has no price in ${ctx.cart.currency}.`, {
      errors: [{ path: `${at}.variant_id`, message: `no price in ${ctx.cart.currency}` }],
    });
  }
  quantityLimit(ctx, quantity, `${at}.quantity`);
  if (!existing && ctx.cart.lines.length >= ctx.rules.maxLines) {
    throw limitExceeded(`A cart holds at most ${ctx.rules.maxLines} lines.`, `${at}.variant_id`);
  }
  checkGiftCardRecipient(properties, snapshot.giftCard, at);
  checkPersonalization(ctx, snapshot.personalization, properties, at);
  const others = otherUnits(ctx, { variantId, ...(existing ? { id: existing.id } : {}) });
  await assertInStock(ctx, variantId, quantity + others, `${at}.quantity`, snapshot.backorderPolicy);
  const line: WorkingLine = existing ?? {
    id: newId('cline'),
    variantId,
    productId: snapshot.productId,
    quantity: 0,
    unitPrice: quote.amount,
    compareAtPrice: quote.compareAtAmount,
    priceSource: { kind: quote.source.kind, id: quote.source.id, name: quote.source.name },
    productTitle: '',
    variantTitle: '',
    sku: '',
    imageUrl: null,
    weightGrams: null,
    requiresShipping: true,
    giftCard: false,
    properties,
    createdAt: ctx.now.toISOString(),
    dirty: true,
  };
  // The display snapshot is refreshed with every change of the line.
  Object.assign(line, {
    quantity,
    productId: snapshot.productId,
    productTitle: snapshot.productTitle,
    variantTitle: snapshot.variantTitle,
    sku: snapshot.sku,
    imageUrl: snapshot.imageUrl,
    weightGrams: snapshot.weightGrams,
    requiresShipping: snapshot.requiresShipping,
    giftCard: snapshot.giftCard,
    dirty: true,
  });
  if (!existing) ctx.cart.lines.push(line);
  ctx.emit('cart.line_added', () => ({ line: eventLine(line), quantityAdded: added }));
}

export function findLine(ctx: ChangeContext, lineId: string): WorkingLine {
  const line = ctx.cart.lines.find((l) => l.id === lineId);
  if (!line) {
    throw new AppError('NOT_FOUND', `Cart ${ctx.cart.id} has no line ${lineId}.`, {
      errors: [{ path: 'params.lineId', message: 'no such line in this cart' }],
    });
  }
  return line;
}

/** Set a line's quantity. More units are checked against the limit and the stock; fewer never are. */
export async function updateCartLine(
  db: Db,
  options: CartTarget & { lineId: string; input: UpdateLineInput },
): Promise<CartView> {
  const input = parseInput(UpdateLineInput, options.input);
  return changeCart(db, options, {
    async edit(ctx) {
      const line = findLine(ctx, options.lineId);
      const previous = line.quantity;
      const quantity = input.quantity ?? previous;
      const properties = input.properties ? keptProperties(input.properties) : line.properties;
      const retold = !sameProperties(properties, line.properties);
      if (quantity === previous && !retold) return;
      if (retold) {
        checkGiftCardRecipient(properties, line.giftCard, 'body');
        // What the product asks now (read only when the properties change).
        const snapshot = await variantForCart(ctx.tx, {
          storeId: ctx.storeId,
          variantId: line.variantId,
          productId: line.productId,
          locale: ctx.cart.locale,
          path: 'params.lineId',
        });
        checkPersonalization(ctx, snapshot.personalization, properties, 'body');
        line.properties = properties;
        ctx.dirty = true;
      }
      if (quantity > previous) {
        quantityLimit(ctx, quantity, 'body.quantity');
        await assertInStock(ctx, line.variantId, quantity + otherUnits(ctx, line), 'body.quantity');
      }
      line.quantity = quantity;
      line.dirty = true;
      // Told the same as another line of the variant: one line, as adding it would have made.
      const twin = retold
        ? ctx.cart.lines.find(
            (l) => l !== line && l.variantId === line.variantId && sameProperties(l.properties, properties),
          )
        : undefined;
      if (twin) {
        const before = twin.quantity;
        quantityLimit(ctx, before + quantity, 'body.quantity');
        twin.quantity = before + quantity;
        twin.dirty = true;
        ctx.cart.lines = ctx.cart.lines.filter((l) => l !== line);
        ctx.emit('cart.line_removed', { line: eventLine(line), reason: 'merged' });
        // The line asked for is gone: the answer says where its units went.
        ctx.notices.push({
          code: 'line_removed',
          message: 'The line now has the same details as another line of this item: the two are one line.',
          line_id: line.id,
          variant_id: line.variantId,
          quantity: twin.quantity,
          reason: 'merged',
        });
        ctx.emit('cart.line_updated', () => ({
          line: eventLine(twin),
          previousQuantity: before,
          reason: 'quantity_changed',
        }));
        return;
      }
      if (quantity === previous) return;
      ctx.emit('cart.line_updated', () => ({
        line: eventLine(line),
        previousQuantity: previous,
        reason: 'quantity_changed',
      }));
    },
  });
}

export async function removeCartLine(db: Db, options: CartTarget & { lineId: string }): Promise<CartView> {
  return changeCart(db, options, {
    async edit(ctx) {
      const line = findLine(ctx, options.lineId);
      ctx.cart.lines = ctx.cart.lines.filter((l) => l !== line);
      ctx.emit('cart.line_removed', { line: eventLine(line), reason: 'removed' });
    },
  });
}

// --- contact details and coupons -------------------------------------------------------------

function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * Set or clear the e-mail, the shipping and billing addresses (validated per country), the locale
 * and the shopper's note for the shop.
 */
export async function updateCartDetails(
  db: Db,
  options: CartTarget & {
    input: CartDetailsInput;
    /** A draft order's tax exemption, as staff set it (refused, 404, for a shopper's cart). */
    taxExempt?: boolean;
  },
): Promise<CartView> {
  // A draft's exemption alone is a change too.
  const input = parseInput(
    options.taxExempt === undefined ? CartDetailsInput : CartDetailsFields,
    options.input,
  );
  return changeCart(db, options, {
    // Shipping and tax for the address the cart will have, read with the cart's lock.
    withLock: (pre) =>
      requoteAhead(pre.store_id, {
        lines: pre.lines.length,
        address: input.shipping_address !== undefined ? input.shipping_address : pre.shipping_address,
        methodId: pre.shipping_method_id,
      }),
    async edit(ctx) {
      const cart = ctx.cart;
      const changed: string[] = [];
      // Addresses come back from jsonb with their keys reordered: compare them key by key.
      const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
      if (input.email !== undefined && !same(input.email, cart.email)) {
        cart.email = input.email;
        changed.push('email');
      }
      if (input.shipping_address !== undefined && !same(input.shipping_address, cart.shippingAddress)) {
        cart.shippingAddress = input.shipping_address;
        changed.push('shipping_address');
      }
      if (input.billing_address !== undefined && !same(input.billing_address, cart.billingAddress)) {
        cart.billingAddress = input.billing_address;
        changed.push('billing_address');
      }
      if (input.locale !== undefined && input.locale !== cart.locale) {
        cart.locale = input.locale;
        changed.push('locale');
      }
      if (input.note !== undefined && input.note !== cart.note) {
        cart.note = input.note;
        changed.push('note');
      }
      if (input.marketing_opt_in !== undefined && input.marketing_opt_in !== cart.marketingOptIn) {
        cart.marketingOptIn = input.marketing_opt_in;
        changed.push('marketing_opt_in');
      }
      // The box speaks for the cart's address: what an earlier tick recorded is undone when it is
      // unticked or the address changes, and a tick records consent for the address it now has.
      if (changed.includes('marketing_opt_in') || changed.includes('email')) {
        if (cart.marketingConsentRef) {
          await revokeCheckoutConsent(ctx.tx, { storeId: ctx.storeId, ref: cart.marketingConsentRef });
          cart.marketingConsentRef = null;
        }
        if (cart.marketingOptIn && cart.email && cart.kind === 'shopper') {
          cart.marketingConsentRef = await recordCheckoutConsent(ctx.tx, {
            storeId: ctx.storeId,
            email: cart.email,
            locale: cart.locale,
          });
        }
      }
      if (options.taxExempt !== undefined && options.taxExempt !== cart.taxExempt) {
        if (cart.kind !== 'draft') throw cartNotFound(cart.id);
        cart.taxExempt = options.taxExempt;
        changed.push('tax_exempt');
      }
      if (changed.length) ctx.emit('cart.contact_updated', { changed });
    },
  });
}

/** Apply a coupon code (see promotions' `applyCouponToCart` for the refusals). Applying it again changes nothing. */
export async function applyCartCoupon(
  db: Db,
  options: CartTarget & { input: ApplyCouponInput },
): Promise<CartView> {
  const { code } = parseInput(ApplyCouponInput, options.input);
  return changeCart(db, options, {
    async coupons(ctx, cart, shopper) {
      const { discount, alreadyApplied } = await applyCouponToCart(ctx.tx, {
        storeId: ctx.storeId,
        cartId: ctx.cart.id,
        code,
        shopper,
        cart,
        at: ctx.now,
      });
      ctx.couponsTouched = true;
      if (alreadyApplied) return;
      ctx.emit('cart.coupon_applied', () => ({
        coupon: {
          code: discount.code,
          kind: discount.kind,
          amount:
            ctx.cart.discounts.find((d) => d.coupon_id === discount.couponId)?.amount ?? discount.amount,
        },
      }));
    },
  });
}

export async function removeCartCoupon(
  db: Db,
  options: { storeId: string; cartId: string; code: string; access: CartAccess; expectedVersion?: number },
): Promise<CartView> {
  return changeCart(db, options, {
    async coupons(ctx) {
      const removed = await removeCouponFromCart(ctx.tx, {
        storeId: ctx.storeId,
        cartId: ctx.cart.id,
        code: options.code,
      });
      ctx.couponsTouched = true;
      // Taken off by the shopper: not one that "vanished" when the coupons are re-checked.
      ctx.cart.discounts = ctx.cart.discounts.filter((d) => d.coupon_id !== removed.couponId);
      ctx.dirty = true;
      ctx.emit('cart.coupon_removed', { coupon: { code: removed.code }, reason: 'removed' });
    },
  });
}

// --- admin ----------------------------------------------------------------------------------

/** A cart as staff see it: any status, expired or not. */
export async function getCartForAdmin(
  db: Db,
  options: { storeId: string; cartId: string },
): Promise<CartView> {
  const row = await readCart(db, options.storeId, options.cartId);
  if (!row) throw cartNotFound(options.cartId);
  return cartView(workingCart(row));
}

interface SummaryRow {
  [column: string]: unknown;
  id: string;
  status: CartView['status'];
  currency: string;
  customer_id: string | null;
  email: string | null;
  locale: string | null;
  shipping_address: CartView['shipping_address'];
  billing_address: CartView['billing_address'];
  version: number;
  subtotal: number;
  discount_total: number;
  item_count: number;
  line_count: number;
  merged_into_cart_id: string | null;
  order_id: string | null;
  expires_at: Date | string;
  created_at: Date | string;
  updated_at: Date | string;
  completed_at: Date | string | null;
  cursor_at: string;
}

/** The store's carts (or draft orders), most recently changed first (keyset-paginated), with optional filters. */
export async function listCarts(
  db: Db,
  options: { storeId: string; query: CartListQuery; kind?: 'shopper' | 'draft' },
): Promise<Page<CartSummaryView>> {
  const query = parseInput(CartListQuery, options.query, 'querystring');
  const cursor = decodeCursor<{ u: string; id: string }>(query.cursor);
  const params: unknown[] = [options.storeId];
  const where = ['c.store_id = $1', `c.kind = '${options.kind === 'draft' ? 'draft' : 'shopper'}'`];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.status) add((n) => `c.status = ${n}`, query.status);
  if (query.customer_id) add((n) => `c.customer_id = ${n}`, query.customer_id);
  if (query.email) add((n) => `lower(c.email) = ${n}`, query.email);
  if (cursor) {
    params.push(String(cursor.u), String(cursor.id));
    where.push(`(c.updated_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(query.limit + 1);
  const rows = await readInStore<SummaryRow>(
    db,
    options.storeId,
    `SELECT c.id, c.status, c.currency, c.customer_id, c.email, c.locale, c.shipping_address, c.billing_address,
            c.version, c.subtotal, c.discount_total, c.item_count, c.merged_into_cart_id, c.order_id,
            c.expires_at, c.created_at, c.updated_at, c.completed_at,
            (SELECT count(*)::int FROM cart_lines l WHERE l.cart_id = c.id) AS line_count,
            -- microseconds: a cursor at millisecond precision would skip rows changed in the same millisecond
            to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM carts c WHERE ${where.join(' AND ')}
     ORDER BY c.updated_at DESC, c.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = toPage(rows, query.limit, (r) => ({ u: r.cursor_at, id: r.id }));
  return {
    data: page.data.map((r) => ({
      id: r.id,
      status: r.status,
      currency: r.currency,
      customer_id: r.customer_id,
      email: r.email,
      locale: r.locale,
      shipping_address: r.shipping_address,
      billing_address: r.billing_address,
      version: r.version,
      subtotal: r.subtotal,
      discount_total: r.discount_total,
      item_count: r.item_count,
      line_count: r.line_count,
      merged_into_cart_id: r.merged_into_cart_id,
      order_id: r.order_id,
      expires_at: iso(r.expires_at),
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
      completed_at: isoOrNull(r.completed_at),
    })),
    next_cursor: page.next_cursor,
  };
}

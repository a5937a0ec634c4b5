import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { linkToken, linkTokenValid } from '../../platform/link-tokens.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type AuditContext } from '../audit/service.ts';
import {
  addCartLines,
  AddLinesInput,
  CreateCartInput,
  createDraftCart,
  deleteDraftCart,
  getDraftCart,
  setDraftCustomer,
  setDraftLinePrice,
  updateCartDetails,
  type DraftLinePriceInput,
  type CartAccess,
  type CartView,
} from '../cart/service.ts';
import {
  checkoutOpen,
  completeCheckout,
  getCheckout,
  orderAccess,
  type CheckoutAnswer,
  type CheckoutView,
} from '../checkout/service.ts';
import { customerPricingFacts } from '../customers/service.ts';
import { getCustomer } from '../identity/customers.ts';
import { storefrontUrl } from '../identity/emails.ts';
import { getOrder, paymentLinkEmail } from '../orders/service.ts';
import { capturePayment } from '../payments/service.ts';
import { MAX_GIFT_CARDS_PER_ORDER } from '../gift-cards/tender.ts';
import { getStore } from '../tenancy/service.ts';

/**
 * Draft orders: staff build an order for a customer — a phone order, a quote, a wholesale order —
 * with the cart's engine (`cart/drafts.ts`), then either place it themselves, paid by a manual
 * method (marked paid at once when the money is already in), or send the customer a signed link to
 * a page where they review it and pay. Either way it goes through the ordinary durable checkout:
 * one order, one charge, stock reserved and committed as for any cart.
 */

/** Staff reach draft orders of their store, whoever the customer. */
export const STAFF: CartAccess = { customerId: null, trusted: true, drafts: true };

const Id = z.string().trim().min(1).max(64);

export const CreateDraftInput = CreateCartInput.extend({
  customer_id: Id.optional().describe(
    "A registered customer: the order is theirs (their account's e-mail unless `email` says another)",
  ),
  note: z.string().trim().max(500).optional().describe('The note the order carries (shown to the customer)'),
  lines: AddLinesInput.shape.lines.optional().describe('Lines to start with (each as POST …/lines)'),
  from_order_id: Id.optional().describe(
    'Start from a placed order (Shopify’s "Duplicate"): its customer, e-mail, addresses, currency and the ' +
      'units not cancelled, at today’s prices — each replaced by what the body gives. An exchange: the new ' +
      '`lines`; a replacement for a lost parcel: the same lines',
  ),
});
export type CreateDraftInput = z.input<typeof CreateDraftInput>;
type ParsedDraftInput = z.output<typeof CreateDraftInput>;

/**
 * What a draft started from a placed order takes from it, under what the body gives: the customer
 * (when still an active one; else the order's e-mail), addresses, currency, language and the
 * lines' units not cancelled (with their properties), and a note naming the order.
 */
async function fromOrder(
  platform: Platform,
  storeId: string,
  body: CreateDraftInput,
): Promise<ParsedDraftInput> {
  const parsed = parseInput(CreateDraftInput, body);
  const orderId = parsed.from_order_id;
  if (!orderId) return parsed;
  const order = await getOrder(platform.db, { storeId, orderId }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      throw new AppError('UNPROCESSABLE', 'No such order in this store.', {
        errors: [{ path: 'body.from_order_id', message: 'not an order of this store' }],
      });
    }
    throw err;
  });
  const customer = order.customer_id
    ? await getCustomer(platform, { storeId, customerId: order.customer_id }).catch(() => null)
    : null;
  const lines = order.lines
    .filter((l) => l.quantity > l.cancelled_quantity)
    .map((l) => ({
      variant_id: l.variant_id,
      quantity: l.quantity - l.cancelled_quantity,
      ...(Object.keys(l.properties).length ? { properties: l.properties } : {}),
    }));
  const { from_order_id: _, ...asked } = body;
  const merged: CreateDraftInput = {
    currency: order.currency,
    locale: order.locale ?? undefined,
    ...(customer?.status === 'active' ? { customer_id: customer.id } : { email: order.email }),
    ...(order.shipping_address ? { shipping_address: order.shipping_address } : {}),
    ...(order.billing_address ? { billing_address: order.billing_address } : {}),
    note: `Follows order ${order.display_number}`,
    lines,
    ...asked,
  };
  return parseInput(CreateDraftInput, merged);
}

export async function createDraftOrder(
  platform: Platform,
  o: { storeId: string; input: CreateDraftInput; actor: AuditContext },
): Promise<CartView> {
  const { storeId } = o;
  const {
    customer_id: customerId,
    note,
    lines,
    from_order_id: _,
    ...cart
  } = await fromOrder(platform, storeId, o.input);
  let taxExempt = false;
  if (customerId) {
    const customer = await draftCustomer(platform, storeId, customerId);
    cart.email ??= customer.email; // their account's, unless staff gave another
    taxExempt = customer.taxExempt;
  }
  let draft = await createDraftCart(platform.db, {
    storeId,
    customerId: customerId ?? null,
    taxExempt,
    input: cart,
  });
  const target = { storeId, cartId: draft.id, access: STAFF };
  try {
    if (note) draft = await updateCartDetails(platform.db, { ...target, input: { note } });
    if (lines?.length) draft = await addCartLines(platform.db, { ...target, input: { lines } });
  } catch (err) {
    // All or nothing: a line that cannot be sold leaves no half-made draft behind.
    await deleteDraftCart(platform.db, { storeId, cartId: draft.id });
    throw err;
  }
  await audit(platform, o.actor, storeId, 'draft_order.created', draft.id, {
    customer_id: draft.customer_id,
    lines: draft.lines.length,
    total: draft.totals.total,
  });
  return draft;
}

/** A customer a draft can be for: active in this store (422 naming `customer_id` otherwise). */
async function draftCustomer(
  platform: Platform,
  storeId: string,
  customerId: string,
): Promise<{ email: string; taxExempt: boolean }> {
  const customer = await getCustomer(platform, { storeId, customerId }).catch(() => null);
  if (customer?.status !== 'active') {
    throw new AppError('UNPROCESSABLE', 'No such customer in this store.', {
      errors: [{ path: 'body.customer_id', message: 'not an active customer of this store' }],
    });
  }
  const { taxExempt } = await customerPricingFacts(platform.db, storeId, customerId);
  return { email: customer.email, taxExempt };
}

export const DraftCustomerInput = z.strictObject({
  customer_id: Id.nullable().describe(
    'The registered customer the order is for; null: no account (the e-mail stays)',
  ),
});
export type DraftCustomerInput = z.input<typeof DraftCustomerInput>;

/**
 * Staff give the draft to another customer (taken for the wrong one, or the buyer opened an account
 * meanwhile): it takes their e-mail, tax exemption and group prices; or to no account. Audited.
 */
export async function changeDraftCustomer(
  platform: Platform,
  o: { storeId: string; draftId: string; input: DraftCustomerInput; actor: AuditContext },
): Promise<CartView> {
  const { customer_id: customerId } = parseInput(DraftCustomerInput, o.input);
  const { storeId } = o;
  const target = { storeId, cartId: o.draftId, access: STAFF };
  const before = await getDraftCart(platform.db, target);
  if (before.customer_id === customerId) return before;
  const customer = customerId ? await draftCustomer(platform, storeId, customerId) : null;
  const draft = await setDraftCustomer(platform.db, {
    ...target,
    customerId,
    ...(customer ? { email: customer.email, taxExempt: customer.taxExempt } : {}),
  });
  await audit(platform, o.actor, storeId, 'draft_order.customer_changed', o.draftId, {
    from: before.customer_id,
    to: customerId,
  });
  return draft;
}

export async function deleteDraftOrder(
  platform: Platform,
  o: { storeId: string; draftId: string; actor: AuditContext },
): Promise<void> {
  // Not while the customer is paying it (a 3-D Secure challenge open, the checkout at work).
  if (await checkoutOpen(platform.db, { storeId: o.storeId, cartId: o.draftId })) {
    throw new AppError('CONFLICT', `Draft order ${o.draftId} is being paid; it cannot be deleted now.`);
  }
  await deleteDraftCart(platform.db, { storeId: o.storeId, cartId: o.draftId });
  await audit(platform, o.actor, o.storeId, 'draft_order.deleted', o.draftId, null);
}

/** Staff set (or clear) a line's agreed price; audited with the price before and after. */
export async function priceDraftLine(
  platform: Platform,
  o: { storeId: string; draftId: string; lineId: string; input: DraftLinePriceInput; actor: AuditContext },
): Promise<CartView> {
  const target = { storeId: o.storeId, cartId: o.draftId, access: STAFF };
  const before = (await getDraftCart(platform.db, target)).lines.find((l) => l.id === o.lineId);
  const draft = await setDraftLinePrice(platform.db, { ...target, lineId: o.lineId, input: o.input });
  const after = draft.lines.find((l) => l.id === o.lineId);
  if (before && after && before.unit_price !== after.unit_price) {
    await audit(platform, o.actor, o.storeId, 'draft_order.line_priced', o.draftId, {
      line_id: o.lineId,
      variant_id: after.variant_id,
      unit_price: after.unit_price,
      set_by_staff: after.price_source.kind === 'staff',
    });
  }
  return draft;
}

// --- placing it ---------------------------------------------------------------------------

export const PlaceDraftInput = z.strictObject({
  payment_method: z
    .union([z.enum(['bank_transfer', 'cash_on_delivery']), z.string().regex(/^cpm_[A-Za-z0-9_]{1,60}$/)], {
      error: 'bank_transfer, cash_on_delivery, or one of the customer’s saved cards (cpm_…)',
    })
    .describe(
      'How the customer pays: a manual method — the order is placed unpaid (whether or not shoppers are offered ' +
        'it) — or a card the draft’s customer saved (GET /admin/v1/customers/{id}/payment-methods), charged now ' +
        'with the customer away (a card that needs a 3-D Secure challenge is declined: send a payment link). ' +
        'Not needed when `gift_card_ids` cover the order',
    )
    .optional(),
  gift_card_ids: z
    .array(Id)
    .max(MAX_GIFT_CARDS_PER_ORDER)
    .optional()
    .describe(
      'Store credit and gift cards the draft’s customer holds (GET /admin/v1/gift-cards?customer_id=…), spent ' +
        'first — an exchange paid with a return’s store credit, say; `payment_method` pays what is left',
    ),
  mark_paid: z
    .boolean()
    .default(false)
    .describe(
      'The money is already in (cash at the counter, a transfer received): captured at once. Manual methods only',
    ),
  expected_total: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The total staff saw; if it moved: 409, nothing placed'),
});
export type PlaceDraftInput = z.input<typeof PlaceDraftInput>;

/** Staff place the draft for the customer: paid by a manual method, marked paid if the money is in. */
export async function placeDraftOrder(
  platform: Platform,
  o: { storeId: string; draftId: string; input: PlaceDraftInput; actor: AuditContext },
): Promise<CheckoutView> {
  const input = parseInput(PlaceDraftInput, o.input);
  const { storeId, draftId } = o;
  const byCard = input.payment_method?.startsWith('cpm_') ?? false;
  const byCredit = (input.gift_card_ids?.length ?? 0) > 0;
  if (byCard && input.mark_paid) {
    throw new AppError('VALIDATION_FAILED', 'A saved card is charged, not marked paid.', {
      errors: [{ path: 'body.mark_paid', message: 'for manual methods only' }],
    });
  }
  // A saved card, and store credit, are the draft's customer's: the checkout checks them as theirs.
  const customerId =
    byCard || byCredit ? (await getDraftCart(platform.db, { storeId, cartId: draftId })).customer_id : null;
  if ((byCard || byCredit) && !customerId) {
    throw new AppError(
      'UNPROCESSABLE',
      'This draft order is for no customer: nothing of theirs can pay it.',
      {
        errors: [
          {
            path: byCard ? 'body.payment_method' : 'body.gift_card_ids',
            message: 'choose the draft’s customer first',
          },
        ],
      },
    );
  }
  const placed = await completeCheckout(platform, {
    storeId,
    cartId: draftId,
    access: { ...STAFF, customerId },
    input: {
      payment_method: input.payment_method,
      gift_card_ids: input.gift_card_ids,
      expected_total: input.expected_total,
    },
    anyManualMethod: true,
  });
  let checkout = placed.checkout;
  if (input.mark_paid && checkout.payment.intent_id && checkout.order?.payment_status !== 'captured') {
    await capturePayment(platform, { storeId, intentId: checkout.payment.intent_id, actor: o.actor });
    checkout = await getCheckout(platform, { storeId, cartId: draftId, access: STAFF });
  }
  await audit(platform, o.actor, storeId, 'draft_order.placed', draftId, {
    order_id: checkout.order?.id ?? null,
    payment_method: input.payment_method ?? null,
    gift_cards: input.gift_card_ids?.length ?? 0,
    mark_paid: input.mark_paid,
  });
  return checkout;
}

// --- the customer's payment link ------------------------------------------------------------

const LINK_PURPOSE = 'draft-orders/payment-link';

interface PaymentLink {
  url: string;
  token: string;
  expires_at: string;
  emailed_to: string | null;
}

/**
 * A signed link to the storefront's page for this draft (`/pay/{id}?token=`), valid as long as
 * the draft could be (the cart expiry period), e-mailed to the draft's address when `send`. The
 * draft must be ready to pay: lines, an e-mail, an address and a shipping method — or, when nothing
 * in it ships, a billing address (422 otherwise).
 */
export async function sendPaymentLink(
  platform: Platform,
  o: { storeId: string; draftId: string; send: boolean; actor: AuditContext },
): Promise<PaymentLink> {
  const { storeId, draftId } = o;
  const draft = await getDraftCart(platform.db, { storeId, cartId: draftId });
  if (draft.status !== 'active') {
    throw new AppError(
      'CART_NOT_ACTIVE',
      `Draft order ${draftId} is ${draft.status}; there is nothing to pay.`,
    );
  }
  // Nothing in it ships (digital goods, services): no shipping, but an address to tax and invoice.
  const ships = draft.requires_shipping || draft.lines.length === 0;
  const missing = [
    ...(draft.lines.length ? [] : [{ path: 'lines', message: 'add at least one line' }]),
    ...(draft.email ? [] : [{ path: 'email', message: 'the customer’s e-mail is needed' }]),
    ...(!ships
      ? draft.billing_address || draft.shipping_address
        ? []
        : [{ path: 'billing_address', message: 'a billing address is needed (nothing in the order ships)' }]
      : [
          ...(draft.shipping_address
            ? []
            : [{ path: 'shipping_address', message: 'a shipping address is needed' }]),
          ...(draft.shipping_method
            ? []
            : [{ path: 'shipping_method', message: 'choose a shipping method' }]),
        ]),
  ];
  if (missing.length) {
    throw new AppError('CHECKOUT_INCOMPLETE', 'The draft order is not ready to pay yet.', {
      errors: missing,
    });
  }
  const store = await getStore(platform.db, storeId);
  const ttlSeconds = Math.max(60, Math.floor((Date.parse(draft.expires_at) - Date.now()) / 1000));
  const token = linkToken(platform.config.CARTON_SECRET, LINK_PURPOSE, { storeId, id: draftId, ttlSeconds });
  const url = `${storefrontUrl(platform.config, store)}/pay/${draftId}?token=${encodeURIComponent(token)}`;
  if (o.send) {
    await platform.mailer.send(
      paymentLinkEmail(
        {
          email: draft.email!,
          locale: draft.locale,
          currency: draft.currency,
          total: draft.totals.total,
          items: draft.lines.map(
            (l) => `${l.quantity} × ${l.product_title}${l.variant_title ? ` — ${l.variant_title}` : ''}`,
          ),
        },
        { name: store.name, locale: store.locale },
        url,
      ),
    );
  }
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
  await audit(platform, o.actor, storeId, 'draft_order.payment_link_sent', draftId, {
    emailed: o.send,
    expires_at: expiresAt,
  });
  return { url, token, expires_at: expiresAt, emailed_to: o.send ? draft.email : null };
}

/** What the payment link opens: its draft, for this store; 404 for a forged, altered or expired link. */
function linkAccess(platform: Platform, o: { storeId: string; draftId: string; token: string | undefined }) {
  if (
    !linkTokenValid(platform.config.CARTON_SECRET, LINK_PURPOSE, {
      storeId: o.storeId,
      id: o.draftId,
      token: o.token,
    })
  ) {
    throw new AppError('NOT_FOUND', `No draft order ${o.draftId} for this link; it may have expired.`);
  }
  return STAFF;
}

/** The draft as its payment page shows it. */
export async function getDraftForLink(
  platform: Platform,
  o: { storeId: string; draftId: string; token: string | undefined },
): Promise<CartView> {
  linkAccess(platform, o);
  return getDraftCart(platform.db, { storeId: o.storeId, cartId: o.draftId });
}

/** The customer pays through the link: the store's checkout, as for their own cart. */
export async function payDraftThroughLink(
  platform: Platform,
  o: {
    storeId: string;
    draftId: string;
    token: string | undefined;
    input: Parameters<typeof completeCheckout>[1]['input'];
  },
): Promise<CheckoutAnswer> {
  const access = linkAccess(platform, o);
  const answer = await completeCheckout(platform, {
    storeId: o.storeId,
    cartId: o.draftId,
    access,
    input: o.input,
  });
  return { ...answer, checkout: withOrderLink(platform, o.storeId, answer.checkout) };
}

/**
 * Whoever holds the draft's link may follow its order the same way: a registered customer's order
 * gets its signed link too (the checkout gives one to guests only), so the payer is not sent to
 * sign in first.
 */
function withOrderLink(platform: Platform, storeId: string, checkout: CheckoutView): CheckoutView {
  if (!checkout.order || checkout.order.access_token) return checkout;
  return { ...checkout, order: { ...checkout.order, ...orderAccess(platform, storeId, checkout.order.id) } };
}

/** The link's checkout attempt (after a 3-D Secure challenge). */
export async function draftCheckoutForLink(
  platform: Platform,
  o: { storeId: string; draftId: string; token: string | undefined },
): Promise<CheckoutView> {
  const access = linkAccess(platform, o);
  return withOrderLink(
    platform,
    o.storeId,
    await getCheckout(platform, { storeId: o.storeId, cartId: o.draftId, access }),
  );
}

async function audit(
  platform: Platform,
  actor: AuditContext,
  storeId: string,
  action: string,
  draftId: string,
  after: unknown,
): Promise<void> {
  await withStore(platform.db, storeId, (tx) =>
    auditAs(tx, actor, { storeId, action, entityType: 'draft_order', entityId: draftId, after }),
  );
}

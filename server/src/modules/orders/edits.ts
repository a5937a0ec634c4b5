import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Address } from '../../platform/address.ts';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { priceOf, variantForCart, warmPrices } from '../cart/catalog-port.ts';
import { getVariants } from '../catalog/service.ts';
import { commitReservationInTx, releaseReservation, reserveStock } from '../inventory/service.ts';
import { changeManualAmountInTx, getPaymentIntent, type PaymentIntentView } from '../payments/service.ts';
import { calculateTax } from '../tax/service.ts';
import { emitOrderEvent } from './events.ts';
import { paymentOwes } from './gift-card-refunds.ts';
import { cancelUnitsInTx, settleNow } from './item-cancellation.ts';
import { lineValues } from './orders.ts';
import { unitsValue } from './line-value.ts';
import { LineUnits, openUnits, takeOpenUnits } from './open-units.ts';
import { reservedUnitsOf } from './reserved-units.ts';
import {
  audit,
  findOrder,
  linesOf,
  lockOrder,
  notFound,
  orderEventPayload,
  patchOrder,
  viewOf,
  type Actor,
} from './shared.ts';
import { orderEditLines, orderEdits, orderLines, type OrderLineRow, type OrderRow } from './schema.ts';
import { displayNumber, editView, type EditPreview, type EditView, type OrderView } from './views.ts';

/**
 * Staff edit a placed order before it ships, as Shopify's "Edit order": add items (a forgotten
 * item the customer phoned about), swap a size or a colour (take one unit out, add the other),
 * take items out. One edit is one record, `#1001-E1`, in one transaction under the order's lock:
 *
 * - units added become new order lines, priced as the customer would pay today (their customer
 *   groups' prices included) or at staff's `unit_price`, taxed at the order's address as the
 *   checkout taxes; their stock is reserved and committed at once (the edit's own reservation);
 * - units taken out are an item cancellation (`cancelUnitsInTx`, restocked where they came from);
 * - the order's totals grow by what was added; the customer owes `total − cancelled_amount`.
 *
 * The money follows what the payment can do. A captured payment is refunded what the customer
 * no longer owes (`settleCancelledItems`); an authorized card is captured for the smaller amount at
 * fulfilment; a manual payment not yet received (bank transfer, cash on delivery) is now for the
 * new amount. An edit that would cost more than a card payment covers is refused (409
 * `EDIT_NOT_COVERED`): a card's hold cannot grow, so staff sell the extra as a draft order (its own
 * payment link, or the customer's saved card). `POST …/edits/preview` answers all this without
 * changing anything.
 */

const Minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const OrderEditInput = z
  .strictObject({
    add: z
      .array(
        z.strictObject({
          variant_id: z.string().min(1).max(64),
          quantity: z.number().int('must be a whole number').positive('must be greater than 0').max(10_000),
          unit_price: Minor.optional().describe(
            'Minor units per unit (0 for a goodwill swap); default: what the customer would pay today',
          ),
          properties: z
            .record(z.string().trim().min(1).max(50), z.string().max(500))
            .optional()
            .describe('What the customer asked for the item (an engraving): name → text'),
        }),
      )
      .max(50)
      .default([])
      .describe('Units to add, each a new order line'),
    remove: LineUnits.optional().describe('Units to take out: at most what has not shipped of each line'),
    reason: z.string().trim().min(1).max(500).optional().describe('Shown to the customer and in the history'),
    restock: z.boolean().default(true).describe('Put the units taken out back on hand'),
    notify_customer: z.boolean().default(true).describe('E-mail the customer what changed'),
  })
  .refine((i) => i.add.length > 0 || (i.remove?.length ?? 0) > 0, {
    path: ['add'],
    message: 'add or remove at least one unit',
  });
export type OrderEditInput = z.input<typeof OrderEditInput>;
type ParsedEdit = z.output<typeof OrderEditInput>;

/** A unit price, a line's tax and what it comes to, for a line the edit adds. */
interface AddedLine {
  variantId: string;
  productId: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  imageUrl: string | null;
  requiresShipping: boolean;
  properties: Record<string, string>;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  /** The tax inside inclusive prices a tax-exempt buyer does not pay. */
  exemption: number;
  tax: number;
  /** subtotal − exemption (as an order line's `total`). */
  total: number;
  /** What the customer pays for it: `total`, plus tax when prices exclude it. */
  amount: number;
}

/** What an edit would do to the money, as people read it. */
type EditPayment =
  | { outcome: 'nothing'; amount: 0 }
  | { outcome: 'refund'; amount: number }
  | { outcome: 'capture_less'; amount: number }
  | { outcome: 'amount_due'; amount: number }
  | { outcome: 'not_covered'; amount: number };

const EDITABLE = new Set(['confirmed', 'processing']);

function assertEditable(row: OrderRow): void {
  if (row.status === 'pending') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is pending: its checkout is still running.`,
    );
  }
  if (!EDITABLE.has(row.status)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is ${row.status}; only a confirmed or processing order can be edited.`,
    );
  }
}

/** Where the checkout taxed the order: its pickup point, else where it ships, else the billing address. */
function taxAddressOf(row: OrderRow): Address | null {
  const at = row.shipping?.pickup?.address;
  if (at?.country && at.line1 && at.city) return at as unknown as Address;
  return row.shippingAddress ?? row.billingAddress;
}

/**
 * The lines the edit adds, priced and taxed as the order was: read before any lock (the catalog,
 * the prices, the tax rates). 404 for a variant not for sale; 422 for a gift card (sold through the
 * checkout), goods to ship on an order that ships nothing, or a variant without a price in the
 * order's currency.
 */
async function quoteAdditions(db: Db, row: OrderRow, add: ParsedEdit['add']): Promise<AddedLine[]> {
  if (add.length === 0) return [];
  const { storeId } = row;
  const ids = [...new Set(add.map((a) => a.variant_id))];
  const [variants, prices] = await Promise.all([
    withStore(db, storeId, (tx) => getVariants(tx, storeId, ids)),
    warmPrices(db, storeId, ids, row.customerId),
  ]);
  const productOf = new Map(variants.map((v) => [v.id, v.productId]));
  const now = new Date();
  const errors: { path: string; message: string }[] = [];
  const lines = await withStore(db, storeId, async (tx) => {
    const out: AddedLine[] = [];
    for (const [i, a] of add.entries()) {
      const path = `body.add.${i}`;
      const snap = await variantForCart(tx, {
        storeId,
        variantId: a.variant_id,
        productId: productOf.get(a.variant_id),
        locale: row.locale,
        path: `${path}.variant_id`,
      });
      if (snap.giftCard) {
        errors.push({ path: `${path}.variant_id`, message: 'gift cards are sold through the checkout' });
        continue;
      }
      if (snap.requiresShipping && !row.shipping) {
        errors.push({
          path: `${path}.variant_id`,
          message: 'this order ships nothing; sell goods to ship as a draft order',
        });
        continue;
      }
      const unitPrice =
        a.unit_price ??
        priceOf(prices, { variantId: a.variant_id, currency: row.currency, quantity: a.quantity, at: now })
          ?.amount;
      if (unitPrice === undefined) {
        errors.push({ path: `${path}.variant_id`, message: `no price in ${row.currency}` });
        continue;
      }
      const subtotal = unitPrice * a.quantity;
      out.push({
        variantId: snap.variantId,
        productId: snap.productId,
        sku: snap.sku || null,
        title: snap.productTitle,
        variantTitle: snap.variantTitle || null,
        imageUrl: snap.imageUrl,
        requiresShipping: snap.requiresShipping,
        properties: a.properties ?? {},
        quantity: a.quantity,
        unitPrice,
        subtotal,
        exemption: 0,
        tax: 0,
        total: subtotal,
        amount: subtotal,
      });
    }
    if (errors.length) throw new AppError('UNPROCESSABLE', 'These items cannot be added.', { errors });
    const address = taxAddressOf(row);
    if (!address) return out;
    const tax = await calculateTax(tx, {
      storeId,
      currency: row.currency,
      address,
      lines: out.map((l, i) => ({ id: String(i), amount: l.subtotal })),
      shipping: 0,
      exempt: row.taxExempt,
    });
    if (tax.inclusive !== row.taxInclusive) {
      throw new AppError(
        'CONFLICT',
        `The store's prices ${tax.inclusive ? 'include' : 'exclude'} tax now, unlike when order ${row.id} was placed; sell the items as a draft order.`,
      );
    }
    return out.map((l, i) => {
      const lineTax = tax.lines.find((t) => t.id === String(i))?.tax ?? 0;
      const exemption = tax.exemption?.lines.find((e) => e.id === String(i))?.amount ?? 0;
      const total = l.subtotal - exemption;
      return { ...l, tax: lineTax, exemption, total, amount: total + (row.taxInclusive ? 0 : lineTax) };
    });
  });
  return lines;
}

/** The edit worked out against the order as it is now (locked, when it is to be made). */
interface EditPlan {
  added: AddedLine[];
  take: Map<string, number>;
  removed: { line: OrderLineRow; quantity: number; amount: number }[];
  addedAmount: number;
  removedAmount: number;
  /** What goes back to gift cards that paid part of the order (a net reduction, cards first). */
  giftCardGiveBack: number;
  /** What the order's payment is then owed. */
  owedAfter: number;
  payment: EditPayment;
}

async function planEdit(
  tx: Tx,
  row: OrderRow,
  lines: OrderLineRow[],
  payment: PaymentIntentView,
  input: ParsedEdit,
  added: AddedLine[],
): Promise<EditPlan> {
  const take = input.remove
    ? takeOpenUnits(
        lines,
        input.remove,
        {
          refusal: 'These units cannot be taken out.',
          tooMany: (open) =>
            open === 0 ? 'every unit has shipped or been cancelled' : `only ${open} not shipped`,
        },
        openUnits,
        'remove',
      )
    : new Map<string, number>();
  const byId = new Map(lines.map((l) => [l.id, l]));
  const removed = [...take].map(([lineId, quantity]) => {
    const line = byId.get(lineId)!;
    const from = line.quantity - line.cancelledQuantity - quantity;
    return { line, quantity, amount: unitsValue(row, line, from, quantity) };
  });
  if (added.length === 0 && lines.every((l) => openUnits(l) === (take.get(l.id) ?? 0))) {
    throw new AppError('UNPROCESSABLE', 'Taking out every unit left would leave nothing to send.', {
      errors: [{ path: 'body.remove', message: 'cancel the order (or its items) instead' }],
    });
  }
  const addedAmount = added.reduce((s, l) => s + l.amount, 0);
  const removedAmount = removed.reduce((s, r) => s + r.amount, 0);
  const owedNow = await paymentOwes(tx, row);
  const cardsStillPaid = row.giftCardTotal > 0 ? row.total - row.cancelledAmount - owedNow : 0;
  const giftCardGiveBack = Math.min(Math.max(0, removedAmount - addedAmount), Math.max(0, cardsStillPaid));
  const owedAfter = owedNow + addedAmount - removedAmount + giftCardGiveBack;
  return {
    added,
    take,
    removed,
    addedAmount,
    removedAmount,
    giftCardGiveBack,
    owedAfter,
    payment: paymentOutcome(row, payment, owedNow, owedAfter),
  };
}

function paymentOutcome(
  row: OrderRow,
  p: PaymentIntentView,
  owedNow: number,
  owedAfter: number,
): EditPayment {
  if (p.provider === 'manual' && p.status === 'authorized') {
    return owedAfter > 0
      ? { outcome: 'amount_due', amount: owedAfter }
      : { outcome: 'not_covered', amount: 0 };
  }
  if (p.status === 'authorized') {
    if (owedAfter > p.amount) return { outcome: 'not_covered', amount: owedAfter - p.amount };
    return owedAfter === owedNow
      ? { outcome: 'nothing', amount: 0 }
      : { outcome: 'capture_less', amount: owedAfter };
  }
  if (p.status === 'captured') {
    const kept = p.captured_amount - row.itemsRefundedAmount;
    if (owedAfter > kept) return { outcome: 'not_covered', amount: owedAfter - kept };
    const refund = Math.min(kept - owedAfter, p.refundable_amount) - Math.max(0, kept - owedNow);
    return refund > 0 ? { outcome: 'refund', amount: refund } : { outcome: 'nothing', amount: 0 };
  }
  return { outcome: 'not_covered', amount: Math.max(0, owedAfter) };
}

function notCovered(row: OrderRow, payment: PaymentIntentView, plan: EditPlan): AppError {
  const what =
    plan.payment.amount > 0
      ? `it adds ${plan.payment.amount} (minor units of ${row.currency}) more than the payment covers`
      : 'a manual payment cannot be for nothing: cancel the order instead';
  return new AppError(
    'EDIT_NOT_COVERED',
    `Order ${displayNumber(row.number)} cannot be edited this way: ${what} (the payment is ${payment.status}; a card's hold cannot grow). Sell the extra items as a draft order, or make the edit cost no more.`,
  );
}

function previewOf(row: OrderRow, plan: EditPlan): EditPreview {
  return {
    added: plan.added.map((l) => ({
      variant_id: l.variantId,
      product_id: l.productId,
      title: l.title,
      variant_title: l.variantTitle,
      sku: l.sku,
      image_url: l.imageUrl,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      subtotal: l.subtotal,
      tax: l.tax,
      amount: l.amount,
    })),
    removed: removedLines(plan),
    added_amount: plan.addedAmount,
    removed_amount: plan.removedAmount,
    total_before: row.total - row.cancelledAmount,
    total_after: row.total - row.cancelledAmount + plan.addedAmount - plan.removedAmount,
    gift_card_refund: plan.giftCardGiveBack,
    payment: plan.payment,
  };
}

/** What the edit would do — lines, amounts, the payment's outcome — changing nothing. */
export async function previewOrderEdit(
  platform: Platform,
  o: { storeId: string; orderId: string; input: OrderEditInput },
): Promise<EditPreview> {
  const { row, plan } = await workOut(platform, { ...o, input: parseInput(OrderEditInput, o.input) });
  return previewOf(row, plan);
}

/**
 * The edit worked out against the order as it is, before any lock: the order, its payment, the
 * added lines priced and taxed, and the plan (the preview's answer; an edit's early refusal).
 */
async function workOut(platform: Platform, o: { storeId: string; orderId: string; input: ParsedEdit }) {
  const { storeId } = o;
  const row = await withStore(platform.db, storeId, (tx) => findOrder(tx, storeId, o.orderId));
  if (!row) throw notFound(o.orderId);
  assertEditable(row);
  const [payment, added] = await Promise.all([
    getPaymentIntent(platform, { storeId, intentId: row.paymentIntentId }),
    quoteAdditions(platform.db, row, o.input.add),
  ]);
  const plan = await withStore(platform.db, storeId, async (tx) =>
    planEdit(tx, row, await linesOf(tx, [row.id]), payment, o.input, added),
  );
  return { row, payment, added, plan };
}

export interface OrderEditResult {
  edit: EditView;
  order: OrderView;
  /** Why the refund of what the customer no longer owes has not gone through yet (retried), else null. */
  refund_problem: string | null;
}

/** Make the edit (see the module's comment). */
export async function editOrder(
  platform: Platform,
  o: {
    storeId: string;
    orderId: string;
    input: OrderEditInput;
    actor?: Actor;
    /** A further condition checked under the order's lock (the shopper's window): its refusal, or null. */
    onlyWhile?: (row: OrderRow) => AppError | null;
  },
): Promise<OrderEditResult> {
  const input = parseInput(OrderEditInput, o.input);
  const { storeId } = o;
  // Worked out before the order is locked, so a refusal costs no stock: the plan is checked again below.
  const { row: current, payment, added, plan: early } = await workOut(platform, { ...o, input });
  if (early.payment.outcome === 'not_covered') throw notCovered(current, payment, early);
  const reserved = await reservedUnitsOf(platform, current);

  // The added units' stock, held now and committed with the edit (released if the edit fails).
  const reservation = added.length
    ? (
        await reserveStock(platform.db, {
          storeId,
          input: {
            owner_ref: current.id,
            expires_in_seconds: 600,
            lines: mergeUnits(added),
          },
          actor: o.actor,
        })
      ).reservation
    : null;

  let made: { edit: EditView; plan: EditPlan };
  try {
    made = await withStore(platform.db, storeId, async (tx) => {
      let row = await lockOrder(tx, storeId, o.orderId);
      assertEditable(row);
      const refusal = o.onlyWhile?.(row);
      if (refusal) throw refusal;
      const before = { total: row.total, cancelled_amount: row.cancelledAmount };
      const lines = await linesOf(tx, [row.id]);
      const plan = await planEdit(tx, row, lines, payment, input, added);
      if (plan.payment.outcome === 'not_covered') throw notCovered(row, payment, plan);

      const [{ sequence }] = (await tx
        .select({ sequence: sql<number>`coalesce(max(${orderEdits.sequence}), 0)::int + 1` })
        .from(orderEdits)
        .where(eq(orderEdits.orderId, row.id))) as [{ sequence: number }];
      const editId = newId('oedit');
      const label = `${displayNumber(row.number)}-E${sequence}`;

      let newLines: OrderLineRow[] = [];
      if (reservation) {
        await commitReservationInTx(tx, { storeId, reservationId: reservation.id, orderRef: row.id });
        const last = lines.reduce((m, l) => Math.max(m, l.position), 0);
        newLines = await tx
          .insert(orderLines)
          .values(
            plan.added.map((l, i) => ({
              ...lineValues({ ...l, giftCard: false, discount: 0 }, last + i),
              id: newId('ordln'),
              storeId,
              orderId: row.id,
            })),
          )
          .returning();
        row = await patchOrder(tx, row, {
          subtotal: row.subtotal + sum(plan.added, (l) => l.subtotal),
          taxTotal: row.taxTotal + sum(plan.added, (l) => l.tax),
          taxExemption: row.taxExemption + sum(plan.added, (l) => l.exemption),
          total: row.total + plan.addedAmount,
          // A processing order stays so; new units of a shipped one would have been refused above.
        });
      }
      row = await patchOrder(tx, row, { editedAt: new Date() });

      let cancellationId: string | null = null;
      if (plan.take.size > 0) {
        const cancelled = await cancelUnitsInTx(platform, tx, row, {
          lines: [...lines, ...newLines],
          take: plan.take,
          reason: input.reason ?? `edited (${label})`,
          restock: input.restock,
          // The edit's own e-mail tells the customer everything that changed.
          notifyCustomer: false,
          reserved: {
            committed: reserved.checkout?.status === 'committed',
            lines: [...reserved.lines, ...(reservation?.lines ?? [])],
          },
          giftCardGiveBack: plan.giftCardGiveBack,
          actor: o.actor,
        });
        row = cancelled.row;
        cancellationId = cancelled.view.id;
      }

      if (plan.payment.outcome === 'amount_due') {
        await changeManualAmountInTx(tx, {
          storeId,
          intentId: row.paymentIntentId,
          amount: plan.owedAfter,
          actor: o.actor,
        });
      }

      const [edit] = await tx
        .insert(orderEdits)
        .values({
          id: editId,
          storeId,
          orderId: row.id,
          sequence,
          reason: input.reason ?? null,
          addedAmount: plan.addedAmount,
          removedAmount: plan.removedAmount,
          paymentOutcome: plan.payment.outcome as EditView['payment']['outcome'],
          paymentAmount: plan.payment.amount,
          cancellationId,
          reservationId: reservation?.id ?? null,
          actorType: o.actor?.actor.type ?? 'system',
          actorId: o.actor?.actor.id ?? null,
        })
        .returning();
      const addedLines = newLines.map((l, i) => ({
        order_line_id: l.id,
        quantity: l.quantity,
        amount: plan.added[i]!.amount,
      }));
      if (addedLines.length) {
        await tx.insert(orderEditLines).values(
          addedLines.map((l) => ({
            id: newId('oeditln'),
            storeId,
            editId,
            orderLineId: l.order_line_id,
            quantity: l.quantity,
            amount: l.amount,
          })),
        );
      }
      const view = editView(edit!, addedLines, removedLines(plan), row.number);
      await emitOrderEvent(
        tx,
        storeId,
        'order.edited',
        { type: 'order', id: row.id },
        orderEventPayload(row, {
          editId,
          addedAmount: plan.addedAmount,
          removedAmount: plan.removedAmount,
          payment: plan.payment,
          reason: input.reason ?? null,
          notifyCustomer: input.notify_customer,
          added: view.added.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity })),
          removed: view.removed.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity })),
        }),
      );
      await audit(tx, o.actor, {
        storeId,
        action: 'order.edited',
        entityType: 'order',
        entityId: row.id,
        before,
        after: { total: row.total, cancelled_amount: row.cancelledAmount, edit: view },
      });
      return { edit: view, plan };
    });
  } catch (err) {
    if (reservation) {
      await releaseReservation(platform.db, { storeId, reservationId: reservation.id }).catch((e: unknown) =>
        platform.log.warn({ err: e, orderId: o.orderId }, 'edit failed; its stock expires instead'),
      );
    }
    throw err;
  }

  const problem =
    made.plan.payment.outcome === 'refund'
      ? await settleNow(platform, { storeId, orderId: o.orderId, actor: o.actor })
      : null;
  const order = await withStore(platform.db, storeId, async (tx) =>
    viewOf(tx, (await findOrder(tx, storeId, o.orderId))!),
  );
  return { edit: made.edit, order, refund_problem: problem };
}

/** The order's edits, oldest first, with the lines each added and took out. */
export async function editsOf(
  tx: DbOrTx,
  row: Pick<OrderRow, 'id' | 'number' | 'editedAt'>,
): Promise<EditView[]> {
  if (!row.editedAt) return [];
  const edits = await tx
    .select()
    .from(orderEdits)
    .where(eq(orderEdits.orderId, row.id))
    .orderBy(asc(orderEdits.sequence));
  if (edits.length === 0) return [];
  const { rows } = await tx.execute<{
    edit_id: string | null;
    cancellation_id: string | null;
    order_line_id: string;
    quantity: number;
    amount: string | number;
  }>(sql`
    SELECT l.edit_id, NULL AS cancellation_id, l.order_line_id, l.quantity, l.amount
      FROM order_edit_lines l JOIN order_edits e ON e.id = l.edit_id WHERE e.order_id = ${row.id}
    UNION ALL
    SELECT NULL, c.cancellation_id, c.order_line_id, c.quantity, c.amount
      FROM order_cancellation_lines c JOIN order_edits e ON e.cancellation_id = c.cancellation_id
     WHERE e.order_id = ${row.id}`);
  return edits.map((e) =>
    editView(
      e,
      rows.filter((r) => r.edit_id === e.id).map(editLine),
      rows.filter((r) => e.cancellationId !== null && r.cancellation_id === e.cancellationId).map(editLine),
      row.number,
    ),
  );
}

const editLine = (r: { order_line_id: string; quantity: number; amount: string | number }) => ({
  order_line_id: r.order_line_id,
  quantity: r.quantity,
  amount: Number(r.amount),
});

/** The units the plan takes out, as an edit shows them. */
const removedLines = (plan: EditPlan) =>
  plan.removed.map((r) => ({ order_line_id: r.line.id, quantity: r.quantity, amount: r.amount }));

function mergeUnits(added: readonly AddedLine[]): { variant_id: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of added) m.set(l.variantId, (m.get(l.variantId) ?? 0) + l.quantity);
  return [...m].map(([variant_id, quantity]) => ({ variant_id, quantity }));
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

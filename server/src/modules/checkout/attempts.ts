import { sql } from 'drizzle-orm';
import {
  hotStatement,
  hotStatementsOf,
  readInStore,
  keyedStoreScope,
  transactionOpenedWith,
  type Batch,
  type Db,
  type Tx,
} from '../../platform/db/database.ts';
import { sentAheadRows, writeAhead, type ReadAhead } from '../../platform/db/read-ahead.ts';
import { emitEventText } from '../../platform/events/outbox.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { cartCheckoutState, lockCartForCheckoutText } from '../cart/service.ts';
import {
  canMoveCheckout,
  CHECKOUT_STATUSES,
  nextCheckoutStatus,
  type CheckoutStatus,
} from './checkout-states.ts';
import { emitCheckoutEvent, type CheckoutEventType } from './events.ts';
import type { CheckoutPlan } from './plan.ts';

/** The rows of `checkouts` (migration 0028): one per attempt to turn a cart into an order. */
export interface CheckoutTotals {
  subtotal: number;
  discount_total: number;
  shipping_total: number;
  shipping_discount: number;
  tax_total: number;
  tax_inclusive: boolean;
  /** Absent on attempts made before tax exemptions. */
  tax_exempt?: boolean;
  tax_exemption?: number;
  total: number;
}

export interface CheckoutRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  cart_id: string;
  attempt: number;
  cart_version: number;
  status: CheckoutStatus;
  step: string;
  currency: string;
  totals: CheckoutTotals;
  payment_method: string | null;
  plan: CheckoutPlan;
  return_url: string | null;
  reservation_id: string | null;
  payment_intent_id: string | null;
  order_id: string | null;
  next_action_url: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

/** The durable workflow of an attempt: deterministic, so every request for it finds the same one. */
export const workflowIdOf = (row: Pick<CheckoutRow, 'cart_id' | 'attempt'>) =>
  `checkout:${row.cart_id}:${row.attempt}`;

/** The reservation and payment keys of an attempt: a retried step asks again with the same key. */
export const attemptKey = (row: Pick<CheckoutRow, 'cart_id' | 'attempt'>) =>
  `chk:${row.cart_id}:${row.attempt}`;

/** The cart's latest attempt (the one the shopper's page shows), or null. One round trip. */
export async function latestAttempt(db: Db, storeId: string, cartId: string): Promise<CheckoutRow | null> {
  const rows = await readInStore<CheckoutRow>(
    db,
    storeId,
    `SELECT * FROM checkouts WHERE store_id = $1 AND cart_id = $2 ORDER BY attempt DESC LIMIT 1`,
    [storeId, cartId],
  );
  return rows[0] ?? null;
}

export type Claim =
  | { kind: 'new'; row: CheckoutRow }
  | { kind: 'open'; row: CheckoutRow }
  | { kind: 'completed'; orderId: string };

/**
 * Claim the next attempt for the cart, or find the one already open (concurrent completes join
 * it). Under the cart's row lock (the same lock the order's transaction takes to complete the
 * cart), so a claim racing the completion of the cart waits and then sees the cart completed: a
 * cart is never paid for twice. A cart changed since it was priced (`cartVersion`) is 409.
 */
export async function claimAttempt(
  db: Db,
  input: {
    storeId: string;
    cartId: string;
    cartVersion: number;
    currency: string;
    totals: CheckoutTotals;
    paymentMethod: string | null;
    returnUrl: string | null;
    plan: CheckoutPlan;
  },
): Promise<Claim> {
  const { storeId, cartId } = input;
  // The cart's lock and then (once it is held) the look-up of an open attempt and of the last
  // attempt's number travel with BEGIN; the insert (its row known from those: nothing else can
  // insert for this cart under its lock) and its event go with COMMIT.
  return transactionOpenedWith(
    db,
    `${keyedStoreScope(storeId)}; ${lockCartForCheckoutText({ storeId, cartId })}; ${openAttempt(storeId, cartId)}; ${lastAttempt(storeId, cartId)}`,
    async (tx, io): Promise<Claim> => {
      const cart = cartCheckoutState(io.opened.at(-3));
      if (!cart) throw new AppError('NOT_FOUND', `Cart ${cartId} does not exist.`);
      if (cart.status === 'completed' && cart.orderId) return { kind: 'completed', orderId: cart.orderId };
      const open = io.opened.at(-2)!.rows[0] as CheckoutRow | undefined;
      if (open) return { kind: 'open', row: open };
      if (cart.status !== 'active' || cart.expired) {
        throw new AppError(
          cart.expired || cart.status === 'expired' ? 'CART_EXPIRED' : 'CART_NOT_ACTIVE',
          `Cart ${cartId} is ${cart.expired ? 'expired' : cart.status}; it cannot be checked out.`,
        );
      }
      if (cart.version !== input.cartVersion) {
        throw new AppError(
          'CONFLICT',
          `Cart ${cartId} changed while the checkout was being prepared; review it and try again.`,
        );
      }
      const last = io.opened.at(-1)!.rows[0] as { attempt: number; now: Date };
      // As the row reads back: its jsonb columns are JSON (no undefined, no Dates).
      const totals = JSON.stringify(input.totals);
      const plan = JSON.stringify(input.plan);
      const row: CheckoutRow = {
        id: newId('chk'),
        store_id: storeId,
        cart_id: cartId,
        attempt: last.attempt + 1,
        cart_version: input.cartVersion,
        status: 'running',
        step: 'validated',
        currency: input.currency,
        totals: JSON.parse(totals) as CheckoutTotals,
        payment_method: input.paymentMethod,
        plan: JSON.parse(plan) as CheckoutPlan,
        return_url: input.returnUrl,
        reservation_id: null,
        payment_intent_id: null,
        order_id: null,
        next_action_url: null,
        failure_code: null,
        failure_message: null,
        created_at: last.now,
        updated_at: last.now,
        finished_at: null,
      };
      io.closeWith(
        insertAttempt(
          row.id,
          storeId,
          cartId,
          row.attempt,
          input.cartVersion,
          input.currency,
          totals,
          input.paymentMethod,
          input.returnUrl,
          plan,
        ),
      );
      io.closeWith(checkoutEventText(tx, row, 'checkout.started'));
      return { kind: 'new', row };
    },
  );
}

const openAttempt = hotStatement(
  'checkout_open_attempt',
  ['text', 'text'],
  `SELECT * FROM checkouts WHERE store_id = $1 AND cart_id = $2 AND status IN ('running', 'requires_action')`,
);

/** A cart's last attempt number (0: none yet) and the transaction's clock, for the next attempt's row. */
const lastAttempt = hotStatement(
  'checkout_last_attempt',
  ['text', 'text'],
  `SELECT coalesce(max(attempt), 0) AS attempt, now() AS now FROM checkouts WHERE store_id = $1 AND cart_id = $2`,
);

/** The next attempt of a cart (its number from `lastAttempt`), every column given: the caller knows the row. */
const insertAttempt = hotStatement(
  'checkout_attempt_insert_numbered',
  ['text', 'text', 'text', 'integer', 'integer', 'text', 'jsonb', 'text', 'text', 'jsonb'],
  `INSERT INTO checkouts (id, store_id, cart_id, attempt, cart_version, status, step, currency, totals,
                         payment_method, return_url, plan, created_at, updated_at)
   VALUES ($1, $2, $3, $4, $5, 'running', 'validated', $6, $7, $8, $9, $10, now(), now())`,
);

export interface AttemptPatch {
  status?: CheckoutStatus;
  step?: string;
  reservation_id?: string | null;
  payment_intent_id?: string | null;
  order_id?: string | null;
  next_action_url?: string | null;
  failure_code?: string | null;
  failure_message?: string | null;
}

/**
 * Move an attempt along (in the caller's store-scoped transaction), through the state machine,
 * with its event when the status changes. Returns the row as it now is.
 */
export async function updateAttempt(
  tx: Tx,
  storeId: string,
  id: string,
  patch: AttemptPatch,
  event?: CheckoutEventType,
): Promise<CheckoutRow> {
  const { rows: locked } = await tx.execute<CheckoutRow>(
    sql`SELECT * FROM checkouts WHERE store_id = ${storeId} AND id = ${id} FOR UPDATE`,
  );
  const current = locked[0];
  if (!current) throw new AppError('NOT_FOUND', `Checkout ${id} does not exist.`);
  const status = patch.status ? nextCheckoutStatus(current.status, patch.status, id) : current.status;
  const next = { ...current, ...patch, status };
  const finished = status === 'completed' || status === 'failed';
  const { rows } = await tx.execute<CheckoutRow>(sql`
    UPDATE checkouts SET status = ${status}, step = ${next.step}, reservation_id = ${next.reservation_id},
      payment_intent_id = ${next.payment_intent_id}, order_id = ${next.order_id},
      next_action_url = ${next.next_action_url}, failure_code = ${next.failure_code},
      failure_message = ${next.failure_message}, updated_at = now(),
      finished_at = ${finished ? sql`coalesce(finished_at, now())` : sql`NULL`}
    WHERE store_id = ${storeId} AND id = ${id}
    RETURNING *`);
  const row = rows[0]!;
  if (event && current.status !== status) await emit(tx, row, event);
  else if (event && event === 'checkout.action_required' && current.next_action_url !== row.next_action_url) {
    await emit(tx, row, event);
  }
  return row;
}

/**
 * `updateAttempt` in one message for a move of status (a conditional update: the attempt in a
 * state it may leave for `patch.status`), its event sent with the caller's `COMMIT`. Anything
 * else (the same status, a move the state machine refuses) goes the long way.
 */
export async function updateAttemptBatched(
  tx: Tx,
  batch: Batch,
  storeId: string,
  id: string,
  patch: AttemptPatch & { status: CheckoutStatus },
  event: CheckoutEventType,
): Promise<CheckoutRow> {
  const text = updateAttemptText(storeId, id, patch);
  const rows = sentAheadRows<CheckoutRow>(tx, text) ?? ((await batch.send(text))[0]!.rows as CheckoutRow[]);
  const row = rows[0];
  if (!row) return updateAttempt(tx, storeId, id, patch, event);
  batch.closeWith(checkoutEventText(tx, row, event));
  return row;
}

/** `updateAttemptBatched`'s write, to send ahead of the transaction's work (it takes the answer). */
export function updateAttemptAhead(
  storeId: string,
  id: string,
  patch: AttemptPatch & { status: CheckoutStatus },
): ReadAhead {
  return writeAhead(updateAttemptText(storeId, id, patch));
}

/** The attempt moved to `patch.status` if it may move there from where it is, with its row back. */
function updateAttemptText(
  storeId: string,
  id: string,
  patch: AttemptPatch & { status: CheckoutStatus },
): string {
  const to = patch.status;
  const from = CHECKOUT_STATUSES.filter((s) => s !== to && canMoveCheckout(s, to));
  const finished = to === 'completed' || to === 'failed';
  const sets = Object.entries(patch).map(([column, value]) => sql`${sql.identifier(column)} = ${value}`);
  return attemptUpdate(sql`
    UPDATE checkouts SET ${sql.join(sets, sql`, `)}, updated_at = now(),
      finished_at = ${finished ? sql`coalesce(finished_at, now())` : sql`NULL`}
    WHERE store_id = ${storeId} AND id = ${id} AND status = ANY(${sql.param(from)}::text[])
    RETURNING *`);
}

// One statement per set of columns a move sets, prepared once per connection.
const attemptUpdate = hotStatementsOf('checkout_attempt_update');

function checkoutEventText(tx: Tx, row: CheckoutRow, type: CheckoutEventType): string {
  return emitEventText(tx, {
    storeId: row.store_id,
    type,
    aggregateType: 'checkout',
    aggregateId: row.id,
    payload: eventPayload(row),
  }).text;
}

function eventPayload(row: CheckoutRow) {
  return {
    checkoutId: row.id,
    cartId: row.cart_id,
    attempt: row.attempt,
    status: row.status,
    step: row.step,
    total: Number(row.totals.total),
    currency: row.currency,
    orderId: row.order_id,
    paymentIntentId: row.payment_intent_id,
    failureCode: row.failure_code,
  };
}

async function emit(tx: Tx, row: CheckoutRow, type: CheckoutEventType): Promise<void> {
  await emitCheckoutEvent(tx, row.store_id, type, eventPayload(row));
}

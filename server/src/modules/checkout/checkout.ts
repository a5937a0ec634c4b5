import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { AppError, AppErrorCode, isAppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { DBOS } from '../../platform/workflows/workflows.ts';
import { getCart, getCartAndRow, type CartAccess } from '../cart/service.ts';
import {
  assertSavedCardUsable,
  isManualMethod,
  isSavedCard,
  manualMethodProblem,
  manualMethodsOf,
  saveCard,
} from '../payments/service.ts';
import { getOrderSummary, orderAccessToken, type OrderSummary } from '../orders/service.ts';
import { attemptKey, claimAttempt, latestAttempt, workflowIdOf, type CheckoutRow } from './attempts.ts';
import { isOpen } from './checkout-states.ts';
import { GiftCardCode } from '../gift-cards/cards.ts';
import { MAX_GIFT_CARDS_PER_ORDER, planGiftCards } from '../gift-cards/tender.ts';
import { amountDue, giftCardsBought, prepareCheckout } from './plan.ts';
import type { CheckoutOrderView, CheckoutView } from './views.ts';
import {
  checkoutNews,
  checkoutQueue,
  checkoutWorkflow,
  type CheckoutOutcome,
  type CheckoutWorkflowInput,
} from './workflows.ts';

/**
 * Completing a cart: validate it, claim an attempt (or join the one already running), run the
 * attempt's durable workflow and wait for its outcome — or for the 3-D Secure challenge it stops
 * at — and answer with the order.
 */

export const CompleteCheckoutInput = z.strictObject({
  payment_method: z
    .string()
    .trim()
    .regex(
      /^((tok|pm|cpm)_[A-Za-z0-9_]{1,200}|cash_on_delivery|bank_transfer)$/,
      'a payment provider token (tok_… or pm_…, never a card number), a saved card (cpm_…), ' +
        'cash_on_delivery or bank_transfer',
    )
    .optional()
    .describe(
      'The token the payment provider gave the storefront, e.g. tok_visa with the test processor; a ' +
        'signed-in shopper’s saved card by its id (cpm_…, GET /store/v1/customers/me/payment-methods); or a ' +
        'manual method the store offers (GET /store/v1/payment-methods): cash_on_delivery, bank_transfer — ' +
        'the order is placed unpaid and the shop marks it paid. Required unless the order costs nothing',
    ),
  save_payment_method: z
    .boolean()
    .optional()
    .describe(
      'Signed-in shoppers: keep the card behind `payment_method` (a token) for next time; it is saved before ' +
        'it is charged, and the order is paid with the saved card',
    ),
  return_url: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .max(2000)
    .optional()
    .describe('Where the shopper comes back after a 3-D Secure challenge'),
  expected_total: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('The total the shopper saw; if the cart now costs something else: 409, nothing charged'),
  gift_cards: z
    .array(GiftCardCode)
    .max(MAX_GIFT_CARDS_PER_ORDER)
    .optional()
    .describe(
      'Gift card codes, spent first in this order, each what it holds until the total is covered; the ' +
        'payment method then pays the rest (none is needed when the cards cover everything)',
    ),
  gift_card_ids: z
    .array(z.string().min(1).max(64))
    .max(MAX_GIFT_CARDS_PER_ORDER)
    .optional()
    .describe(
      'A signed-in shopper’s own gift cards (store credit), by id (GET /store/v1/customers/me/gift-cards): ' +
        'spent after the codes, the same way',
    ),
});
export type CompleteCheckoutInput = z.infer<typeof CompleteCheckoutInput>;

export interface CheckoutAnswer {
  /** 200 an order was placed; 202 waiting for the shopper's challenge (or still working). */
  httpStatus: 200 | 202;
  checkout: CheckoutView;
}

/** Workflows of this process's requests, so concurrent requests for one attempt share its outcome. */
const inFlight = new Map<string, Promise<CheckoutOutcome>>();

/**
 * `POST /store/v1/carts/{id}/complete`. Exactly once: concurrent calls for one cart join the open
 * attempt (one workflow, one reservation, one payment); a call for a completed cart answers with
 * its order; a call after a failure starts the next attempt.
 */
export async function completeCheckout(
  platform: Platform,
  options: {
    storeId: string;
    cartId: string;
    access: CartAccess;
    input: CompleteCheckoutInput;
    /** Staff placing a draft order: any manual method, whether or not shoppers are offered it. */
    anyManualMethod?: boolean;
  },
): Promise<CheckoutAnswer> {
  const input = parseInput(CompleteCheckoutInput, options.input);
  const { storeId, cartId } = options;
  const db = platform.db;
  // The cart (404, 403, 410) and its latest attempt, read at once; the cart's row is re-validated
  // below without being read again.
  const [{ view: cart, row: known }, latest] = await Promise.all([
    getCartAndRow(db, { storeId, cartId, access: options.access }),
    latestAttempt(db, storeId, cartId),
  ]);
  if (cart.status === 'merged') {
    throw new AppError('CART_NOT_ACTIVE', `Cart ${cartId} was merged into cart ${cart.merged_into_cart_id}.`);
  }

  let row = latest;
  // A concurrent call may place the order between our reads: then answer with that order.
  const placedMeanwhile = async (): Promise<CheckoutAnswer | null> => {
    const now = await latestAttempt(db, storeId, cartId);
    return now?.status === 'completed' ? answer(platform, now) : null;
  };
  if (cart.status === 'completed') {
    if (row?.status === 'completed') return answer(platform, row);
    const placed = await placedMeanwhile();
    if (placed) return placed;
    throw new AppError('CART_NOT_ACTIVE', `Cart ${cartId} is completed (order ${cart.order_id}).`);
  }
  if (!row || !isOpen(row.status)) {
    let prepared;
    try {
      prepared = await prepareCheckout(db, { storeId, cartId, expectedTotal: input.expected_total, known });
    } catch (err) {
      const placed = isAppError(err) && err.code === 'CART_NOT_ACTIVE' ? await placedMeanwhile() : null;
      if (placed) return placed;
      throw err;
    }
    if (prepared.kind === 'completed') return answer(platform, (await latestAttempt(db, storeId, cartId))!);
    const plan = options.anyManualMethod ? { ...prepared.plan, staffPlaced: true } : prepared.plan;
    if (input.gift_cards?.length || input.gift_card_ids?.length) {
      if ((input.gift_cards?.length ?? 0) + (input.gift_card_ids?.length ?? 0) > MAX_GIFT_CARDS_PER_ORDER) {
        throw new AppError(
          'VALIDATION_FAILED',
          `At most ${MAX_GIFT_CARDS_PER_ORDER} gift cards pay one order.`,
          {
            errors: [
              { path: 'body.gift_card_ids', message: `at most ${MAX_GIFT_CARDS_PER_ORDER} cards in all` },
            ],
          },
        );
      }
      // Gift cards never pay for gift cards (a card's balance would move to a new card, its
      // expiry with it): they pay what the rest of the order costs.
      const payable = plan.totals.total - giftCardsBought(plan);
      if (payable === 0) {
        const path = input.gift_cards?.length ? 'body.gift_cards' : 'body.gift_card_ids';
        throw new AppError('GIFT_CARD_INVALID', 'Gift cards cannot pay for gift cards; pay with a card.', {
          errors: [{ path, message: 'the cart holds only gift cards' }],
        });
      }
      plan.giftCards = await planGiftCards(db, {
        storeId,
        codes: input.gift_cards ?? [],
        ids: input.gift_card_ids ?? [],
        customerId: options.access.customerId,
        currency: plan.currency,
        total: payable,
      });
    }
    const due = amountDue(plan);
    if (due > 0 && !input.payment_method) {
      throw new AppError('VALIDATION_FAILED', 'A payment method is needed: the order costs something.', {
        errors: [
          {
            path: 'payment_method',
            message: plan.giftCards?.length
              ? `required: the gift cards leave ${due} to pay`
              : 'required when the total is more than 0',
          },
        ],
      });
    }
    if (due > 0 && !options.anyManualMethod) {
      await assertMethodOffered(db, storeId, input.payment_method!);
    }
    const paymentMethod = due > 0 ? await cardToPayWith(platform, options, plan.cartVersion, input) : null;
    const claim = await claimAttempt(db, {
      storeId,
      cartId,
      cartVersion: plan.cartVersion,
      currency: plan.currency,
      totals: plan.totals,
      // Nothing left to pay needs none (and keeps none it was given)
      paymentMethod,
      returnUrl: input.return_url ?? null,
      plan,
    });
    row = claim.kind === 'completed' ? (await latestAttempt(db, storeId, cartId))! : claim.row;
    if (claim.kind === 'completed') return answer(platform, row);
  }
  if (row.status === 'requires_action') {
    nudge(platform, row);
    return answer(platform, row);
  }
  return awaitAttempt(platform, row);
}

/**
 * The payment method the attempt pays with: a saved card checked as the shopper's own and usable;
 * a token the shopper asked to keep saved first (the attempt then pays with the saved card — so a
 * double click saves it once: the save's key is the cart's version and the token); else the
 * method as given.
 */
async function cardToPayWith(
  platform: Platform,
  options: { storeId: string; cartId: string; access: CartAccess },
  cartVersion: number,
  input: CompleteCheckoutInput,
): Promise<string> {
  const method = input.payment_method!;
  const customerId = options.access.customerId;
  if (isSavedCard(method)) {
    await assertSavedCardUsable(platform, { storeId: options.storeId, customerId, cardId: method });
    return method;
  }
  if (!input.save_payment_method || isManualMethod(method)) return method;
  if (!customerId) {
    throw new AppError('VALIDATION_FAILED', 'Sign in to save a card.', {
      errors: [{ path: 'body.save_payment_method', message: 'saved cards are for signed-in shoppers' }],
    });
  }
  const { card } = await saveCard(platform, {
    storeId: options.storeId,
    customerId,
    paymentMethod: method,
    // The same cart and card: one save however often asked; another card after a decline is
    // another request (a provider keeps a key's first answer).
    idempotencyKey: `carton:save:${options.cartId}:${cartVersion}:${createHash('sha256').update(method).digest('hex').slice(0, 16)}`,
  });
  return card.id;
}

/** A manual method the store does not take is refused before anything is reserved or written. */
async function assertMethodOffered(db: Platform['db'], storeId: string, method: string): Promise<void> {
  if (!isManualMethod(method)) return;
  const problem = manualMethodProblem(await manualMethodsOf(db, storeId), method);
  if (problem) {
    throw new AppError('UNPROCESSABLE', 'This store does not take that payment method.', {
      errors: [{ path: 'body.payment_method', message: problem }],
    });
  }
}

/** Whether the cart's latest checkout attempt is still at work (running, or waiting for a challenge). */
export async function checkoutOpen(
  db: Platform['db'],
  o: { storeId: string; cartId: string },
): Promise<boolean> {
  const latest = await latestAttempt(db, o.storeId, o.cartId);
  return latest !== null && isOpen(latest.status);
}

/** `GET /store/v1/carts/{id}/checkout`: the cart's latest attempt (wakes one waiting for a challenge). */
export async function getCheckout(
  platform: Platform,
  options: { storeId: string; cartId: string; access: CartAccess },
): Promise<CheckoutView> {
  await getCart(platform.db, options);
  const row = await latestAttempt(platform.db, options.storeId, options.cartId);
  if (!row) throw new AppError('NOT_FOUND', `Cart ${options.cartId} has not been checked out.`);
  if (row.status === 'requires_action') nudge(platform, row);
  return (await answer(platform, row)).checkout;
}

// --- running and waiting --------------------------------------------------------------------

function workflowInput(row: CheckoutRow): CheckoutWorkflowInput {
  return {
    checkoutId: row.id,
    attempt: row.attempt,
    key: attemptKey(row),
    paymentMethod: row.payment_method,
    returnUrl: row.return_url,
    plan: row.plan,
  };
}

/**
 * Start the attempt's workflow, or attach to it: the id is deterministic, so starting it again
 * (a joining request, a claimer that crashed before starting it) finds the same run. Workers run
 * it here when this process runs workflows, else a worker takes it from the `checkout` queue.
 */
function runAttempt(platform: Platform, row: CheckoutRow): Promise<CheckoutOutcome> {
  const workflowId = workflowIdOf(row);
  const running = inFlight.get(workflowId);
  if (running) return running;
  const outcome = (async () => {
    const handle = platform.workflows.launched
      ? await DBOS.startWorkflow(checkoutWorkflow, { workflowID: workflowId })(workflowInput(row))
      : await platform.workflows.enqueue(
          checkoutWorkflow,
          { queue: checkoutQueue, workflowId },
          workflowInput(row),
        );
    return handle.getResult({ pollingIntervalMs: 100 } as never) as Promise<CheckoutOutcome>;
  })();
  inFlight.set(workflowId, outcome);
  const forget = () => inFlight.delete(workflowId);
  outcome.then(forget, forget);
  return outcome;
}

/**
 * Wait until the attempt has news for the shopper — its order placed (the capture that follows
 * is not waited for), a challenge to complete, or its failure — or CHECKOUT_WAIT_MS, then answer
 * from its row.
 */
async function awaitAttempt(platform: Platform, row: CheckoutRow): Promise<CheckoutAnswer> {
  const outcome = runAttempt(platform, row);
  const stop = new AbortController();
  try {
    const first = await Promise.race([
      outcome.then((o) => ({ kind: 'outcome' as const, o })),
      news(platform, row, stop.signal).then((n) => ({ kind: 'news' as const, ...n })),
      sleep(platform.config.CHECKOUT_WAIT_MS, stop.signal).then(() => ({ kind: 'timeout' as const })),
    ]);
    // The order placed, when known: read with the attempt, not after it (one round trip less to wait for).
    const placed =
      first.kind === 'news'
        ? first.orderId
        : first.kind === 'outcome' && first.o.status === 'completed'
          ? first.o.orderId
          : undefined;
    // The attempt as its placement left it comes with the news from this process; else read.
    const [now, order] = await Promise.all([
      first.kind === 'news' && first.attempt
        ? first.attempt
        : latestAttempt(platform.db, row.store_id, row.cart_id),
      placed
        ? getOrderSummary(platform.db, { storeId: row.store_id, orderId: placed }).catch(() => null)
        : null,
    ]);
    const current = now && now.id === row.id ? now : row;
    if (first.kind === 'outcome' && first.o.status === 'failed') throw failureError(current, first.o);
    if (current.status === 'failed') {
      throw failureError(current, {
        code: current.failure_code ?? 'UNPROCESSABLE',
        message: current.failure_message ?? 'The checkout failed.',
      });
    }
    return answer(platform, current, order);
  } finally {
    stop.abort();
  }
}

function failureError(row: CheckoutRow, o: { code: string; message: string }): AppError {
  const code = (o.code in AppErrorCode ? o.code : 'UNPROCESSABLE') as keyof typeof AppErrorCode;
  return new AppError(code, o.message, { extensions: { checkout_id: row.id, attempt: row.attempt } });
}

/**
 * Resolves on news of the attempt: from this process (with the order once placed, and the attempt
 * as the placement left it), or its row (checked twice a second, for other processes).
 */
function news(
  platform: Platform,
  row: CheckoutRow,
  signal: AbortSignal,
): Promise<{ orderId?: string; attempt?: CheckoutRow }> {
  return new Promise((resolve) => {
    const done = (_what?: string, orderId?: string, attempt?: CheckoutRow) => {
      checkoutNews.off(row.id, done);
      clearInterval(timer);
      resolve({ orderId, attempt });
    };
    checkoutNews.on(row.id, done);
    const timer = setInterval(() => {
      latestAttempt(platform.db, row.store_id, row.cart_id).then(
        (r) => r?.id === row.id && r.status !== 'running' && done(r.status, r.order_id ?? undefined),
        () => {},
      );
    }, 500);
    signal.addEventListener('abort', () => {
      checkoutNews.off(row.id, done);
      clearInterval(timer);
    });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(t));
  });
}

/** Wake a workflow waiting for a challenge so it asks the provider now (the shopper is back). */
function nudge(platform: Platform, row: CheckoutRow): void {
  if (!platform.workflows.launched) return; // it polls on its own (CHECKOUT_ACTION_POLL_SECONDS)
  DBOS.send(workflowIdOf(row), 'check', 'payment').catch((err: unknown) =>
    platform.log.warn({ err, checkoutId: row.id }, 'could not wake the checkout'),
  );
}

// --- the answer -------------------------------------------------------------------------------

async function answer(
  platform: Platform,
  row: CheckoutRow,
  /** The attempt's order, when the caller has read it already. */
  known: OrderSummary | null = null,
): Promise<CheckoutAnswer> {
  let order: CheckoutOrderView | null = null;
  if (row.status === 'completed' && row.order_id) {
    const summary =
      known?.id === row.order_id
        ? known
        : await getOrderSummary(platform.db, { storeId: row.store_id, orderId: row.order_id });
    order = orderSummary(platform, row.store_id, summary);
  }
  return { httpStatus: row.status === 'completed' ? 200 : 202, checkout: checkoutView(row, order) };
}

function orderSummary(platform: Platform, storeId: string, o: OrderSummary): CheckoutOrderView {
  // A guest's order is reached through its signed link; a customer's through their account.
  const access =
    o.customer_id === null ? orderAccess(platform, storeId, o.id) : { access_token: null, access_url: null };
  return {
    id: o.id,
    number: o.number,
    display_number: o.display_number,
    status: o.status,
    payment_status: o.payment_status,
    totals: o.totals,
    ...access,
  };
}

/** The signed order-status link of an order: its token, and the store API's address with it. */
export function orderAccess(
  platform: Platform,
  storeId: string,
  orderId: string,
): Pick<CheckoutOrderView, 'access_token' | 'access_url'> {
  const token = orderAccessToken(platform, { id: orderId, storeId });
  const base = platform.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  return {
    access_token: token,
    access_url: `${base}/store/v1/orders/${orderId}?token=${encodeURIComponent(token)}`,
  };
}

export function checkoutView(row: CheckoutRow, order: CheckoutOrderView | null): CheckoutView {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const t = row.totals;
  return {
    id: row.id,
    cart_id: row.cart_id,
    attempt: row.attempt,
    status: row.status,
    step: row.step,
    currency: row.currency,
    totals: {
      subtotal: Number(t.subtotal),
      discount_total: Number(t.discount_total),
      shipping_total: Number(t.shipping_total),
      shipping_discount: Number(t.shipping_discount),
      tax_total: Number(t.tax_total),
      tax_inclusive: t.tax_inclusive,
      tax_exempt: t.tax_exempt ?? false,
      tax_exemption: Number(t.tax_exemption ?? 0),
      total: Number(t.total),
    },
    payment: {
      intent_id: row.payment_intent_id,
      next_action:
        row.status === 'requires_action' && row.next_action_url
          ? { type: 'redirect_to_url', url: row.next_action_url }
          : null,
    },
    order,
    failure: row.failure_code
      ? { code: row.failure_code, message: row.failure_message ?? row.failure_code }
      : null,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    finished_at: iso(row.finished_at),
  };
}

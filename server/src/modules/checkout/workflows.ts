import { EventEmitter } from 'node:events';
import type { Platform } from '../../platform/context.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import {
  DBOS,
  defineQueue,
  defineWorkflow,
  recordedStep,
  step,
  transaction,
} from '../../platform/workflows/workflows.ts';
import {
  cartCheckoutState,
  completeCartAhead,
  completeLockedCart,
  lockCartForCheckoutText,
} from '../cart/service.ts';
import {
  commitReservationAhead,
  commitReservationInTx,
  releaseReservation,
  reserveStock,
} from '../inventory/service.ts';
import { isCartOrderTaken, placeOrder } from '../orders/service.ts';
import {
  attachOrderToPaymentAhead,
  authorizePayment,
  captureIfDue,
  createAndAuthorizePayment,
  recordNothingToPay,
  resolvePaymentAction,
  voidPayment,
  type PaymentIntentView,
} from '../payments/service.ts';
import { redeemCoupons } from '../promotions/service.ts';
import { updateAttempt, updateAttemptAhead, updateAttemptBatched, type CheckoutRow } from './attempts.ts';
import { screenOrder } from './fraud.ts';
import { attachGiftCardsToOrderInTx, redeemGiftCards, releaseGiftCards } from '../gift-cards/tender.ts';
import { amountDue, type CheckoutPlan } from './plan.ts';
import { newId } from '../../platform/ids.ts';

/**
 * The checkout workflow (DBOS): one run per attempt, id `checkout:<cart>:<attempt>`.
 *
 *   reserve stock + fraud check + authorize payment (one step) ─▶ (3-D Secure: wait) ─▶ place order
 *   (create + redeem coupons + commit stock + confirm (order.placed) + complete cart, one
 *   transaction) ─▶ capture
 *
 * Each step names what undoes it, right beside it (`undo.push`). On a failure the undos run in
 * reverse — payment voided, stock released — and the attempt is recorded `failed`; the cart stays
 * open for another attempt. Every step is safe to run twice (idempotency keys derived from the
 * attempt; the order's writes are an exactly-once transaction), so a worker killed anywhere
 * resumes the workflow without doubling anything. A paid checkout records two checkpoints (the
 * first step, the order), both in Carton's `workflow_transactions` rather than as DBOS steps
 * (decision 0021); the capture, its last act, records none (decision 0015).
 */

export interface CheckoutWorkflowInput {
  checkoutId: string;
  attempt: number;
  /** `chk:<cart>:<attempt>`: the reservation key, and the payment's idempotency key. */
  key: string;
  /** Null when the order costs nothing (no provider is asked). */
  paymentMethod: string | null;
  returnUrl: string | null;
  plan: CheckoutPlan;
}

export type CheckoutOutcome =
  | { status: 'completed'; checkoutId: string; orderId: string }
  | { status: 'failed'; checkoutId: string; code: string; message: string };

/** What a failed step said, as JSON (recorded by DBOS, replayed after a crash). */
interface Failure {
  code: string;
  message: string;
}

export const checkoutQueue = defineQueue('checkout', { pollingIntervalMs: 50 });

// --- the worker's platform ------------------------------------------------------------------

let setPlatform: (p: Platform) => void = () => {};
let platformReady = new Promise<Platform>((resolve) => (setPlatform = resolve));

/**
 * Set when a worker starts (null when it stops). A worker that recovers a checkout during launch
 * may run it before this is set, so steps wait for it.
 */
export function usePlatformForCheckouts(platform: Platform | null): void {
  if (platform) setPlatform(platform);
  else platformReady = new Promise<Platform>((resolve) => (setPlatform = resolve));
}

// --- settings ----------------------------------------------------------------------------------

export interface CheckoutTimings {
  /** Longest wait for a 3-D Secure challenge before the attempt is given up (and compensated). */
  actionTimeoutSeconds: number;
  /** How often a waiting checkout asks the provider whether the challenge was completed. */
  actionPollSeconds: number;
  /** How many times an authorization whose answer was lost is asked again, a second apart. */
  processingRetries: number;
}

let timings: CheckoutTimings = { actionTimeoutSeconds: 900, actionPollSeconds: 10, processingRetries: 10 };

export function configureCheckoutTimings(next: CheckoutTimings): void {
  timings = next;
}

// --- observers: the shopper's waiting request, and the crash tests ------------------------------

/** In-process news of attempts: waiting for the shopper (a 3-D Secure challenge), or their order placed. */
export const checkoutNews = new EventEmitter().setMaxListeners(0);

type StepObserver = (point: string, input: CheckoutWorkflowInput) => void;
let stepObserver: StepObserver | null = null;

/**
 * Called inside each step once its effect is done but before the workflow records it (and after
 * it, with `after:` in front of the name). For the crash tests, which kill the process there.
 */
export function setCheckoutStepObserver(observer: StepObserver | null): void {
  stepObserver = observer;
}

// --- the workflow -----------------------------------------------------------------------------

function failureOf(err: unknown): Failure {
  if (isAppError(err)) return { code: err.code, message: err.message };
  const e = err as { code?: unknown; message?: unknown };
  // An AppError recorded by DBOS comes back as a plain error carrying its code.
  if (typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code)) {
    return { code: e.code, message: String(e.message ?? e.code) };
  }
  throw err; // not a refusal: let DBOS record the error (the workflow is retried on recovery)
}

/** Run `fn`; a refusal (AppError) comes back as a value, so the workflow can compensate. */
async function attempt<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, failure: failureOf(err) };
  }
}

const DECLINED = 'Your payment was declined.';

export const checkoutWorkflow = defineWorkflow(
  'checkout.complete',
  async (input: CheckoutWorkflowInput): Promise<CheckoutOutcome> => {
    const platform = await platformReady;
    const { plan, checkoutId, key } = input;
    const { storeId } = plan;
    const db = platform.db;
    const observe = (point: string) => stepObserver?.(point, input);
    const undo: { name: string; run: () => Promise<unknown> }[] = [];
    const ids: { reservationId: string | null; intentId: string | null; orderId: string | null } = {
      reservationId: null,
      intentId: null,
      orderId: null,
    };

    const fail = async (failure: Failure): Promise<CheckoutOutcome> => {
      for (const u of undo.reverse()) await u.run();
      await transaction(
        db,
        'record-failure',
        async (tx) => {
          await updateAttempt(
            tx,
            storeId,
            checkoutId,
            {
              status: 'failed',
              step: 'failed',
              reservation_id: ids.reservationId,
              payment_intent_id: ids.intentId,
              order_id: ids.orderId,
              next_action_url: null,
              failure_code: failure.code,
              failure_message: failure.message,
            },
            'checkout.failed',
          );
          observe('record-failure');
          return true;
        },
        { storeId },
      );
      observe('after:record-failure');
      return { status: 'failed', checkoutId, ...failure };
    };

    // 1. Reserve the stock (all lines or nothing), ask the fraud screen (the Convert pillar's hook;
    //    allows by default) and authorize the payment (an intent per attempt, keyed by it) — in
    //    ONE checkpointed step: each part is safe to repeat (the reservation and the payment are
    //    keyed by the attempt), so a crash inside it runs it again and the workflow goes on from
    //    what it recorded. A refusal, a deny and a decline come back as values and are compensated
    //    below. Undo: release the stock; void the payment. An order that costs nothing gets a
    //    payment of 0, captured at once, with no provider to ask.
    const paymentMethod = input.paymentMethod;
    // Recorded by Carton rather than as a DBOS step (`recordedStep`: two messages instead of
    // seven statements on the complete call's path, decision 0021).
    const prepared = await recordedStep(
      db,
      'reserve-screen-authorize',
      async () => {
        const r = await attempt(async () => {
          const { reservation } = await reserveStock(db, {
            storeId,
            input: {
              key,
              owner_ref: checkoutId,
              // Held through the longest 3-D Secure wait, and a margin to place the order.
              expires_in_seconds: timings.actionTimeoutSeconds + 300,
              lines: plan.reservationLines,
            },
          });
          return reservation.id;
        });
        observe('reserve-stock');
        if (!r.ok) return { reserved: r, verdict: null, redeemed: null, authorized: null };
        const verdict = await screenOrder(
          {
            storeId,
            checkoutId,
            cartId: plan.cartId,
            customerId: plan.customerId,
            email: plan.email,
            amount: plan.totals.total,
            currency: plan.currency,
            shippingAddress: plan.order.shippingAddress,
            billingAddress: plan.order.billingAddress,
            lines: plan.order.lines.map((l) => ({
              variantId: l.variantId,
              quantity: l.quantity,
              unitPrice: l.unitPrice,
            })),
          },
          (err) => platform.log.warn({ err, checkoutId }, 'fraud screen failed; the order is allowed'),
        );
        observe('fraud-check');
        if (verdict.decision === 'deny') return { reserved: r, verdict, redeemed: null, authorized: null };
        // The gift cards pay first (once per attempt's key); the payment is asked for the rest.
        const redeemed = await attempt(() =>
          redeemGiftCards(db, { storeId, key, tenders: plan.giftCards ?? [] }),
        );
        observe('redeem-gift-cards');
        if (!redeemed.ok) return { reserved: r, verdict, redeemed, authorized: null };
        // Created and claimed in one transaction, the answer recorded in another (payments).
        const authorized = await attempt(() =>
          paymentMethod === null
            ? recordNothingToPay(platform, {
                storeId,
                currency: plan.currency,
                cartId: plan.cartId,
                idempotencyKey: key,
              })
            : createAndAuthorizePayment(platform, {
                storeId,
                amount: amountDue(plan),
                currency: plan.currency,
                cartId: plan.cartId,
                idempotencyKey: key,
                paymentMethod,
                ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
                // Staff placing it: any manual method; a saved card charged with its holder away.
                ...(plan.staffPlaced ? { anyManualMethod: true, offSession: true } : {}),
              }),
        );
        observe('authorize-payment');
        return { reserved: r, verdict, redeemed, authorized };
      },
      // A provider that is down (503) is asked again; a decline is an answer, not an error.
      { retries: 3, retryIntervalSeconds: 1 },
    );
    observe('after:authorize-payment');
    const reserved = prepared.reserved;
    if (!reserved.ok) return fail(reserved.failure);
    ids.reservationId = reserved.value;
    undo.push({
      name: 'release-stock',
      run: () =>
        step(
          'release-stock',
          async () => {
            try {
              await releaseReservation(db, { storeId, reservationId: reserved.value });
            } catch (err) {
              // Committed already (the order could not be confirmed after its stock left): the
              // units stay with the abandoned order for staff to restock; never a silent loss.
              if (!isAppError(err) || err.code !== 'INVALID_STATE_TRANSITION') throw err;
              platform.log.error(
                { checkoutId, reservationId: reserved.value },
                'stock of a failed checkout was committed',
              );
            }
            observe('release-stock');
          },
          { retries: 5 },
        ),
    });

    if (prepared.verdict?.decision === 'deny') {
      const verdict = prepared.verdict;
      platform.log.info({ checkoutId, screen: verdict.screen, reason: verdict.reason }, 'checkout denied');
      return fail({ code: 'PAYMENT_DECLINED', message: DECLINED });
    }

    // Recorded before gift cards existed, a step's result has no `redeemed`: nothing was spent.
    const redeemed = prepared.redeemed;
    if (redeemed && !redeemed.ok) return fail(redeemed.failure);
    if (plan.giftCards?.length) {
      undo.push({
        name: 'release-gift-cards',
        run: () =>
          step(
            'release-gift-cards',
            async () => {
              await releaseGiftCards(db, { storeId, key });
              observe('release-gift-cards');
            },
            { retries: 5 },
          ),
      });
    }

    const authorized = prepared.authorized!;
    if (!authorized.ok) return fail(authorized.failure);
    let intent: PaymentIntentView = authorized.value;
    ids.intentId = intent.id;
    const intentId = intent.id;
    const nothingToPay = intent.provider === 'none';
    if (!nothingToPay) {
      undo.push({
        name: 'void-payment',
        run: () =>
          step(
            'void-payment',
            async () => {
              await voidPayment(platform, { storeId, intentId });
              observe('void-payment');
            },
            { retries: 8, retryIntervalSeconds: 2 },
          ),
      });
    }

    // The provider's answer was lost: ask again with the same key (never a second charge).
    for (let i = 1; intent.status === 'processing' && i <= timings.processingRetries; i++) {
      await DBOS.sleep(1000);
      intent = await step(`authorize-payment-retry-${i}`, () =>
        // Only a provider's payment is ever `processing`, so it has its method.
        authorizePayment(platform, { storeId, intentId, paymentMethod: paymentMethod! }),
      );
    }

    // 3-D Secure: tell the shopper where to go, then wait (durably) for the challenge's outcome.
    if (intent.status === 'requires_action') {
      await transaction(
        db,
        'await-action',
        async (tx) => {
          await updateAttempt(
            tx,
            storeId,
            checkoutId,
            {
              status: 'requires_action',
              step: 'awaiting_action',
              reservation_id: ids.reservationId,
              payment_intent_id: intentId,
              next_action_url: intent.next_action?.url ?? null,
            },
            'checkout.action_required',
          );
          return true;
        },
        { storeId },
      );
      checkoutNews.emit(checkoutId, 'requires_action');
      const deadline = await step(
        'action-deadline',
        async () => Date.now() + timings.actionTimeoutSeconds * 1000,
      );
      for (let round = 1; intent.status === 'requires_action'; round++) {
        // Woken early when the shopper comes back (GET …/checkout, complete again); else polls.
        await DBOS.recv<string>('payment', timings.actionPollSeconds);
        intent = await step(`check-action-${round}`, () =>
          resolvePaymentAction(platform, { storeId, intentId }),
        );
        const now = await step(`clock-${round}`, async () => Date.now());
        if (intent.status === 'requires_action' && now >= deadline) {
          return fail({
            code: 'PAYMENT_DECLINED',
            message: 'The card verification was not completed in time; nothing was charged.',
          });
        }
      }
    }

    if (intent.status !== 'authorized' && intent.status !== 'captured') {
      const message =
        intent.status === 'processing'
          ? 'The payment provider did not answer; nothing was charged. Try again.'
          : (intent.last_error?.message ?? DECLINED);
      return fail({ code: 'PAYMENT_DECLINED', message });
    }

    // 3. Place the order, in ONE exactly-once transaction: the cart unchanged since it was priced
    //    (under its lock), the order created, its coupons redeemed, the reserved stock committed
    //    to it, the order confirmed (order.placed), the cart completed and the attempt recorded.
    //    All or nothing, so there is nothing to undo here: a refusal (the cart changed, the
    //    reservation expired, a coupon used up) leaves no order, and the undos above void the
    //    payment and release the stock.
    // The order's id is chosen first, so that everything else can name it. Without coupons the
    // writes whose answers the placement reads (the stock committed, the cart completed, the
    // attempt, the payment attached) are sent with the cart's lock: one message instead of one
    // each while the stock's and the cart's rows are locked. Whatever does not go as planned is
    // rolled back (`transaction`'s `ahead`); the id is only ever used through the step's result.
    const newOrderId = newId('ord');
    const attemptDone = {
      status: 'completed',
      step: 'completed',
      reservation_id: reserved.value,
      payment_intent_id: intentId,
      order_id: newOrderId,
      next_action_url: null,
    } as const;
    const ahead = plan.order.couponCodes.length
      ? []
      : [
          commitReservationAhead({ storeId, reservationId: reserved.value, orderRef: newOrderId }),
          completeCartAhead({ storeId, cartId: plan.cartId, orderId: newOrderId }),
          updateAttemptAhead(storeId, checkoutId, attemptDone),
          attachOrderToPaymentAhead({ storeId, intentId, orderId: newOrderId }),
        ];
    // The attempt as the placement left it, for the shopper's answer (not when a resumed workflow
    // found the step recorded: then the answer reads it).
    let placedAttempt: CheckoutRow | undefined;
    const placed = await attempt(() =>
      transaction(
        db,
        'place-order',
        async (tx, io) => {
          // The cart's row lock travelled with BEGIN (`opening` below).
          const cart = cartCheckoutState(io.opened);
          if (!cart || (cart.status === 'active' && cart.version !== plan.cartVersion)) {
            throw new AppError('CART_CHANGED', 'The cart changed during checkout; review it and try again.');
          }
          // The order itself and its number (the store's gapless counter, which every checkout of
          // the store queues on) go with COMMIT, so the counter is held for that one message only.
          const orderId = newOrderId;
          if (plan.order.couponCodes.length) {
            await redeemCoupons(tx, {
              storeId,
              cartId: plan.cartId,
              orderId,
              customerId: plan.customerId,
              email: plan.email,
            });
          }
          // Idempotent by the order reference; refused (rolling all of this back) when expired.
          await commitReservationInTx(tx, { storeId, reservationId: reserved.value, orderRef: orderId });
          observe('commit-stock');
          // What needs no answer is written with one message each and its events go with COMMIT.
          await completeLockedCart(tx, io, { storeId, cartId: plan.cartId, orderId }, cart);
          placedAttempt = await updateAttemptBatched(
            tx,
            io,
            storeId,
            checkoutId,
            attemptDone,
            'checkout.completed',
          );
          if (plan.giftCards?.length) await attachGiftCardsToOrderInTx(tx, { storeId, key, orderId });
          // Created and confirmed (order.created, order.payment_updated, order.placed) at once.
          await placeOrder(tx, io, {
            ...plan.order,
            giftCardTotal: plan.totals.total - amountDue(plan),
            id: orderId,
            paymentIntentId: intentId,
            reservationId: reserved.value,
            payment: intent,
          });
          observe('create-order');
          observe('confirm-order');
          return orderId;
        },
        { storeId, opening: lockCartForCheckoutText({ storeId, cartId: plan.cartId }), ahead },
      ).catch((err: unknown) => {
        // The cart's one order belongs to an earlier attempt (orders keeps one per cart).
        if (isCartOrderTaken(err)) {
          throw new AppError('CART_NOT_ACTIVE', `Cart ${plan.cartId} has its order already.`);
        }
        throw err;
      }),
    );
    observe('after:confirm-order');
    if (!placed.ok) return fail(placed.failure);
    const orderId = placed.value;
    ids.orderId = orderId;
    // The order is placed: the shopper's request may answer now; the capture goes on durably.
    checkoutNews.emit(
      checkoutId,
      'completed',
      orderId,
      placedAttempt?.order_id === orderId ? placedAttempt : undefined,
    );

    // 4. Capture now if the store captures on placement. The order stands either way: a capture
    //    that fails is retried by the orders module's settlement, never by undoing the order. Not
    //    a checkpointed step: it is the workflow's last act and safe to repeat (a captured payment
    //    is left as it is), so a workflow resumed after it simply asks again.
    if (nothingToPay) return { status: 'completed', checkoutId, orderId };
    try {
      await captureIfDue(platform, { storeId, intentId, moment: 'placement' });
    } catch (err) {
      platform.log.warn(
        { err, checkoutId, intentId },
        'capture at placement failed; the order stays authorized',
      );
    }
    observe('capture-payment');
    observe('after:capture-payment');
    return { status: 'completed', checkoutId, orderId };
  },
);

import { assertProviderEnabled } from './settings.ts';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { eq } from 'drizzle-orm';
import {
  rowFrom,
  sqlLiteral,
  sqlText,
  hotStatement,
  keyedStoreScope,
  transactionOpenedWith,
  withStore,
} from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEventText } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  applyProviderResult,
  createPaymentIntent,
  CreatePaymentInput,
  intentMove,
  lockIntent,
  moveIntent,
  outcomeOf,
  patchIntent,
  paymentEvent,
  readIntent,
  recordOperation,
  recordProviderAnswer,
  withLockedIntent,
} from './intents.ts';
import { nextPaymentStatus } from './payment-states.ts';
import { PaymentMethodToken } from './payment-methods.ts';
import { isSavedCard, savedCardReferences } from './saved-cards.ts';
import { isManualMethod } from './providers/manual.ts';
import { providerFor, providerWith } from './providers/index.ts';
import { paymentIntents, paymentSettings } from './schema.ts';
import { manualMethodProblem } from './manual-methods.ts';
import { DEFAULT_PAYMENT_SETTINGS } from './settings.ts';
import {
  operationKey,
  ProviderRequestError,
  ProviderUnavailableError,
  type PaymentProvider,
  type PaymentResult,
} from './providers/provider.ts';
import type { PaymentIntentRow } from './schema.ts';
import { paymentIntentView, type PaymentIntentView } from './views.ts';

const AuthorizeInput = z.object({
  storeId: z.string().min(1).max(64),
  intentId: z.string().min(1).max(64),
  paymentMethod: PaymentMethodToken,
  returnUrl: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .max(2000)
    .optional()
    .describe('Where the shopper returns after a 3-D Secure challenge'),
});

/** What the shopper reads when the provider refused the request itself (its reason is in the log). */
const NOT_PROCESSED = 'The payment could not be processed. Try another payment method.';

/** What the shopper reads while the provider's answer is unknown. */
const STILL_CHECKING = 'The payment provider did not answer in time; the payment is being checked.';

/**
 * Authorize a payment with the shopper's payment-method token. The answer is the intent:
 * `authorized` (money held), `requires_action` (send the shopper to `next_action.url`), `failed`
 * (`last_error` has the decline code and a readable message; another method may be tried), or
 * `processing` (the provider's answer was lost — call again, or let the recovery sweep: the
 * retry carries the same provider idempotency key and never charges twice).
 *
 * Calling again with the same method is safe whatever the state: a processing attempt is
 * retried, a pending challenge is checked, an authorized payment is returned as is. Another
 * method is accepted only after a failure.
 */
export async function authorizePayment(
  platform: Platform,
  o: { storeId: string; intentId: string; paymentMethod: string; returnUrl?: string },
): Promise<PaymentIntentView> {
  const input = parseInput(AuthorizeInput, o);
  const { storeId, intentId, paymentMethod } = input;
  const current = await readIntent(platform, storeId, intentId);
  const provider = await providerFor(platform, storeId, current.provider);
  const problem = isSavedCard(paymentMethod) ? null : provider.checkPaymentMethod(paymentMethod);
  if (problem) {
    throw new AppError('VALIDATION_FAILED', 'The payment method is not one this payment provider takes.', {
      errors: [{ path: 'body.payment_method', message: problem }],
    });
  }

  const claim = await withStore(platform.db, storeId, async (tx) => {
    const row = await lockIntent(tx, storeId, intentId);
    if (row.status === 'requires_payment_method' || row.status === 'failed') {
      const started = await moveIntent(tx, row, 'processing', {
        attempt: row.attempt + 1,
        paymentMethod,
        returnUrl: input.returnUrl ?? null,
        lastErrorCode: null,
        lastErrorMessage: null,
        nextAction: null,
      });
      return { row: started, call: 'authorize' as const };
    }
    if (row.status === 'canceled') nextPaymentStatus(row.status, 'processing', row.id);
    if (row.paymentMethod !== paymentMethod) {
      throw new AppError(
        'INVALID_STATE_TRANSITION',
        `Payment ${row.id} is ${row.status.replaceAll('_', ' ')} with another payment method; ` +
          'another method can be tried only after a failure.',
      );
    }
    if (row.status === 'processing') return { row, call: 'authorize' as const };
    if (row.status === 'requires_action') return { row, call: 'confirm_action' as const };
    return { row, call: null }; // authorized or captured: nothing to do
  });
  if (!claim.call) return paymentIntentView(claim.row);
  return paymentIntentView(await askProvider(platform, provider, claim.row, claim.call));
}

const NewAuthorizeInput = CreatePaymentInput.extend({
  paymentMethod: PaymentMethodToken,
  returnUrl: AuthorizeInput.shape.returnUrl,
  /** Staff chose the method for the customer (a draft order): any manual method, offered to shoppers or not. */
  anyManualMethod: z.boolean().optional(),
  /** Staff charge the customer's saved card: they are not there to answer a challenge. */
  offSession: z.boolean().optional(),
});

// The store's payment settings and the new intent (their defaults where the store has none),
// prepared once per connection: they open every authorization.
const settingsOf = hotStatement(
  'payment_settings_of',
  ['text'],
  'SELECT * FROM payment_settings WHERE store_id = $1',
);
// $7 is 'manual' for a manual method (cash on delivery, bank transfer): no provider is asked, and
// only staff capture it.
const intentInsert = hotStatement(
  'payment_intent_insert',
  ['text', 'text', 'text', 'bigint', 'text', 'text', 'text'],
  `INSERT INTO payment_intents (id, store_id, idempotency_key, amount, currency, provider, capture_mode, cart_id)
    SELECT $1, $2, $3, $4, $5,
           coalesce($7, s.provider, ${sqlLiteral(DEFAULT_PAYMENT_SETTINGS.provider)}),
           CASE WHEN $7 IS NULL
                THEN coalesce(s.capture_mode, ${sqlLiteral(DEFAULT_PAYMENT_SETTINGS.captureMode)})
                ELSE 'manual' END, $6
    FROM (SELECT 1) AS one LEFT JOIN payment_settings s ON s.store_id = $2
    ON CONFLICT (store_id, idempotency_key) DO NOTHING
    RETURNING *`,
);

/**
 * `createPaymentIntent` and `authorizePayment` in one, for the checkout: two transactions around
 * the provider's call instead of five. Before it, one transaction creates the intent (the store's
 * settings read with the insert, in the message that opens it; `payment.created`) and claims its
 * first attempt (`processing`); after it, one transaction records the answer. Nothing is read
 * twice. Idempotent by `idempotencyKey` as those two are: when the key has made its intent
 * already (the step retried after a crash), that intent is authorized as `authorizePayment` does
 * it (an answer recorded is returned, a `processing` one asked again with the same provider key).
 */
export async function createAndAuthorizePayment(
  platform: Platform,
  o: {
    storeId: string;
    amount: number;
    currency: string;
    cartId?: string;
    idempotencyKey: string;
    paymentMethod: string;
    returnUrl?: string;
    anyManualMethod?: boolean;
    offSession?: boolean;
  },
): Promise<PaymentIntentView> {
  const input = parseInput(NewAuthorizeInput, o);
  const { storeId, paymentMethod } = input;
  const id = newId('pi');
  const settingsRead = settingsOf(storeId);
  const insert = intentInsert(
    id,
    storeId,
    input.idempotencyKey,
    input.amount,
    input.currency,
    input.cartId ?? null,
    isManualMethod(paymentMethod) ? 'manual' : null,
  );
  const claimed = await transactionOpenedWith(
    platform.db,
    `${keyedStoreScope(storeId)}; ${settingsRead}; ${insert}`,
    async (tx, io) => {
      const inserted = io.opened.at(-1)!.rows[0] as Record<string, unknown> | undefined;
      if (!inserted) return null; // the key has its intent already (see below)
      const created = rowFrom(paymentIntents, inserted);
      assertProviderEnabled(platform.config, created.provider); // refused: the insert rolls back
      const settingsRow = io.opened.at(-2)!.rows[0] as Record<string, unknown> | undefined;
      const settings = settingsRow ? rowFrom(paymentSettings, settingsRow) : null;
      const provider = providerWith(platform, storeId, created.provider, settings);
      const event = emitEventText(tx, paymentEvent('payment.created', created)).text;
      const problem =
        (isSavedCard(paymentMethod) ? null : provider.checkPaymentMethod(paymentMethod)) ??
        (created.provider === 'manual' && !input.anyManualMethod
          ? manualMethodProblem(settings?.manualMethods, paymentMethod)
          : null);
      if (problem) {
        io.closeWith(event); // created, as createPaymentIntent leaves it; the method is refused below
        return { row: created, provider, problem };
      }
      // The first attempt, claimed as authorizePayment claims it: written with the commit.
      const patch = {
        attempt: created.attempt + 1,
        ...(input.offSession ? { offSession: true } : {}),
        paymentMethod,
        returnUrl: input.returnUrl ?? null,
        lastErrorCode: null,
        lastErrorMessage: null,
        nextAction: null,
      };
      const move = intentMove(created, 'processing', patch);
      io.closeWith(
        `${sqlText(tx.update(paymentIntents).set(move).where(eq(paymentIntents.id, created.id)))}; ${event}`,
      );
      return { row: { ...created, ...patch, status: 'processing' as const }, provider, problem: null };
    },
  );
  if (!claimed) {
    const intent = await createPaymentIntent(platform, input); // the same one, or 409 for other terms
    return authorizePayment(platform, {
      storeId,
      intentId: intent.id,
      paymentMethod,
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
    });
  }
  if (claimed.problem) {
    throw new AppError('VALIDATION_FAILED', 'The payment method is not one this payment provider takes.', {
      errors: [{ path: 'body.payment_method', message: claimed.problem }],
    });
  }
  return paymentIntentView(await askProvider(platform, claimed.provider, claimed.row, 'authorize'));
}

/**
 * After the shopper's challenge: ask the provider how it ended and move the intent to
 * `authorized` or `failed` (a challenge still open leaves it `requires_action`).
 */
export async function resolvePaymentAction(
  platform: Platform,
  o: { storeId: string; intentId: string },
): Promise<PaymentIntentView> {
  const row = await readIntent(platform, o.storeId, o.intentId);
  if (row.status !== 'requires_action') return paymentIntentView(row);
  const provider = await providerFor(platform, o.storeId, row.provider);
  return paymentIntentView(await askProvider(platform, provider, row, 'confirm_action'));
}

/**
 * Retry the authorization of a `processing` intent with its attempt's key (the recovery sweep,
 * and `voidPayment` before it can void). Returns the intent as it then is.
 */
export async function retryProcessingPayment(
  platform: Platform,
  row: PaymentIntentRow,
): Promise<PaymentIntentRow> {
  if (row.status !== 'processing') return row;
  const provider = await providerFor(platform, row.storeId, row.provider);
  return askProvider(platform, provider, row, 'authorize');
}

/**
 * Ask the provider — outside any transaction, so no lock is held while it thinks — then apply
 * its answer to the intent, if the intent is still on the same attempt.
 */
async function askProvider(
  platform: Platform,
  provider: PaymentProvider,
  row: PaymentIntentRow,
  call: 'authorize' | 'confirm_action',
): Promise<PaymentIntentRow> {
  const idempotencyKey = operationKey(row.id, call, row.attempt);
  const started = Date.now();
  let result: PaymentResult | null = null;
  let unavailable: ProviderUnavailableError | null = null;
  let refused: ProviderRequestError | null = null;
  try {
    if (call === 'authorize') {
      // A saved card (cpm_…) is charged as the provider keeps it: its payment method and customer.
      const saved = isSavedCard(row.paymentMethod!)
        ? await savedCardReferences(platform.db, { storeId: row.storeId, cardId: row.paymentMethod! })
        : null;
      if (isSavedCard(row.paymentMethod!) && !saved) {
        throw new ProviderRequestError(
          'saved_card_removed',
          'The saved card was removed before it was charged.',
        );
      }
      result = await provider.authorize({
        storeId: row.storeId,
        intentId: row.id,
        idempotencyKey,
        amount: row.amount,
        currency: row.currency,
        paymentMethod: saved?.reference ?? row.paymentMethod!,
        customerReference: saved?.customerReference ?? null,
        offSession: row.offSession,
        returnUrl: row.returnUrl,
      });
    } else {
      if (!provider.confirmAction || !row.providerReference) return row;
      result = await provider.confirmAction({
        storeId: row.storeId,
        intentId: row.id,
        idempotencyKey,
        providerReference: row.providerReference,
        currency: row.currency,
      });
    }
  } catch (err) {
    if (err instanceof ProviderUnavailableError) unavailable = err;
    else if (err instanceof ProviderRequestError) refused = err;
    else throw err;
  }
  const durationMs = Date.now() - started;

  // The intent's lock travels with BEGIN; the answer's writes and the event go with COMMIT.
  return withLockedIntent(platform, row.storeId, row.id, async (tx, io, now, clock) => {
    const log = { row: now, operation: call, idempotencyKey, amount: row.amount, durationMs };
    if (unavailable) {
      await recordOperation(tx, {
        ...log,
        outcome: 'timeout',
        error: { code: unavailable.code, message: unavailable.message },
      });
      if (now.attempt !== row.attempt || now.status !== 'processing') return now;
      return patchIntent(tx, now, { lastErrorCode: unavailable.code, lastErrorMessage: STILL_CHECKING });
    }
    if (refused) {
      // The provider refused the request itself (an unknown payment method, the shop's credentials):
      // this attempt failed. Its own words go to the log; the shopper reads a plain message.
      await recordOperation(tx, {
        ...log,
        outcome: 'error',
        error: { code: refused.code, message: refused.message },
      });
      if (now.attempt !== row.attempt || now.status !== row.status) return now;
      if (call === 'confirm_action') return now;
      const error = { code: refused.code, message: NOT_PROCESSED };
      return applyProviderResult(tx, now, {
        status: 'failed',
        providerReference: now.providerReference,
        error,
      });
    }
    // Applied unless a newer attempt owns the intent (then only the log line).
    const { row: _, ...entry } = log;
    return recordProviderAnswer(
      tx,
      io,
      { row: now, clock },
      {
        ...entry,
        outcome: outcomeOf(result!),
        providerReference: result!.providerReference,
        error: result!.error ?? null,
      },
      result!,
      now.attempt === row.attempt,
    );
  });
}

import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  applyProviderResult,
  lockIntent,
  moveIntent,
  outcomeOf,
  patchIntent,
  readIntent,
  recordOperation,
} from './intents.ts';
import { nextPaymentStatus } from './payment-states.ts';
import { PaymentMethodToken } from './payment-methods.ts';
import { providerFor } from './providers/index.ts';
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
  const problem = provider.checkPaymentMethod(paymentMethod);
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
      result = await provider.authorize({
        storeId: row.storeId,
        intentId: row.id,
        idempotencyKey,
        amount: row.amount,
        currency: row.currency,
        paymentMethod: row.paymentMethod!,
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

  return withStore(platform.db, row.storeId, async (tx) => {
    const now = await lockIntent(tx, row.storeId, row.id);
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
    await recordOperation(tx, {
      ...log,
      outcome: outcomeOf(result!),
      providerReference: result!.providerReference,
      error: result!.error ?? null,
    });
    if (now.attempt !== row.attempt) return now; // a newer attempt owns the intent
    return applyProviderResult(tx, now, result!);
  });
}

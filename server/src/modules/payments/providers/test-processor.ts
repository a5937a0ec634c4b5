import { and, eq, isNull, sql } from 'drizzle-orm';
import { createHash, createHmac } from 'node:crypto';
import type { Platform } from '../../../platform/context.ts';
import { safeEqual, deriveKey } from '../../../platform/crypto.ts';
import type pg from 'pg';
import {
  rowFrom,
  runInStore,
  sqlLiteral,
  sqlText,
  keyedStoreScope,
  KEYED_SCOPE_STATEMENTS,
  transactionOpenedWith,
  withStore,
  type DbOrTx,
  type Tx,
} from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import {
  testProcessorCards,
  testProcessorPayments,
  testProcessorRequests,
  type TestProcessorPaymentRow,
} from '../schema.ts';
import {
  ProviderRequestError,
  ProviderUnavailableError,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentResult,
  type RefundResult,
} from './provider.ts';
import { AUTHENTICATION_REQUIRED, CHALLENGE_FAILED, TEST_CARD_DETAILS, TEST_CARDS } from './test-cards.ts';

/**
 * The built-in `test` processor: behaves like a card processor, in process, without a network.
 * Its books (payments, and the first answer to every idempotency key) live in PostgreSQL, in its
 * own transactions, so that — like a real processor — it remembers what it did when Carton
 * crashes or loses an answer, and a retry with the same key gets the same answer without a
 * second charge. See `test-cards.ts` for the tokens.
 */
export function testProcessor(platform: Platform): PaymentProvider {
  const { db } = platform;

  return {
    code: 'test',

    checkPaymentMethod(paymentMethod) {
      if (TEST_CARDS[paymentMethod]) return null;
      return `the test processor knows the tokens ${Object.keys(TEST_CARDS).join(', ')}`;
    },

    async authorize(request) {
      // A saved card (pm_…) pays as the token it was saved from, while it is still attached.
      const token = request.paymentMethod.startsWith('pm_')
        ? await savedCardToken(platform, request)
        : request.paymentMethod;
      const card = TEST_CARDS[token];
      if (!card) throw new ProviderRequestError('invalid_payment_method', 'No such test token.');
      // Off-session (staff charging a saved card), a card that asks for a challenge is declined.
      const behaviour = request.offSession && card.kind === 'challenge' ? AUTHENTICATION_REQUIRED : card;
      // What the processor books and answers depends only on the card: decided before the write.
      const id = newId('tpp');
      const base = {
        id,
        storeId: request.storeId,
        merchantReference: request.intentId,
        token,
        amount: request.amount,
        currency: request.currency,
        returnUrl: request.returnUrl ?? null,
      };
      // The card the token stands for, as a processor describes what it charged.
      const shown = TEST_CARD_DETAILS[token] ?? null;
      const [payment, answer]: [typeof testProcessorPayments.$inferInsert, PaymentResult] =
        behaviour.kind === 'decline'
          ? [
              { ...base, status: 'failed', declineCode: behaviour.code },
              { ...failed(id, { code: behaviour.code, message: behaviour.message }), card: shown },
            ]
          : behaviour.kind === 'challenge'
            ? [
                { ...base, status: 'requires_action', challenge: 'pending' },
                { ...challengeResult(platform, request.storeId, id), card: shown },
              ]
            : [
                { ...base, status: 'authorized' },
                { status: 'authorized', providerReference: id, card: shown },
              ];
      const parameters = [
        request.intentId,
        request.amount,
        request.currency,
        request.paymentMethod,
        request.returnUrl ?? '',
      ];
      // The first request with this key: the key claimed with its answer and the payment booked,
      // in one statement (one message, one transaction). A key seen before is replayed by `once`.
      const claimed = await bookFirstAuthorization(
        platform,
        request,
        fingerprintOf('authorize', parameters),
        {
          payment,
          answer,
        },
      );
      const { result, replayed } = claimed
        ? { result: answer, replayed: false }
        : await once(
            platform,
            request.storeId,
            request.idempotencyKey,
            'authorize',
            parameters,
            async (tx) => {
              await tx.insert(testProcessorPayments).values(payment);
              return answer;
            },
          );
      // The charge is on the books, but its answer is "lost on the network": only a retry with
      // the same idempotency key learns it.
      if (behaviour.kind === 'timeout' && !replayed) {
        throw new ProviderUnavailableError(
          'provider_timeout',
          'The test processor did not answer in time (tok_timeout); retry with the same key.',
        );
      }
      return result;
    },

    async confirmAction(request) {
      const payment = await readPayment(request);
      if (payment.status === 'requires_action') return challengeResult(platform, request.storeId, payment.id);
      return resultOf(payment);
    },

    async capture(request) {
      const { result } = await onceOnPayment(
        platform,
        request,
        'capture',
        [request.providerReference, request.amount],
        async (tx, payment, closeWith) => {
          if (payment.status === 'captured') return resultOf(payment);
          if (payment.status !== 'authorized') throw unexpectedState(payment, 'captured');
          if (request.amount > payment.amount) {
            throw new ProviderRequestError(
              'amount_too_large',
              `Cannot capture ${request.amount}: only ${payment.amount} is authorized.`,
            );
          }
          const change = { status: 'captured' as const, capturedAmount: request.amount };
          closeWith(updatePayment(tx, payment, change));
          return resultOf({ ...payment, ...change });
        },
      );
      return result;
    },

    async void(request) {
      const { result } = await onceOnPayment(
        platform,
        request,
        'void',
        [request.providerReference],
        async (tx, payment, closeWith) => {
          if (payment.status === 'canceled') return resultOf(payment);
          if (payment.status !== 'authorized' && payment.status !== 'requires_action') {
            throw unexpectedState(payment, 'voided');
          }
          const change = { status: 'canceled' as const };
          closeWith(updatePayment(tx, payment, change));
          return resultOf({ ...payment, ...change });
        },
      );
      return result;
    },

    async refund(request) {
      const { result } = await onceOnPayment<RefundResult>(
        platform,
        request,
        'refund',
        [request.providerReference, request.amount, request.refundId],
        async (tx, payment, closeWith) => {
          if (payment.status !== 'captured') throw unexpectedState(payment, 'refunded');
          if (payment.refundedAmount + request.amount > payment.capturedAmount) {
            throw new ProviderRequestError(
              'amount_too_large',
              `Cannot refund ${request.amount}: only ${payment.capturedAmount - payment.refundedAmount} is left to refund.`,
            );
          }
          closeWith(updatePayment(tx, payment, { refundedAmount: payment.refundedAmount + request.amount }));
          return { status: 'succeeded', providerReference: newId('tprf') };
        },
      );
      return result;
    },

    parseWebhook() {
      throw new AppError('NOT_FOUND', 'The test processor sends no webhooks.');
    },

    async saveCard(request) {
      const token = request.paymentMethod;
      const behaviour = TEST_CARDS[token];
      const details = TEST_CARD_DETAILS[token];
      if (!behaviour || !details) {
        throw new ProviderRequestError('invalid_payment_method', 'No such test token.');
      }
      // One customer per Carton customer, named from it, so concurrent first saves agree.
      const customerReference = request.customerReference ?? testCustomerReference(request);
      // Like a card network's check when a card is attached: a declining card is not kept.
      if (behaviour.kind === 'decline') {
        return {
          saved: false,
          customerReference,
          error: { code: behaviour.code, message: behaviour.message },
        };
      }
      if (behaviour.kind === 'timeout') {
        throw new ProviderUnavailableError('provider_timeout', 'The test processor did not answer in time.');
      }
      const { result } = await once(
        platform,
        request.storeId,
        request.idempotencyKey,
        'save_card',
        [customerReference, token],
        async (tx) => {
          const id = newId('pm');
          await tx
            .insert(testProcessorCards)
            .values({ id, storeId: request.storeId, customerReference, token });
          return {
            saved: true as const,
            customerReference,
            reference: id,
            card: {
              ...details,
              expMonth: 12,
              expYear: new Date().getUTCFullYear() + 2,
              // The same card number, the same fingerprint: one test token is one card.
              fingerprint: `tfp_${createHash('sha256').update(token).digest('hex').slice(0, 16)}`,
            },
          };
        },
      );
      return result;
    },

    async removeCard(request) {
      await withStore(db, request.storeId, (tx) =>
        tx
          .update(testProcessorCards)
          .set({ detachedAt: sql`coalesce(${testProcessorCards.detachedAt}, now())` })
          .where(
            and(
              eq(testProcessorCards.storeId, request.storeId),
              eq(testProcessorCards.id, request.reference),
            ),
          ),
      );
    },

    // Disputes are opened on request (`openTestDispute`); answered as Stripe's test mode answers:
    // "winning_evidence" wins, "losing_evidence" loses, anything else is reviewed.
    async respondToDispute({ evidence }) {
      const text = evidence.uncategorized_text ?? '';
      if (text.includes('winning_evidence')) return 'won';
      if (text.includes('losing_evidence')) return 'lost';
      return 'under_review';
    },

    async acceptDispute() {
      return 'lost';
    },

    async forgetCustomer(request) {
      await withStore(db, request.storeId, (tx) =>
        tx
          .delete(testProcessorCards)
          .where(
            and(
              eq(testProcessorCards.storeId, request.storeId),
              eq(testProcessorCards.customerReference, request.customerReference),
            ),
          ),
      );
    },
  };

  async function readPayment(request: PaymentRequest): Promise<TestProcessorPaymentRow> {
    const [payment] = await withStore(db, request.storeId, (tx) => paymentOf(tx, request));
    if (!payment) throw new ProviderRequestError('resource_missing', 'No such test payment.', 404);
    return payment;
  }
}

function testCustomerReference(request: { storeId: string; customerId: string }): string {
  return `tcus_${createHash('sha256').update(`${request.storeId}:${request.customerId}`).digest('hex').slice(0, 24)}`;
}

/** The token a saved test card stands for; refused when it is not the customer's or was detached. */
async function savedCardToken(
  platform: Platform,
  request: { storeId: string; paymentMethod: string; customerReference?: string | null },
): Promise<string> {
  const [card] = await withStore(platform.db, request.storeId, (tx) =>
    tx
      .select({ token: testProcessorCards.token })
      .from(testProcessorCards)
      .where(
        and(
          eq(testProcessorCards.storeId, request.storeId),
          eq(testProcessorCards.id, request.paymentMethod),
          eq(testProcessorCards.customerReference, request.customerReference ?? ''),
          isNull(testProcessorCards.detachedAt),
        ),
      ),
  );
  if (!card) throw new ProviderRequestError('resource_missing', 'No such saved card for this customer.');
  return card.token;
}

function fingerprintOf(operation: string, parameters: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, ...parameters]))
    .digest('hex');
}

/**
 * An authorization's first request, in one statement: claim the key with its answer and book the
 * payment only if the claim succeeded. False when the key was claimed before (nothing written).
 */
async function bookFirstAuthorization(
  platform: Platform,
  request: { storeId: string; idempotencyKey: string },
  fingerprint: string,
  o: { payment: typeof testProcessorPayments.$inferInsert; answer: PaymentResult },
): Promise<boolean> {
  const p = o.payment;
  const rows = await runInStore<{ claimed: number }>(
    platform.db,
    request.storeId,
    `WITH claim AS (
       INSERT INTO test_processor_requests (store_id, idempotency_key, operation, fingerprint, response)
       VALUES ($1, $2, 'authorize', $3, $4::jsonb) ON CONFLICT DO NOTHING RETURNING idempotency_key
     ), booked AS (
       INSERT INTO test_processor_payments (id, store_id, merchant_reference, token, amount, currency, status,
                                            challenge, return_url, decline_code)
       SELECT $5, $1, $6, $7, $8, $9, $10, $11, $12, $13 FROM claim
       RETURNING id
     )
     SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT count(*) FROM booked)::int AS booked`,
    [
      request.storeId,
      request.idempotencyKey,
      fingerprint,
      JSON.stringify(o.answer),
      p.id,
      p.merchantReference,
      p.token,
      p.amount,
      p.currency,
      p.status,
      p.challenge ?? null,
      p.returnUrl ?? null,
      p.declineCode ?? null,
    ],
  );
  return rows[0]!.claimed === 1;
}

/**
 * Run `work` at most once per idempotency key, in one transaction with the record of its answer.
 * The key's row is the lock: a concurrent request with the same key waits for the first to
 * commit, then replays its answer. The same key with other parameters is refused, as Stripe does.
 */
async function once<R extends object>(
  platform: Platform,
  storeId: string,
  key: string,
  operation: string,
  parameters: unknown[],
  work: (tx: Tx, io: { opened: pg.QueryResult | undefined; closeWith(text: string): void }) => Promise<R>,
  opening?: string,
): Promise<{ result: R; replayed: boolean }> {
  const fingerprint = fingerprintOf(operation, parameters);
  const l = sqlLiteral;
  // The claim (and `opening`) travel with BEGIN and the record of the answer with COMMIT.
  const claim = `INSERT INTO test_processor_requests (store_id, idempotency_key, operation, fingerprint)
    VALUES (${l(storeId)}, ${l(key)}, ${l(operation)}, ${l(fingerprint)}) ON CONFLICT DO NOTHING RETURNING idempotency_key`;
  const first = [keyedStoreScope(storeId), claim, ...(opening ? [opening] : [])].join('; ');
  return transactionOpenedWith(platform.db, first, async (tx, io) => {
    if (io.opened[KEYED_SCOPE_STATEMENTS]!.rows.length === 0) {
      const [first] = await tx
        .select()
        .from(testProcessorRequests)
        .where(
          and(eq(testProcessorRequests.storeId, storeId), eq(testProcessorRequests.idempotencyKey, key)),
        );
      if (!first || first.fingerprint !== fingerprint) {
        throw new ProviderRequestError(
          'idempotency_error',
          'This idempotency key was already used with different parameters.',
        );
      }
      return { result: first.response as R, replayed: true };
    }
    const result = await work(tx, {
      opened: opening ? io.opened[KEYED_SCOPE_STATEMENTS + 1] : undefined,
      closeWith: io.closeWith,
    });
    io.closeWith(
      `UPDATE test_processor_requests SET response = ${l(JSON.stringify(result))}::jsonb
       WHERE store_id = ${l(storeId)} AND idempotency_key = ${l(key)}`,
    );
    return { result, replayed: false };
  });
}

/**
 * `once` on an existing test payment: its lock travels with the claim, and `work` gets it with
 * the way to write its change with COMMIT.
 */
function onceOnPayment<R extends PaymentResult | RefundResult>(
  platform: Platform,
  request: PaymentRequest,
  operation: string,
  parameters: unknown[],
  work: (tx: Tx, payment: TestProcessorPaymentRow, closeWith: (text: string) => void) => Promise<R>,
): Promise<{ result: R; replayed: boolean }> {
  const lock = sqlText(paymentOf(platform.db, request).for('update'));
  return once(
    platform,
    request.storeId,
    request.idempotencyKey,
    operation,
    parameters,
    (tx, io) => {
      const locked = io.opened!.rows[0] as Record<string, unknown> | undefined;
      if (!locked) throw new ProviderRequestError('resource_missing', 'No such test payment.', 404);
      return work(tx, rowFrom(testProcessorPayments, locked), io.closeWith);
    },
    lock,
  );
}

/** The read of the test payment a request is about. */
function paymentOf(db: DbOrTx, request: PaymentRequest) {
  return db
    .select()
    .from(testProcessorPayments)
    .where(
      and(
        eq(testProcessorPayments.storeId, request.storeId),
        eq(testProcessorPayments.id, request.providerReference),
      ),
    );
}

/** A locked test payment's change, as SQL text to go with COMMIT (its outcome is known). */
function updatePayment(
  tx: Tx,
  payment: TestProcessorPaymentRow,
  change: Partial<Pick<TestProcessorPaymentRow, 'status' | 'capturedAmount' | 'refundedAmount'>>,
): string {
  return sqlText(
    tx
      .update(testProcessorPayments)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(testProcessorPayments.id, payment.id)),
  );
}

function unexpectedState(payment: TestProcessorPaymentRow, wanted: string): ProviderRequestError {
  return new ProviderRequestError(
    'payment_intent_unexpected_state',
    `The test payment is ${payment.status}; it cannot be ${wanted}.`,
  );
}

function failed(id: string, error: { code: string; message: string }): PaymentResult {
  return { status: 'failed', providerReference: id, error };
}

function resultOf(payment: TestProcessorPaymentRow): PaymentResult {
  switch (payment.status) {
    case 'authorized':
      return { status: 'authorized', providerReference: payment.id };
    case 'captured':
      return { status: 'captured', providerReference: payment.id, capturedAmount: payment.capturedAmount };
    case 'canceled':
      return { status: 'canceled', providerReference: payment.id };
    case 'failed': {
      const card = TEST_CARDS[payment.token];
      if (payment.challenge === 'failed') return failed(payment.id, CHALLENGE_FAILED);
      return failed(payment.id, {
        code: payment.declineCode ?? 'generic_decline',
        message: card?.kind === 'decline' ? card.message : 'Your card was declined.',
      });
    }
    case 'requires_action':
      return { status: 'requires_action', providerReference: payment.id };
  }
}

// --- the 3-D Secure challenge ------------------------------------------------------------------

/** Where the shopper answers a test challenge; absolute when PUBLIC_URL is set. */
export function challengeUrl(platform: Platform, storeId: string, processorPaymentId: string): string {
  const base = platform.config.PUBLIC_URL ? platform.config.PUBLIC_URL.replace(/\/+$/, '') : '';
  return `${base}/store/v1/payments/test-challenges/${challengeToken(platform, storeId, processorPaymentId)}`;
}

function challengeResult(platform: Platform, storeId: string, id: string): PaymentResult {
  return {
    status: 'requires_action',
    providerReference: id,
    nextAction: { type: 'redirect_to_url', url: challengeUrl(platform, storeId, id) },
  };
}

/** `<store>.<test payment>.<HMAC>`: the link names its payment and cannot be forged or altered. */
function challengeToken(platform: Platform, storeId: string, processorPaymentId: string): string {
  return `${storeId}.${processorPaymentId}.${tokenSignature(platform, storeId, processorPaymentId)}`;
}

function tokenSignature(platform: Platform, storeId: string, processorPaymentId: string): string {
  return createHmac('sha256', deriveKey(platform.config.CARTON_SECRET, 'payments/test-challenge'))
    .update(`${storeId}.${processorPaymentId}`)
    .digest()
    .subarray(0, 16) // 128 bits: unforgeable, and the link stays within a path parameter's length
    .toString('base64url');
}

/** The store and test payment a challenge link names; NOT_FOUND for anything not signed by Carton. */
export function readChallengeToken(
  platform: Platform,
  token: string,
): { storeId: string; processorPaymentId: string } {
  const [storeId, processorPaymentId, signature, extra] = token.split('.');
  if (
    !storeId ||
    !processorPaymentId ||
    !signature ||
    extra !== undefined ||
    !safeEqual(signature, tokenSignature(platform, storeId, processorPaymentId))
  ) {
    throw new AppError('NOT_FOUND', 'This payment challenge does not exist.');
  }
  return { storeId, processorPaymentId };
}

export interface TestChallenge {
  storeId: string;
  processorPaymentId: string;
  intentId: string;
  amount: number;
  currency: string;
  challenge: 'pending' | 'approved' | 'failed';
  returnUrl: string | null;
}

function challengeOf(payment: TestProcessorPaymentRow): TestChallenge {
  return {
    storeId: payment.storeId,
    processorPaymentId: payment.id,
    intentId: payment.merchantReference,
    amount: payment.amount,
    currency: payment.currency,
    // A payment voided while its challenge was open can no longer be approved.
    challenge:
      payment.status === 'canceled' && payment.challenge === 'pending'
        ? 'failed'
        : (payment.challenge ?? 'approved'),
    returnUrl: payment.returnUrl,
  };
}

/** The challenge behind a link, as the challenge page shows it. */
export async function readTestChallenge(platform: Platform, token: string): Promise<TestChallenge> {
  const { storeId, processorPaymentId } = readChallengeToken(platform, token);
  const [payment] = await withStore(platform.db, storeId, (tx) =>
    tx
      .select()
      .from(testProcessorPayments)
      .where(
        and(eq(testProcessorPayments.storeId, storeId), eq(testProcessorPayments.id, processorPaymentId)),
      ),
  );
  if (!payment || payment.challenge === null) {
    throw new AppError('NOT_FOUND', 'This payment challenge does not exist.');
  }
  return challengeOf(payment);
}

/**
 * The shopper's answer to a challenge, as the card issuer would record it: the first answer
 * stands (answering again, even differently, changes nothing), and a canceled payment keeps
 * its state.
 */
export async function answerTestChallenge(
  platform: Platform,
  options: { token: string; outcome: 'approve' | 'fail' },
): Promise<TestChallenge> {
  const { storeId, processorPaymentId } = readChallengeToken(platform, options.token);
  return withStore(platform.db, storeId, async (tx) => {
    const [payment] = await tx
      .select()
      .from(testProcessorPayments)
      .where(
        and(eq(testProcessorPayments.storeId, storeId), eq(testProcessorPayments.id, processorPaymentId)),
      )
      .for('update');
    if (!payment || payment.challenge === null) {
      throw new AppError('NOT_FOUND', 'This payment challenge does not exist.');
    }
    if (payment.challenge !== 'pending' || payment.status !== 'requires_action') return challengeOf(payment);
    const approved = options.outcome === 'approve';
    const [updated] = await tx
      .update(testProcessorPayments)
      .set({
        challenge: approved ? 'approved' : 'failed',
        status: approved ? 'authorized' : 'failed',
        declineCode: approved ? null : CHALLENGE_FAILED.code,
        updatedAt: sql`now()`,
      })
      .where(eq(testProcessorPayments.id, payment.id))
      .returning();
    return challengeOf(updated!);
  });
}

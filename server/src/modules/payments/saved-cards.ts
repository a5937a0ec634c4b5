import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { audit, isProviderFailure, providerFailure, type Actor } from './intents.ts';
import { providerFor } from './providers/index.ts';
import {
  ProviderRequestError,
  ProviderUnavailableError,
  type PaymentProvider,
  type SaveCardResult,
  type WebhookEvent,
} from './providers/provider.ts';
import { paymentCustomers, savedCards, type ProviderCode, type SavedCardRow } from './schema.ts';
import { paymentSettings } from './settings.ts';

/**
 * Saved cards: a signed-in customer keeps a card with the store's card provider (the test
 * processor or Stripe) and pays with it later by its Carton id (`cpm_…`) instead of a token.
 * Carton keeps the provider's references, the brand, the last four digits, the expiry and the
 * provider's fingerprint — never the number. The same card saved twice is one saved card.
 */

/** At most this many cards per customer: a wallet, not a card-testing ground. */
const MAX_SAVED_CARDS = 10;

export const isSavedCard = (paymentMethod: string): boolean => paymentMethod.startsWith('cpm_');

export const SavedCardView = z
  .object({
    id: z.string().describe('Pay with it by naming it as `payment_method` when completing a cart'),
    brand: z.string().describe('visa, mastercard, amex, …'),
    last4: z.string(),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    expired: z.boolean().describe('Past its expiry month: no longer accepted at checkout'),
    provider: z.enum(['test', 'stripe']),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .describe('A card kept for the customer by the payment provider; Carton never holds its number');
export type SavedCardView = z.infer<typeof SavedCardView>;

function expired(row: Pick<SavedCardRow, 'expMonth' | 'expYear'>, now = new Date()): boolean {
  const year = now.getUTCFullYear();
  return row.expYear < year || (row.expYear === year && row.expMonth < now.getUTCMonth() + 1);
}

function savedCardView(row: SavedCardRow): SavedCardView {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    exp_month: row.expMonth,
    exp_year: row.expYear,
    expired: expired(row),
    provider: row.provider,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** A card saved or removed: its event (aggregate `customer`), and the audit entry when staff did it. */
async function announce(
  tx: DbOrTx,
  type: 'payment_method.saved' | 'payment_method.removed',
  row: SavedCardRow,
  actor?: Actor,
): Promise<void> {
  const view = savedCardView(row);
  await emitEvent(tx, {
    storeId: row.storeId,
    type,
    aggregateType: 'customer',
    aggregateId: row.customerId,
    payload: { customer_id: row.customerId, payment_method: view },
  });
  await audit(tx, actor, {
    storeId: row.storeId,
    action: type,
    entityType: 'saved_card',
    entityId: row.id,
    ...(type === 'payment_method.saved' ? { after: view } : { before: view }),
  });
}

function cardsOf(db: DbOrTx, storeId: string, customerId: string) {
  return db
    .select()
    .from(savedCards)
    .where(and(eq(savedCards.storeId, storeId), eq(savedCards.customerId, customerId)))
    .orderBy(sql`${savedCards.lastUsedAt} DESC NULLS LAST`, desc(savedCards.createdAt), asc(savedCards.id));
}

/** The customer's saved cards, the last used first. */
export async function listSavedCards(
  db: Db,
  o: { storeId: string; customerId: string },
): Promise<SavedCardView[]> {
  const rows = await withStore(db, o.storeId, (tx) => cardsOf(tx, o.storeId, o.customerId));
  return rows.map(savedCardView);
}

/** The store's card provider: where new cards are saved, and the only one its saved cards pay through. */
async function cardProvider(
  platform: Platform,
  storeId: string,
): Promise<{ code: ProviderCode; provider: PaymentProvider }> {
  const { provider: code } = await withStore(platform.db, storeId, (tx) => paymentSettings(tx, storeId));
  return { code, provider: await providerFor(platform, storeId, code) };
}

const methodRefused = (message: string) =>
  new AppError('VALIDATION_FAILED', 'The card cannot be saved.', {
    errors: [{ path: 'body.payment_method', message }],
  });

/**
 * Save the card behind a provider token for the customer. Answers the saved card and whether it is
 * new (the same card saved again is the one saved before, its provider reference renewed). A card
 * the provider will not keep is 402 PAYMENT_DECLINED with the bank's reason; nothing is kept.
 * Idempotent by `idempotencyKey` (a retried request gets the same card).
 */
export async function saveCard(
  platform: Platform,
  o: { storeId: string; customerId: string; paymentMethod: string; idempotencyKey: string; actor?: Actor },
): Promise<{ card: SavedCardView; created: boolean }> {
  const { storeId, customerId } = o;
  const { code, provider } = await cardProvider(platform, storeId);
  const problem = provider.checkPaymentMethod(o.paymentMethod);
  if (problem) throw methodRefused(problem);
  if (!provider.saveCard) throw methodRefused(`the ${code} provider keeps no cards`);
  const { known, count } = await withStore(platform.db, storeId, async (tx) => {
    const reference = await customerReferenceOf(tx, storeId, customerId, code);
    const [{ n }] = (
      await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM saved_cards WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
      )
    ).rows as [{ n: number }];
    return { known: reference, count: n };
  });
  if (count >= MAX_SAVED_CARDS) {
    throw methodRefused(`at most ${MAX_SAVED_CARDS} saved cards: remove one first`);
  }

  let result: SaveCardResult;
  try {
    result = await provider.saveCard({
      storeId,
      customerId,
      customerReference: known,
      paymentMethod: o.paymentMethod,
      idempotencyKey: o.idempotencyKey,
    });
  } catch (err) {
    if (err instanceof ProviderUnavailableError) throw providerFailure(err);
    if (err instanceof ProviderRequestError) {
      platform.log.warn({ code: err.code, storeId }, 'the provider refused to save a card');
      throw methodRefused('the payment provider would not keep this card; try another');
    }
    throw err;
  }
  if (!result.saved) {
    throw new AppError('PAYMENT_DECLINED', result.error.message, {
      errors: [{ path: 'body.payment_method', message: `declined (${result.error.code})` }],
    });
  }
  const saved = result;

  const { row, replaced, inserted } = await withStore(platform.db, storeId, async (tx) => {
    await tx
      .insert(paymentCustomers)
      .values({ storeId, customerId, provider: code, reference: saved.customerReference })
      .onConflictDoNothing();
    const { rows } = await tx.execute<Record<string, unknown>>(sql`
      WITH before AS (
        SELECT reference FROM saved_cards
        WHERE store_id = ${storeId} AND customer_id = ${customerId} AND provider = ${code}
          AND fingerprint = ${saved.card.fingerprint}
      )
      INSERT INTO saved_cards AS c (id, store_id, customer_id, provider, reference, fingerprint, brand, last4,
                                    exp_month, exp_year)
      VALUES (${newId('cpm')}, ${storeId}, ${customerId}, ${code}, ${saved.reference}, ${saved.card.fingerprint},
              ${saved.card.brand}, ${saved.card.last4}, ${saved.card.expMonth}, ${saved.card.expYear})
      ON CONFLICT (store_id, customer_id, provider, fingerprint) DO UPDATE
        SET reference = EXCLUDED.reference, brand = EXCLUDED.brand, last4 = EXCLUDED.last4,
            exp_month = EXCLUDED.exp_month, exp_year = EXCLUDED.exp_year
      RETURNING c.id, (c.xmax = 0) AS inserted, (SELECT reference FROM before) AS replaced`);
    // Read back through drizzle: raw rows carry timestamps as text.
    const [row] = await tx
      .select()
      .from(savedCards)
      .where(eq(savedCards.id, rows[0]!.id as string));
    // The reference it had, when the card was saved before (read in the statement's snapshot).
    const inserted = rows[0]!.inserted === true;
    const replaced = inserted ? null : ((rows[0]!.replaced as string | null) ?? null);
    if (inserted) await announce(tx, 'payment_method.saved', row!, o.actor);
    return { row: row!, replaced, inserted };
  });
  // The same card saved again: the provider's older copy of it is let go (best effort).
  if (replaced && replaced !== row.reference) {
    await provider
      .removeCard?.({ storeId, reference: replaced, idempotencyKey: `carton:remove:${replaced}` })
      .catch((err: unknown) =>
        platform.log.warn({ err, storeId }, 'an older copy of a saved card stays attached'),
      );
  }
  return { card: savedCardView(row), created: inserted };
}

export const CardSetupView = z.object({
  provider: z.enum(['test', 'stripe']),
  client_secret: z
    .string()
    .nullable()
    .describe(
      'Stripe: the SetupIntent’s client secret for Stripe.js (confirmCardSetup, 3-D Secure if the bank asks); ' +
        'then save the PaymentMethod it gives. Null when the provider saves tokens directly (the test processor)',
    ),
});
export type CardSetupView = z.infer<typeof CardSetupView>;

/**
 * Ready a card to be saved the way the store's provider wants: Stripe confirms it with the shopper
 * first (a SetupIntent for off-session use), so that later charges with the shopper away are not
 * declined for want of 3-D Secure. The provider's customer is made (once) and kept.
 */
export async function prepareCardSetup(
  platform: Platform,
  o: { storeId: string; customerId: string; idempotencyKey: string },
): Promise<CardSetupView> {
  const { storeId, customerId } = o;
  const { code, provider } = await cardProvider(platform, storeId);
  if (!provider.prepareCardSetup) return { provider: code, client_secret: null };
  const known = await withStore(platform.db, storeId, (tx) =>
    customerReferenceOf(tx, storeId, customerId, code),
  );
  let setup;
  try {
    setup = await provider.prepareCardSetup({
      storeId,
      customerId,
      customerReference: known,
      idempotencyKey: o.idempotencyKey,
    });
  } catch (err) {
    throw isProviderFailure(err) ? providerFailure(err) : err;
  }
  await withStore(platform.db, storeId, (tx) =>
    tx
      .insert(paymentCustomers)
      .values({ storeId, customerId, provider: code, reference: setup.customerReference })
      .onConflictDoNothing(),
  );
  return { provider: code, client_secret: setup.clientSecret };
}

/** The provider's customer for a Carton customer, unless an erasure asked the provider to forget them. */
async function customerReferenceOf(
  tx: DbOrTx,
  storeId: string,
  customerId: string,
  provider: ProviderCode,
): Promise<string | null> {
  const [customer] = await tx
    .select({ reference: paymentCustomers.reference })
    .from(paymentCustomers)
    .where(
      and(
        eq(paymentCustomers.storeId, storeId),
        eq(paymentCustomers.customerId, customerId),
        eq(paymentCustomers.provider, provider),
        sql`${paymentCustomers.forgetRequestedAt} IS NULL`,
      ),
    );
  return customer?.reference ?? null;
}

/**
 * Remove a saved card: detached at the provider (it can no longer be charged), then forgotten
 * here. 404 when the customer has no such card; 503 when the provider does not answer (kept).
 */
export async function removeSavedCard(
  platform: Platform,
  o: { storeId: string; customerId: string; cardId: string; actor?: Actor },
): Promise<void> {
  const { storeId, customerId } = o;
  const [row] = await withStore(platform.db, storeId, (tx) =>
    tx
      .select()
      .from(savedCards)
      .where(
        and(
          eq(savedCards.storeId, storeId),
          eq(savedCards.customerId, customerId),
          eq(savedCards.id, o.cardId),
        ),
      ),
  );
  if (!row) throw new AppError('NOT_FOUND', `No saved card ${o.cardId}.`);
  const provider = await providerFor(platform, storeId, row.provider);
  try {
    await provider.removeCard?.({
      storeId,
      reference: row.reference,
      idempotencyKey: `carton:remove:${row.id}`,
    });
  } catch (err) {
    throw isProviderFailure(err) ? providerFailure(err) : err;
  }
  await withStore(platform.db, storeId, async (tx) => {
    const gone = await tx
      .delete(savedCards)
      .where(eq(savedCards.id, row.id))
      .returning({ id: savedCards.id });
    if (!gone.length) return; // removed meanwhile by a concurrent request
    await announce(tx, 'payment_method.removed', row, o.actor);
  });
}

/**
 * A saved card named at checkout, checked before anything is reserved: the shopper's own, not
 * expired, and kept with the provider the store now takes cards through. 422 naming
 * `body.payment_method` otherwise.
 */
export async function assertSavedCardUsable(
  platform: Platform,
  o: { storeId: string; customerId: string | null; cardId: string },
): Promise<void> {
  const refuse = (message: string) =>
    new AppError('UNPROCESSABLE', 'That saved card cannot pay for this order.', {
      errors: [{ path: 'body.payment_method', message }],
    });
  if (!o.customerId) throw refuse('saved cards are for signed-in shoppers');
  const { storeId } = o;
  const [row, settings] = await withStore(platform.db, storeId, (tx) =>
    Promise.all([
      tx
        .select()
        .from(savedCards)
        .where(
          and(
            eq(savedCards.storeId, storeId),
            eq(savedCards.customerId, o.customerId!),
            eq(savedCards.id, o.cardId),
          ),
        )
        .then((rows) => rows[0]),
      paymentSettings(tx, storeId),
    ]),
  );
  if (!row) throw refuse('not one of your saved cards');
  if (expired(row)) throw refuse(`the card expired ${String(row.expMonth).padStart(2, '0')}/${row.expYear}`);
  if (row.provider !== settings.provider) {
    throw refuse('saved with a payment provider this store no longer uses: add the card again');
  }
}

/**
 * What a provider is asked to charge for a saved card — its payment method and customer — and the
 * card marked used. Null when the card was removed since the checkout named it (the attempt fails).
 */
export async function savedCardReferences(
  db: Db,
  o: { storeId: string; cardId: string },
): Promise<{ reference: string; customerReference: string } | null> {
  const { rows } = await withStore(db, o.storeId, (tx) =>
    tx.execute<{ reference: string; customer_reference: string | null }>(sql`
      UPDATE saved_cards c SET last_used_at = now()
      WHERE c.store_id = ${o.storeId} AND c.id = ${o.cardId}
      RETURNING c.reference, (
        SELECT p.reference FROM payment_customers p
        WHERE p.store_id = c.store_id AND p.customer_id = c.customer_id AND p.provider = c.provider
      ) AS customer_reference`),
  );
  const row = rows[0];
  return row?.customer_reference
    ? { reference: row.reference, customerReference: row.customer_reference }
    : null;
}

/**
 * A saved card changed at the provider, learnt from its webhook (in the webhook's transaction):
 * detached there — forgotten here (`payment_method.removed`); renewed by the card networks'
 * updater — its brand, last four and expiry updated. False when Carton keeps no such card.
 */
export async function applyProviderCardChange(
  tx: DbOrTx,
  o: { storeId: string; provider: ProviderCode; event: WebhookEvent },
): Promise<boolean> {
  const card = o.event.card!;
  const which = and(
    eq(savedCards.storeId, o.storeId),
    eq(savedCards.provider, o.provider),
    eq(savedCards.reference, card.reference),
  );
  if (o.event.kind === 'card_detached') {
    const [gone] = await tx.delete(savedCards).where(which).returning();
    if (!gone) return false;
    await announce(tx, 'payment_method.removed', gone);
    return true;
  }
  const updated = await tx
    .update(savedCards)
    .set({ brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear })
    .where(which)
    .returning({ id: savedCards.id });
  return updated.length > 0;
}

// --- GDPR ---------------------------------------------------------------------------------------

/** The customer's saved cards as their export shows them. */
export async function savedCardsExport(tx: DbOrTx, o: { storeId: string; customerId: string }) {
  return (await cardsOf(tx, o.storeId, o.customerId)).map(savedCardView);
}

/**
 * An erasure: the saved cards forgotten here, and the provider's customer marked to be deleted at
 * the provider (with every card it keeps) by the payments sweep, outside the erasure's transaction.
 */
export async function eraseSavedCards(
  tx: DbOrTx,
  o: { storeId: string; customerId: string },
): Promise<{ saved_cards_deleted: number }> {
  const gone = await tx
    .delete(savedCards)
    .where(and(eq(savedCards.storeId, o.storeId), eq(savedCards.customerId, o.customerId)))
    .returning({ id: savedCards.id });
  await tx
    .update(paymentCustomers)
    .set({ forgetRequestedAt: sql`now()` })
    .where(and(eq(paymentCustomers.storeId, o.storeId), eq(paymentCustomers.customerId, o.customerId)));
  return { saved_cards_deleted: gone.length };
}

/** The sweep's part: provider customers of erased shoppers deleted at the provider, then here. */
export async function forgetErasedPaymentCustomers(platform: Platform, limit = 100): Promise<number> {
  const { rows } = await platform.db.execute<{
    store_id: string;
    customer_id: string;
    provider: ProviderCode;
    reference: string;
  }>(sql`
    SELECT store_id, customer_id, provider, reference FROM payment_customers
    WHERE forget_requested_at IS NOT NULL ORDER BY forget_requested_at LIMIT ${limit}`);
  let forgotten = 0;
  for (const due of rows) {
    try {
      const provider = await providerFor(platform, due.store_id, due.provider);
      await provider.forgetCustomer?.({ storeId: due.store_id, customerReference: due.reference });
      await withStore(platform.db, due.store_id, (tx) =>
        tx
          .delete(paymentCustomers)
          .where(
            and(
              eq(paymentCustomers.storeId, due.store_id),
              eq(paymentCustomers.customerId, due.customer_id),
              eq(paymentCustomers.provider, due.provider),
            ),
          ),
      );
      forgotten++;
    } catch (err) {
      platform.log.warn(
        { err, storeId: due.store_id },
        'a provider customer was not forgotten yet; next round tries again',
      );
    }
  }
  return forgotten;
}

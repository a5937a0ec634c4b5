import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { findByCode, issueGiftCardInTx, moveBalance, statusOf, type GiftCardRow } from './cards.ts';
import type { OrderGiftCardView } from './views.ts';

/**
 * Gift cards as a way to pay: chosen at checkout (`gift_cards` on the complete call), spent in the
 * checkout's first step beside the card payment (which then asks for the rest), given back when
 * that checkout fails, named on the order when it is placed, and given back to the cards by the
 * order's refunds once the card payment has been refunded as far as it goes.
 */

/** What one card pays of an order. */
export interface GiftCardTender {
  giftCardId: string;
  lastCharacters: string;
  amount: number;
}

export const MAX_GIFT_CARDS_PER_ORDER = 5;

/**
 * The cards the shopper named — by code, then their own account's by id (store credit; only for
 * the signed-in owner) — each paying what it holds until `total` is covered (a card not needed
 * pays nothing and is left out). Refused with the card's place in the body: unknown (or not
 * theirs), disabled, expired, empty, or in another currency. Nothing is held yet.
 */
export async function planGiftCards(
  db: Db,
  o: {
    storeId: string;
    codes: string[];
    ids?: string[];
    /** The signed-in shopper: only their own cards may be named by id. */
    customerId?: string | null;
    currency: string;
    total: number;
  },
): Promise<GiftCardTender[]> {
  const ids = o.ids ?? [];
  if (o.codes.length === 0 && ids.length === 0) return [];
  // A card named twice (the same code again, or by code and by id) is found twice and counted once.
  const named = await withStore(db, o.storeId, async (tx) => [
    ...(await Promise.all(
      o.codes.map(async (code, i) => ({
        path: `body.gift_cards.${i}`,
        row: await findByCode(tx, o.storeId, code),
      })),
    )),
    ...(await Promise.all(
      ids.map(async (id, i) => ({
        path: `body.gift_card_ids.${i}`,
        row: o.customerId ? await findOwnCard(tx, o.storeId, o.customerId, id) : null,
      })),
    )),
  ]);
  const seen = new Set<string>();
  let left = o.total;
  const tenders: GiftCardTender[] = [];
  named.forEach(({ path, row }) => {
    if (row && seen.has(row.id)) return;
    if (row) seen.add(row.id);
    const refuse = (code: 'GIFT_CARD_INVALID' | 'GIFT_CARD_EXPIRED', message: string) =>
      new AppError(code, message, { errors: [{ path, message }] });
    if (!row) {
      throw refuse(
        'GIFT_CARD_INVALID',
        path.includes('ids')
          ? 'No such gift card on your account.'
          : 'No gift card has this code; check it and try again.',
      );
    }
    const status = statusOf(row);
    const name = `Gift card ending ${row.last_characters}`;
    if (status === 'disabled') throw refuse('GIFT_CARD_INVALID', `${name} has been disabled by the shop.`);
    if (status === 'expired') throw refuse('GIFT_CARD_EXPIRED', `${name} has expired.`);
    if (status === 'used_up') throw refuse('GIFT_CARD_INVALID', `${name} has nothing left on it.`);
    if (row.currency !== o.currency) {
      throw refuse('GIFT_CARD_INVALID', `${name} is in ${row.currency}; the cart is in ${o.currency}.`);
    }
    const amount = Math.min(Number(row.balance), left);
    if (amount <= 0) return;
    left -= amount;
    tenders.push({ giftCardId: row.id, lastCharacters: row.last_characters, amount });
  });
  return tenders;
}

async function findOwnCard(
  tx: DbOrTx,
  storeId: string,
  customerId: string,
  id: string,
): Promise<GiftCardRow | null> {
  const { rows } = await tx.execute<GiftCardRow>(sql`
    SELECT * FROM gift_cards WHERE store_id = ${storeId} AND id = ${id} AND customer_id = ${customerId}`);
  return rows[0] ?? null;
}

async function lockCards(tx: Tx, storeId: string, ids: string[]): Promise<Map<string, GiftCardRow>> {
  // Always in id order: two checkouts spending the same cards never wait on each other in a circle.
  const { rows } = await tx.execute<GiftCardRow>(sql`
    SELECT * FROM gift_cards WHERE store_id = ${storeId} AND id = ANY(string_to_array(${[...ids].sort().join(',')}, ','))
    ORDER BY id FOR UPDATE`);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Spend the tenders for checkout `key` (its attempt): each card locked, checked and debited once
 * per key, all or none. A card that changed since the plan (spent elsewhere, disabled, expired)
 * is 409 GIFT_CARD_BALANCE_CHANGED and nothing is spent.
 */
export async function redeemGiftCards(
  db: Db,
  o: { storeId: string; key: string; tenders: GiftCardTender[] },
): Promise<void> {
  if (o.tenders.length === 0) return;
  await withStore(db, o.storeId, async (tx) => {
    const cards = await lockCards(
      tx,
      o.storeId,
      o.tenders.map((t) => t.giftCardId),
    );
    const { rows: done } = await tx.execute<{ gift_card_id: string }>(sql`
      SELECT gift_card_id FROM gift_card_transactions
      WHERE store_id = ${o.storeId} AND kind = 'redeem' AND key = ${o.key}`);
    const spent = new Set(done.map((d) => d.gift_card_id));
    for (const t of o.tenders) {
      if (spent.has(t.giftCardId)) continue; // a retry of this step: spent already
      const card = cards.get(t.giftCardId);
      if (!card || statusOf(card) !== 'active' || Number(card.balance) < t.amount) {
        throw new AppError(
          'GIFT_CARD_BALANCE_CHANGED',
          `Gift card ending ${t.lastCharacters} no longer covers ${t.amount}; check its balance and try again.`,
        );
      }
      await moveBalance(tx, card, { kind: 'redeem', amount: -t.amount, key: o.key });
    }
  });
}

/** Give back what checkout `key` spent (its undo when the checkout fails). Once, however often asked. */
export async function releaseGiftCards(db: Db, o: { storeId: string; key: string }): Promise<void> {
  await withStore(db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<{ gift_card_id: string; amount: string | number }>(sql`
      SELECT gift_card_id, amount FROM gift_card_transactions
      WHERE store_id = ${o.storeId} AND kind = 'redeem' AND key = ${o.key}`);
    if (rows.length === 0) return;
    const cards = await lockCards(
      tx,
      o.storeId,
      rows.map((r) => r.gift_card_id),
    );
    for (const r of rows) {
      await moveBalance(tx, cards.get(r.gift_card_id)!, {
        kind: 'release',
        amount: -Number(r.amount),
        key: o.key,
        reason: 'checkout failed',
      });
    }
  });
}

/** The order placed: what checkout `key` spent names it (in the placement's transaction). */
export async function attachGiftCardsToOrderInTx(
  tx: Tx,
  o: { storeId: string; key: string; orderId: string },
): Promise<void> {
  await tx.execute(sql`
    UPDATE gift_card_transactions SET order_id = ${o.orderId}
    WHERE store_id = ${o.storeId} AND kind = 'redeem' AND key = ${o.key}`);
}

/** The gift cards an order was paid with: what each paid, and what refunds gave back to it. */
export async function giftCardsOfOrder(
  tx: DbOrTx,
  storeId: string,
  orderId: string,
): Promise<OrderGiftCardView[]> {
  const { rows } = await tx.execute<{
    gift_card_id: string;
    last_characters: string;
    paid: string | number;
    refunded: string | number;
  }>(sql`
    SELECT t.gift_card_id, c.last_characters,
           -sum(t.amount) FILTER (WHERE t.kind = 'redeem') AS paid,
           coalesce(sum(t.amount) FILTER (WHERE t.kind = 'refund'), 0) AS refunded
    FROM gift_card_transactions t JOIN gift_cards c ON c.id = t.gift_card_id
    WHERE t.store_id = ${storeId} AND t.order_id = ${orderId} AND t.kind IN ('redeem', 'refund')
    GROUP BY t.gift_card_id, c.last_characters
    HAVING count(*) FILTER (WHERE t.kind = 'redeem') > 0
    ORDER BY t.gift_card_id`);
  return rows.map((r) => ({
    gift_card_id: r.gift_card_id,
    last_characters: r.last_characters,
    amount: Number(r.paid),
    refunded: Number(r.refunded),
  }));
}

/**
 * Give `amount` back to the gift cards order `orderId` was paid with, each at most what it paid
 * less what it got back already, under `key` (once per key: asked again it gives nothing more).
 * A card that can no longer be spent (expired, or disabled by staff) takes its part and passes it
 * on at once to a new card for the same customer, `replacement` (its code exists only here: the
 * caller has it e-mailed), so nothing given back is stranded. Answers what was given back.
 */
export async function refundToGiftCardsInTx(
  tx: Tx,
  o: {
    storeId: string;
    orderId: string;
    amount: number;
    key: string;
    reason: string;
    /** Where a replacement card's code goes (the order's e-mail). */
    recipientEmail: string;
  },
): Promise<{ given: number; replacement: { row: GiftCardRow; code: string } | null }> {
  if (o.amount <= 0) return { given: 0, replacement: null };
  const paid = await giftCardsOfOrder(tx, o.storeId, o.orderId);
  if (paid.length === 0) return { given: 0, replacement: null };
  const cards = await lockCards(
    tx,
    o.storeId,
    paid.map((p) => p.gift_card_id),
  );
  let left = o.amount;
  let given = 0;
  const stranded: { card: GiftCardRow; amount: number }[] = [];
  for (const p of paid) {
    const give = Math.min(left, p.amount - p.refunded);
    if (give <= 0) continue;
    const card = cards.get(p.gift_card_id)!;
    const moved = await moveBalance(tx, card, {
      kind: 'refund',
      amount: give,
      key: o.key,
      orderId: o.orderId,
      reason: o.reason,
    });
    if (moved) {
      given += give;
      const status = statusOf(card);
      if (status === 'expired' || status === 'disabled') stranded.push({ card, amount: give });
    }
    left -= give;
    if (left === 0) break;
  }
  if (!stranded.length) return { given, replacement: null };
  const total = stranded.reduce((s, x) => s + x.amount, 0);
  const first = stranded[0]!.card;
  const replacement = await issueGiftCardInTx(tx, {
    storeId: o.storeId,
    currency: first.currency,
    value: total,
    customerId: first.customer_id,
    recipientEmail: o.recipientEmail,
    note: `Given back by a refund of order ${o.orderId} in place of ${stranded.map((x) => `••••${x.card.last_characters}`).join(', ')} (no longer usable)`,
  });
  for (const x of stranded) {
    await moveBalance(tx, x.card, {
      kind: 'adjust',
      amount: -x.amount,
      key: `${o.key}:moved`,
      orderId: o.orderId,
      reason: `Moved to the new card ••••${replacement.row.last_characters}: this card is ${statusOf(x.card)}`,
    });
  }
  return { given, replacement };
}

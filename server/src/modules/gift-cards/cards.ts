import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { csvRow } from '../../platform/csv.ts';
import { minorToDecimal, minorUnitExponent } from '../../platform/money.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { giftCardCodeHash, lastCharacters, newGiftCardCode } from './codes.ts';
import type {
  GiftCardBalanceView,
  GiftCardDetailView,
  GiftCardTransactionView,
  GiftCardView,
  IssuedGiftCardView,
  OwnGiftCardView,
} from './views.ts';

/**
 * Gift cards as staff keep them: issue (the code shown once, and e-mailed to the recipient when
 * one is named), list, read with its ledger, disable or enable, change the expiry or the note,
 * adjust the balance. Every balance change is a ledger entry (`moveBalance`), in the transaction
 * that changes the balance, announced as `gift_card.balance_changed`.
 */

const Amount = z
  .number({ error: 'must be a number of minor units' })
  .int('must be a whole number of minor units (e.g. 5000 for 50.00)');
const Instant = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time such as 2027-12-31T23:59:59Z' });

export const IssueGiftCardInput = z.strictObject({
  currency: CurrencyCode,
  value: Amount.min(1, 'must be at least 1').max(100_000_000).describe('Minor units'),
  expires_at: Instant.nullable().optional().describe('Null or absent: never expires'),
  customer_id: z.string().trim().min(1).max(64).nullable().optional().describe('The customer it is for'),
  recipient_email: z
    .email({ error: 'an e-mail address' })
    .max(254)
    .nullable()
    .optional()
    .describe('Where to e-mail the code (in the store’s language)'),
  note: z.string().trim().max(500).nullable().optional().describe('For staff only'),
});
export type IssueGiftCardInput = z.input<typeof IssueGiftCardInput>;

export const IssueGiftCardBatchInput = z.strictObject({
  count: z.number().int().min(1).max(500).describe('How many cards (at most 500 at once)'),
  currency: IssueGiftCardInput.shape.currency,
  value: IssueGiftCardInput.shape.value,
  expires_at: IssueGiftCardInput.shape.expires_at,
  note: IssueGiftCardInput.shape.note,
});
export type IssueGiftCardBatchInput = z.input<typeof IssueGiftCardBatchInput>;

export const GiftCardPatch = z.strictObject({
  disabled: z.boolean().optional().describe('True: nothing more can be spent; false: enabled again'),
  expires_at: Instant.nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export type GiftCardPatch = z.input<typeof GiftCardPatch>;

export const GiftCardAdjustment = z.strictObject({
  amount: Amount.refine((n) => n !== 0, 'must not be 0').describe('Minor units; negative takes value off'),
  reason: z.string().trim().min(1).max(500),
});
export type GiftCardAdjustment = z.input<typeof GiftCardAdjustment>;

export const GiftCardListQuery = PageQuery.extend({
  status: z.enum(['active', 'used_up', 'expired', 'disabled']).optional(),
  customer_id: z.string().max(64).optional(),
  order_id: z.string().max(64).optional().describe('The cards bought in this order'),
  q: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('The code’s last four characters, or the recipient’s e-mail'),
});
export type GiftCardListQuery = z.input<typeof GiftCardListQuery>;

export const GiftCardCode = z
  .string()
  .trim()
  .min(8, 'a gift card code, e.g. K7QF-2MZX-9RTA-PW3C')
  .max(40)
  .regex(/^[A-Za-z0-9 -]+$/, 'letters, digits and dashes');

// --- rows -------------------------------------------------------------------------------------

export interface GiftCardRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  last_characters: string;
  currency: string;
  initial_value: number | string;
  balance: number | string;
  disabled_at: Date | string | null;
  expires_at: Date | string | null;
  customer_id: string | null;
  recipient_email: string | null;
  note: string | null;
  /** Bought in this order (a gift card product), else null. */
  order_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface TransactionRow {
  [column: string]: unknown;
  id: string;
  kind: GiftCardTransactionView['kind'];
  amount: number | string;
  balance_after: number | string;
  order_id: string | null;
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: Date | string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

export function statusOf(row: GiftCardRow, now = new Date()): GiftCardView['status'] {
  if (row.disabled_at) return 'disabled';
  if (row.expires_at && new Date(row.expires_at) <= now) return 'expired';
  return Number(row.balance) > 0 ? 'active' : 'used_up';
}

export function giftCardView(row: GiftCardRow): GiftCardView {
  return {
    id: row.id,
    last_characters: row.last_characters,
    currency: row.currency,
    initial_value: Number(row.initial_value),
    balance: Number(row.balance),
    status: statusOf(row),
    expires_at: iso(row.expires_at),
    disabled_at: iso(row.disabled_at),
    customer_id: row.customer_id,
    recipient_email: row.recipient_email,
    note: row.note,
    order_id: row.order_id ?? null,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

/** The audit log outlives a GDPR erasure: a card as it records it, without the recipient's address. */
const auditedView = (row: GiftCardRow) => ({ ...giftCardView(row), recipient_email: undefined });

const transactionView = (r: TransactionRow): GiftCardTransactionView => ({
  id: r.id,
  kind: r.kind,
  amount: Number(r.amount),
  balance_after: Number(r.balance_after),
  order_id: r.order_id,
  reason: r.reason,
  actor: { type: r.actor_type, id: r.actor_id },
  created_at: iso(r.created_at)!,
});

const giftCardNotFound = (id: string) => new AppError('NOT_FOUND', `No gift card ${id}.`);

async function lockCard(tx: Tx, storeId: string, id: string): Promise<GiftCardRow> {
  const { rows } = await tx.execute<GiftCardRow>(sql`
    SELECT * FROM gift_cards WHERE store_id = ${storeId} AND id = ${id} FOR UPDATE`);
  if (!rows[0]) throw giftCardNotFound(id);
  return rows[0];
}

/** Who moved a balance: staff or a key (audited), or the shopper's checkout and refunds (system). */
type Mover = { type: string; id: string | null };
const systemMover: Mover = { type: 'system', id: null };

/**
 * Change a locked card's balance by `amount` with its ledger entry, once per (card, kind, key):
 * asked again with the same key it changes nothing and answers false.
 */
export async function moveBalance(
  tx: Tx,
  card: GiftCardRow,
  move: {
    kind: GiftCardTransactionView['kind'];
    amount: number;
    key: string;
    orderId?: string | null;
    reason?: string | null;
    by?: Mover;
  },
): Promise<boolean> {
  const after = Number(card.balance) + move.amount;
  if (after < 0) throw new AppError('CONFLICT', 'A gift card’s balance cannot go below 0.');
  const by = move.by ?? systemMover;
  const { rows } = await tx.execute<{ id: string }>(sql`
    INSERT INTO gift_card_transactions (id, store_id, gift_card_id, kind, amount, balance_after, key, order_id,
      reason, actor_type, actor_id)
    VALUES (${newId('gctx')}, ${card.store_id}, ${card.id}, ${move.kind}, ${move.amount}, ${after}, ${move.key},
      ${move.orderId ?? null}, ${move.reason ?? null}, ${by.type}, ${by.id})
    ON CONFLICT (gift_card_id, kind, key) DO NOTHING
    RETURNING id`);
  if (!rows[0]) return false;
  const { rows: updated } = await tx.execute<GiftCardRow>(sql`
    UPDATE gift_cards SET balance = ${after}, updated_at = now() WHERE id = ${card.id} RETURNING *`);
  Object.assign(card, updated[0]);
  await emitEvent(tx, {
    storeId: card.store_id,
    type: 'gift_card.balance_changed',
    aggregateType: 'gift_card',
    aggregateId: card.id,
    payload: {
      ...giftCardView(card),
      recipient_email: null, // events outlive an erasure: no e-mail in them
      transaction: { id: rows[0].id, kind: move.kind, amount: move.amount, order_id: move.orderId ?? null },
    },
  });
  return true;
}

async function announce(
  tx: Tx,
  type: 'gift_card.issued' | 'gift_card.updated',
  row: GiftCardRow,
): Promise<void> {
  await emitEvent(tx, {
    storeId: row.store_id,
    type,
    aggregateType: 'gift_card',
    aggregateId: row.id,
    payload: { ...giftCardView(row), recipient_email: null },
  });
}

// --- staff ------------------------------------------------------------------------------------

export async function issueGiftCard(
  platform: Platform,
  o: { storeId: string; input: IssueGiftCardInput; actor: Actor },
): Promise<IssuedGiftCardView> {
  const input = parseInput(IssueGiftCardInput, o.input);
  const { storeId } = o;
  assertFutureExpiry(input.expires_at);
  const by: Mover = o.actor?.actor ?? systemMover;
  const { row: issued, code } = await withStore(platform.db, storeId, async (tx) => {
    if (input.customer_id) {
      const { rows } = await tx.execute(sql`
        SELECT 1 FROM customers WHERE store_id = ${storeId} AND id = ${input.customer_id}`);
      if (!rows[0]) {
        throw new AppError('VALIDATION_FAILED', 'No such customer.', {
          errors: [{ path: 'body.customer_id', message: 'no customer with this id in the store' }],
        });
      }
    }
    const issued = await issueGiftCardInTx(tx, {
      storeId,
      currency: input.currency,
      value: input.value,
      expiresAt: input.expires_at ?? null,
      customerId: input.customer_id ?? null,
      recipientEmail: input.recipient_email ?? null,
      note: input.note ?? null,
      by,
    });
    await auditAs(tx, o.actor, {
      storeId,
      action: 'gift_card.issue',
      entityType: 'gift_card',
      entityId: issued.row.id,
      after: auditedView(issued.row),
    });
    return issued;
  });
  await emailGiftCard(platform, issued, code);
  return { ...giftCardView(issued), code };
}

/**
 * Many cards of one value at once (to print, or to hand out in a promotion), all or none, in one
 * transaction; answered as CSV with every code — the one time they are shown. Audited once.
 */
export async function issueGiftCardBatch(
  platform: Platform,
  o: { storeId: string; input: IssueGiftCardBatchInput; actor: Actor },
): Promise<string> {
  const input = parseInput(IssueGiftCardBatchInput, o.input);
  const { storeId } = o;
  assertFutureExpiry(input.expires_at);
  const by: Mover = o.actor?.actor ?? systemMover;
  const issued = await withStore(platform.db, storeId, async (tx) => {
    const cards: { row: GiftCardRow; code: string }[] = [];
    for (let i = 0; i < input.count; i++) {
      cards.push(
        await issueGiftCardInTx(tx, {
          storeId,
          currency: input.currency,
          value: input.value,
          expiresAt: input.expires_at ?? null,
          customerId: null,
          recipientEmail: null,
          note: input.note ?? null,
          by,
        }),
      );
    }
    await auditAs(tx, o.actor, {
      storeId,
      action: 'gift_card.issue_batch',
      entityType: 'gift_card',
      entityId: cards[0]!.row.id,
      after: {
        count: input.count,
        currency: input.currency,
        value: input.value,
        expires_at: input.expires_at ?? null,
      },
    });
    return cards;
  });
  const exponent = minorUnitExponent(input.currency);
  return (
    csvRow(['code', 'last_characters', 'value', 'currency', 'expires_at', 'id']) +
    issued
      .map(({ row, code }) =>
        csvRow([
          code,
          row.last_characters,
          minorToDecimal(input.value, exponent),
          row.currency,
          iso(row.expires_at),
          row.id,
        ]),
      )
      .join('')
  );
}

function assertFutureExpiry(expiresAt: string | null | undefined): void {
  if (expiresAt && new Date(expiresAt) <= new Date()) {
    throw new AppError('VALIDATION_FAILED', 'The gift card would be expired already.', {
      errors: [{ path: 'body.expires_at', message: 'must be in the future' }],
    });
  }
}

/**
 * A new card in the caller's transaction (staff's, or a return refunded as store credit): its
 * code (answered once; only the hash is kept), the card, and its `issue` entry.
 */
export async function issueGiftCardInTx(
  tx: Tx,
  o: {
    storeId: string;
    currency: string;
    value: number;
    expiresAt?: string | null;
    customerId: string | null;
    recipientEmail: string | null;
    note: string | null;
    by?: Mover;
    /** Bought as unit `unit` (1-based) of an order's gift card line: once per unit. */
    purchase?: { orderId: string; orderLineId: string; unit: number };
  },
): Promise<{ row: GiftCardRow; code: string }> {
  const code = newGiftCardCode();
  const by = o.by ?? systemMover;
  const { rows } = await tx.execute<GiftCardRow>(sql`
    INSERT INTO gift_cards (id, store_id, code_hash, last_characters, currency, initial_value, balance,
      expires_at, customer_id, recipient_email, note, actor_type, actor_id, order_id, order_line_id, order_unit)
    VALUES (${newId('gc')}, ${o.storeId}, ${giftCardCodeHash(code)}, ${lastCharacters(code)}, ${o.currency},
      ${o.value}, 0, ${o.expiresAt ?? null}, ${o.customerId}, ${o.recipientEmail?.toLowerCase() ?? null},
      ${o.note}, ${by.type}, ${by.id}, ${o.purchase?.orderId ?? null}, ${o.purchase?.orderLineId ?? null},
      ${o.purchase?.unit ?? null})
    RETURNING *`);
  const row = rows[0]!;
  await announce(tx, 'gift_card.issued', row);
  await moveBalance(tx, row, { kind: 'issue', amount: o.value, key: 'issue', by });
  return { row, code };
}

/**
 * E-mail a card's code to its recipient, if it has one. The card stands whatever the mail does
 * (logged; staff may issue another and disable this one).
 */
export async function emailGiftCard(
  platform: Platform,
  row: GiftCardRow,
  code: string,
  storeCreditFor?: string,
): Promise<void> {
  if (!row.recipient_email) return;
  const { sendGiftCardEmail } = await import('./emails.ts');
  await sendGiftCardEmail(platform, {
    card: giftCardView(row),
    storeId: row.store_id,
    code,
    ...(storeCreditFor ? { storeCreditFor } : {}),
  }).catch((err: unknown) => platform.log.warn({ err, giftCardId: row.id }, 'gift card e-mail failed'));
}

const STATUS_WHERE = {
  disabled: sql`disabled_at IS NOT NULL`,
  expired: sql`disabled_at IS NULL AND expires_at <= now()`,
  used_up: sql`disabled_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND balance = 0`,
  active: sql`disabled_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND balance > 0`,
} as const;

export async function listGiftCards(
  db: Db,
  o: { storeId: string; query: GiftCardListQuery },
): Promise<Page<GiftCardView>> {
  const query = parseInput(GiftCardListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(query.cursor);
  const where = [sql`store_id = ${o.storeId}`];
  if (cursor) where.push(sql`id < ${String(cursor.id)}`);
  if (query.status) where.push(STATUS_WHERE[query.status]);
  if (query.customer_id) where.push(sql`customer_id = ${query.customer_id}`);
  if (query.order_id) where.push(sql`order_id = ${query.order_id}`);
  if (query.q) {
    const q = query.q.toLowerCase();
    where.push(
      q.includes('@')
        ? sql`recipient_email = ${q}`
        : sql`last_characters = ${q.toUpperCase().replace(/[\s-]/g, '').slice(-4)}`,
    );
  }
  const rows = await withStore(db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<GiftCardRow>(sql`
      SELECT * FROM gift_cards WHERE ${sql.join(where, sql` AND `)} ORDER BY id DESC LIMIT ${query.limit + 1}`);
    return rows;
  });
  const page = toPage(rows, query.limit, (r) => ({ id: r.id }));
  return { data: page.data.map(giftCardView), next_cursor: page.next_cursor };
}

async function detail(tx: DbOrTx, row: GiftCardRow): Promise<GiftCardDetailView> {
  const { rows } = await tx.execute<TransactionRow>(sql`
    SELECT * FROM gift_card_transactions WHERE store_id = ${row.store_id} AND gift_card_id = ${row.id}
    ORDER BY created_at DESC, id DESC LIMIT 200`);
  return { ...giftCardView(row), transactions: rows.map(transactionView) };
}

export async function getGiftCard(
  db: Db,
  o: { storeId: string; giftCardId: string },
): Promise<GiftCardDetailView> {
  return withStore(db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<GiftCardRow>(sql`
      SELECT * FROM gift_cards WHERE store_id = ${o.storeId} AND id = ${o.giftCardId}`);
    if (!rows[0]) throw giftCardNotFound(o.giftCardId);
    return detail(tx, rows[0]);
  });
}

export async function updateGiftCard(
  db: Db,
  o: { storeId: string; giftCardId: string; patch: GiftCardPatch; actor: Actor },
): Promise<GiftCardDetailView> {
  const patch = parseInput(GiftCardPatch, o.patch);
  return withStore(db, o.storeId, async (tx) => {
    const before = await lockCard(tx, o.storeId, o.giftCardId);
    const disabledAt =
      patch.disabled === undefined
        ? before.disabled_at
        : patch.disabled
          ? (before.disabled_at ?? new Date().toISOString())
          : null;
    const { rows } = await tx.execute<GiftCardRow>(sql`
      UPDATE gift_cards SET
        disabled_at = ${disabledAt === null ? null : new Date(disabledAt).toISOString()},
        expires_at = ${patch.expires_at !== undefined ? patch.expires_at : iso(before.expires_at)},
        note = ${patch.note !== undefined ? patch.note : before.note},
        updated_at = now()
      WHERE id = ${before.id} RETURNING *`);
    const row = rows[0]!;
    await announce(tx, 'gift_card.updated', row);
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'gift_card.update',
      entityType: 'gift_card',
      entityId: row.id,
      before: auditedView(before),
      after: auditedView(row),
    });
    return detail(tx, row);
  });
}

export async function adjustGiftCard(
  db: Db,
  o: {
    storeId: string;
    giftCardId: string;
    input: GiftCardAdjustment;
    idempotencyKey?: string;
    actor: Actor;
  },
): Promise<GiftCardDetailView> {
  const input = parseInput(GiftCardAdjustment, o.input);
  return withStore(db, o.storeId, async (tx) => {
    const row = await lockCard(tx, o.storeId, o.giftCardId);
    if (Number(row.balance) + input.amount < 0) {
      throw new AppError('UNPROCESSABLE', 'The adjustment would take the balance below 0.', {
        errors: [
          {
            path: 'body.amount',
            message: `at least −${Number(row.balance)} (−${minorToDecimal(Number(row.balance), minorUnitExponent(row.currency))} ${row.currency}): the balance`,
          },
        ],
      });
    }
    await moveBalance(tx, row, {
      kind: 'adjust',
      amount: input.amount,
      key: o.idempotencyKey ?? newId('adj'),
      reason: input.reason,
      by: o.actor?.actor ?? systemMover,
    });
    await auditAs(tx, o.actor, {
      storeId: o.storeId,
      action: 'gift_card.adjust',
      entityType: 'gift_card',
      entityId: row.id,
      after: { amount: input.amount, reason: input.reason, balance: Number(row.balance) },
    });
    return detail(tx, row);
  });
}

// --- shoppers ---------------------------------------------------------------------------------

/** The card a code names in the store, or null (unknown codes and other stores' look the same). */
export async function findByCode(tx: DbOrTx, storeId: string, code: string): Promise<GiftCardRow | null> {
  const { rows } = await tx.execute<GiftCardRow>(sql`
    SELECT * FROM gift_cards WHERE store_id = ${storeId} AND code_hash = ${giftCardCodeHash(code)}`);
  return rows[0] ?? null;
}

const unknownCode = () =>
  new AppError('GIFT_CARD_INVALID', 'No gift card has this code; check it and try again.', {
    errors: [{ path: 'body.code', message: 'unknown gift card code' }],
  });

/** The signed-in shopper's own cards: those that can still be spent first, then the rest; newest first. */
export async function listOwnGiftCards(
  db: Db,
  o: { storeId: string; customerId: string },
): Promise<OwnGiftCardView[]> {
  const rows = await withStore(db, o.storeId, async (tx) => {
    const { rows } = await tx.execute<GiftCardRow>(sql`
      SELECT * FROM gift_cards WHERE store_id = ${o.storeId} AND customer_id = ${o.customerId}
      ORDER BY id DESC LIMIT 100`);
    return rows;
  });
  return rows
    .map((row) => ({
      ...balanceView(row),
      id: row.id,
      initial_value: Number(row.initial_value),
      created_at: iso(row.created_at)!,
    }))
    .sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
}

/** What whoever holds a card's code may learn of it. */
const balanceView = (row: GiftCardRow): GiftCardBalanceView => ({
  id: row.id,
  last_characters: row.last_characters,
  currency: row.currency,
  balance: Number(row.balance),
  status: statusOf(row),
  expires_at: iso(row.expires_at),
});

/** `POST /store/v1/gift-cards/balance`: what is left on a card, for whoever holds its code. */
export async function giftCardBalance(
  db: Db,
  o: { storeId: string; code: string },
): Promise<GiftCardBalanceView> {
  const code = parseInput(GiftCardCode, o.code);
  const row = await withStore(db, o.storeId, (tx) => findByCode(tx, o.storeId, code));
  if (!row) throw unknownCode();
  return balanceView(row);
}

// --- cards bought in an order -------------------------------------------------------------------

/** The units of an order's gift card lines already issued as cards, as `line:unit`. */
export async function boughtCardUnits(tx: Tx, storeId: string, orderId: string): Promise<Set<string>> {
  const { rows } = await tx.execute<{ order_line_id: string; order_unit: number }>(sql`
    SELECT order_line_id, order_unit FROM gift_cards
    WHERE store_id = ${storeId} AND order_id = ${orderId} AND order_line_id IS NOT NULL`);
  return new Set(rows.map((r) => `${r.order_line_id}:${r.order_unit}`));
}

/**
 * A refund of gift cards bought: disable `count` cards issued for units of an order line, never
 * spent and still enabled (the last units first), in the refund's transaction so nobody spends
 * them once refunded. Answers their ids, or null when fewer than `count` are whole (some were
 * spent: staff refund what is left on them by amount instead).
 */
export async function disableBoughtCardsInTx(
  tx: Tx,
  o: { storeId: string; orderId: string; orderLineId: string; count: number },
): Promise<string[] | null> {
  const { rows } = await tx.execute<GiftCardRow>(sql`
    SELECT * FROM gift_cards
    WHERE store_id = ${o.storeId} AND order_id = ${o.orderId} AND order_line_id = ${o.orderLineId}
      AND disabled_at IS NULL AND balance = initial_value
    ORDER BY order_unit DESC LIMIT ${o.count} FOR UPDATE`);
  if (rows.length < o.count) return null;
  for (const row of rows) {
    const { rows: after } = await tx.execute<GiftCardRow>(sql`
      UPDATE gift_cards SET disabled_at = now(), updated_at = now() WHERE id = ${row.id} RETURNING *`);
    await announce(tx, 'gift_card.updated', after[0]!);
  }
  return rows.map((r) => r.id);
}

/** A refund that failed: the cards it disabled can be spent again. */
export async function enableCardsInTx(tx: Tx, o: { storeId: string; ids: readonly string[] }): Promise<void> {
  for (const id of o.ids) {
    const { rows } = await tx.execute<GiftCardRow>(sql`
      UPDATE gift_cards SET disabled_at = NULL, updated_at = now()
      WHERE store_id = ${o.storeId} AND id = ${id} AND disabled_at IS NOT NULL RETURNING *`);
    if (rows[0]) await announce(tx, 'gift_card.updated', rows[0]);
  }
}

import { z } from 'zod';

const Timestamp = z.string().describe('ISO 8601, UTC');
const Minor = z.number().int();

const GIFT_CARD_TRANSACTION_KINDS = ['issue', 'redeem', 'release', 'refund', 'adjust'] as const;

export const GiftCardTransactionView = z.object({
  id: z.string(),
  kind: z
    .enum(GIFT_CARD_TRANSACTION_KINDS)
    .describe(
      'issue: the card was issued; redeem: spent on an order; release: given back when that checkout failed; ' +
        'refund: given back by a refund of the order; adjust: corrected by staff',
    ),
  amount: Minor.describe('Signed: spending is negative'),
  balance_after: Minor,
  order_id: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  created_at: Timestamp,
});
export type GiftCardTransactionView = z.infer<typeof GiftCardTransactionView>;

export const GiftCardView = z.object({
  id: z.string(),
  last_characters: z
    .string()
    .describe('The code’s last four characters: the full code is shown only when issued'),
  currency: z.string(),
  initial_value: Minor,
  balance: Minor,
  status: z
    .enum(['active', 'used_up', 'expired', 'disabled'])
    .describe('active: can be spent; used_up: balance 0; expired; disabled by staff'),
  expires_at: Timestamp.nullable(),
  disabled_at: Timestamp.nullable(),
  customer_id: z.string().nullable(),
  recipient_email: z.string().nullable(),
  note: z.string().nullable(),
  order_id: z.string().nullable().describe('The order it was bought in (a gift card product), else null'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type GiftCardView = z.infer<typeof GiftCardView>;

export const IssuedGiftCardView = GiftCardView.extend({
  code: z.string().describe('The whole code, shown this once: Carton keeps only its hash'),
});
export type IssuedGiftCardView = z.infer<typeof IssuedGiftCardView>;

export const GiftCardDetailView = GiftCardView.extend({
  transactions: z.array(GiftCardTransactionView).describe('Newest first (at most 200)'),
});
export type GiftCardDetailView = z.infer<typeof GiftCardDetailView>;

/** What a shopper may learn with the code in hand. */
export const GiftCardBalanceView = z.object({
  id: z.string().describe('The card (a signed-in shopper may hold it among their own: the same card)'),
  last_characters: z.string(),
  currency: z.string(),
  balance: Minor,
  status: GiftCardView.shape.status,
  expires_at: Timestamp.nullable(),
});
export type GiftCardBalanceView = z.infer<typeof GiftCardBalanceView>;

/** A signed-in shopper's own card (store credit, or one staff issued to them): spent by its id. */
export const OwnGiftCardView = GiftCardBalanceView.extend({
  id: z.string().describe('Name it in `gift_card_ids` when completing a cart'),
  initial_value: Minor,
  created_at: Timestamp,
});
export type OwnGiftCardView = z.infer<typeof OwnGiftCardView>;

/** A gift card spent on an order, as the order shows it. */
export const OrderGiftCardView = z.object({
  gift_card_id: z.string(),
  last_characters: z.string(),
  amount: Minor.describe('Spent on the order'),
  refunded: Minor.describe('Given back to the card since (a refund of the order)'),
});
export type OrderGiftCardView = z.infer<typeof OrderGiftCardView>;

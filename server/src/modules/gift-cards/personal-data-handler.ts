import { sql } from 'drizzle-orm';
import { registerPersonalDataHandler } from '../customers/service.ts';

/**
 * The gift cards' part of a shopper's GDPR export and erasure: the cards issued to them or e-mailed
 * to their address (never the code: Carton does not hold it). Erasure removes the address and the
 * link to the customer; the cards and their ledgers stay (money the shop owes whoever holds the code).
 */
export const giftCardPersonalData = registerPersonalDataHandler({
  name: 'gift_cards',
  async export(db, s) {
    const { rows } = await db.execute(sql`
      SELECT id, last_characters, currency, initial_value, balance, expires_at, disabled_at, recipient_email,
             created_at
      FROM gift_cards
      WHERE store_id = ${s.storeId} AND (customer_id = ${s.customerId} OR recipient_email = ${s.email})
      ORDER BY id`);
    return rows;
  },
  async erase(tx, s) {
    const { rows } = await tx.execute(sql`
      UPDATE gift_cards SET recipient_email = NULL, customer_id = NULL, updated_at = now()
      WHERE store_id = ${s.storeId} AND (customer_id = ${s.customerId} OR recipient_email = ${s.email})
      RETURNING id`);
    return { gift_cards: rows.length };
  },
});

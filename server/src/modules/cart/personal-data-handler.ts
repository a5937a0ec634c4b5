import { sql } from 'drizzle-orm';
import { registerPersonalDataHandler } from '../customers/service.ts';
import { eraseShopperFromCarts } from './personal-data.ts';

/**
 * The carts' part of a shopper's GDPR export and erasure, registered with the customers module's
 * registry. The export reads with the handle it is given (the export's one snapshot).
 */
export const cartPersonalData = registerPersonalDataHandler({
  name: 'carts',
  async export(db, s) {
    const { rows } = await db.execute(sql`
      SELECT c.id, c.status, c.currency, c.email, c.shipping_address, c.billing_address, c.locale,
             c.order_id, COALESCE((
               SELECT jsonb_agg(jsonb_build_object('variant_id', l.variant_id, 'sku', l.sku,
                        'title', l.product_title, 'variant_title', l.variant_title,
                        'quantity', l.quantity, 'unit_price', l.unit_price) ORDER BY l.id)
               FROM cart_lines l WHERE l.cart_id = c.id), '[]') AS lines
      FROM carts c
      WHERE c.store_id = ${s.storeId} AND (c.customer_id = ${s.customerId} OR lower(c.email) = ${s.email})
      ORDER BY c.id`);
    return rows;
  },
  async erase(tx, s) {
    return {
      carts: await eraseShopperFromCarts(tx, {
        storeId: s.storeId,
        customerId: s.customerId,
        email: s.email,
      }),
    };
  },
});

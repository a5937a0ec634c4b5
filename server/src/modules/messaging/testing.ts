import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';

/** Test helpers for the messaging module. */

export const uniqueEmail = (tag = 'shopper') => `${tag}-${randomBytes(5).toString('hex')}@example.com`;
export const uniquePhone = () => `+8491${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** Recovery data for a cart of two lines. */
export function cartData(o: { currency?: string; discount?: boolean } = {}) {
  return {
    customer: { first_name: 'Linh', last_name: null, email: null },
    cart: {
      id: 'cart_01TESTCART0000000000000000',
      recovery_url: 'https://shop.example/cart/recover/abc',
      currency: o.currency ?? 'USD',
      subtotal: 8500,
      total: 8500,
      items: [
        {
          title: 'Linen shirt',
          variant_title: 'Blue / M',
          quantity: 1,
          unit_price: 4500,
          image_url: null,
          url: 'https://shop.example/p/shirt',
        },
        { title: 'Canvas tote', quantity: 2, unit_price: 2000 },
      ],
    },
    ...(o.discount ? { discount: { code: 'COMEBACK10', description: '10% off' } } : {}),
  };
}

export async function messageRows(
  db: Db,
  storeId: string,
  where = sql`true`,
): Promise<Record<string, unknown>[]> {
  const { rows } = await db.execute(
    sql`SELECT * FROM messaging_messages WHERE store_id = ${storeId} AND ${where} ORDER BY id`,
  );
  return rows;
}

export async function eventPayloads(
  db: Db,
  storeId: string,
  type: string,
): Promise<Record<string, unknown>[]> {
  const { rows } = await db.execute<{ payload: Record<string, unknown> }>(
    sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = ${type} ORDER BY id`,
  );
  return rows.map((r) => r.payload);
}

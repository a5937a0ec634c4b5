import { readInStore, type Db } from '../../platform/db/database.ts';

/**
 * Carts created per local day (the store's time zone), from the local day `from` on: the
 * denominator of the dashboard's conversion rate. One grouped read on `carts_created_idx`.
 */
export async function dailyCartsCreated(
  db: Db,
  o: { storeId: string; timeZone: string; from: string },
): Promise<{ date: string; carts: number }[]> {
  return readInStore<{ date: string; carts: number }>(
    db,
    o.storeId,
    `SELECT to_char((created_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS date, count(*)::int AS carts
       FROM carts
      WHERE store_id = $1 AND kind = 'shopper' AND created_at >= ($3::date AT TIME ZONE $2)
      GROUP BY 1 ORDER BY 1`,
    [o.storeId, o.timeZone, o.from],
  );
}

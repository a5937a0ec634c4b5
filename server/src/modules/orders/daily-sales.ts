import { readInStore, type Db } from '../../platform/db/database.ts';

/** One local day's placed orders in one currency. */
export interface DailySales {
  /** The day in the store's time zone, `YYYY-MM-DD`. */
  date: string;
  currency: string;
  orders: number;
  /** Sum of the orders' totals, minor units. */
  sales: number;
}

/**
 * Orders placed (confirmed by the checkout, whatever happened to them after) per local day and
 * currency, from the local day `from` on. A pending order, or one its checkout abandoned, was
 * never placed and is not counted. One grouped read on `orders_created_idx`.
 */
export async function dailySales(
  db: Db,
  o: { storeId: string; timeZone: string; from: string },
): Promise<DailySales[]> {
  const rows = await readInStore<{ date: string; currency: string; orders: number; sales: string }>(
    db,
    o.storeId,
    `SELECT to_char((created_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS date, currency,
            count(*)::int AS orders, sum(total)::text AS sales
       FROM orders
      WHERE store_id = $1 AND confirmed_at IS NOT NULL AND created_at >= ($3::date AT TIME ZONE $2)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [o.storeId, o.timeZone, o.from],
  );
  return rows.map((r) => ({ date: r.date, currency: r.currency, orders: r.orders, sales: Number(r.sales) }));
}

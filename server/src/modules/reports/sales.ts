import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { dailyCartsCreated } from '../cart/service.ts';
import { dailySales } from '../orders/service.ts';
import { readStoreView } from '../tenancy/service.ts';

/** The dashboard's figures: a read-only view over orders and carts, per day in the store's time zone. */

export const SalesReportQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14).describe('How many days, today included (1–90)'),
});
export type SalesReportQuery = z.input<typeof SalesReportQuery>;

const Amount = z.object({ currency: z.string(), amount: z.number().int().describe('Minor units') });

export const SalesDay = z.object({
  date: z.string().describe("The day in the store's time zone (YYYY-MM-DD)"),
  orders: z.number().int().describe('Orders placed that day'),
  carts: z.number().int().describe('Carts created that day'),
  conversion_rate: z
    .number()
    .nullable()
    .describe('Orders placed ÷ carts created that day; null without carts'),
  sales: z
    .array(Amount)
    .describe("Totals of the orders placed, per currency; the store's currency first, always present"),
  average_order_value: z.array(Amount).describe('Per currency with orders'),
});
export type SalesDay = z.infer<typeof SalesDay>;

export const SalesReport = z.object({
  currency: z.string().describe("The store's currency"),
  time_zone: z.string(),
  today: SalesDay,
  days: z.array(SalesDay).describe('Oldest first, today last; days without sales included'),
});
export type SalesReport = z.infer<typeof SalesReport>;

/** `YYYY-MM-DD` of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The calendar day `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Today's and the last `days` days' sales, orders, carts and conversion, in the store's time zone.
 * Sales are gross: what orders were placed for, whatever happened to them after.
 */
export async function salesReport(
  db: Db,
  o: { storeId: string; query: SalesReportQuery; now?: Date },
): Promise<SalesReport> {
  const { days } = SalesReportQuery.parse(o.query);
  const store = await readStoreView(db, o.storeId);
  const timeZone = store.timezone;
  const today = localDate(o.now ?? new Date(), timeZone);
  const from = addDays(today, -(days - 1));
  const [sales, carts] = await Promise.all([
    dailySales(db, { storeId: o.storeId, timeZone, from }),
    dailyCartsCreated(db, { storeId: o.storeId, timeZone, from }),
  ]);
  const cartsOn = new Map(carts.map((c) => [c.date, c.carts]));
  const series: SalesDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    const rows = sales.filter((s) => s.date === date);
    const orders = rows.reduce((n, r) => n + r.orders, 0);
    const cartCount = cartsOn.get(date) ?? 0;
    const byCurrency = [
      { currency: store.currency, amount: 0, orders: 0 },
      ...rows
        .filter((r) => r.currency !== store.currency)
        .map((r) => ({ currency: r.currency, amount: 0, orders: 0 })),
    ];
    for (const r of rows) {
      const entry = byCurrency.find((c) => c.currency === r.currency)!;
      entry.amount += r.sales;
      entry.orders += r.orders;
    }
    series.push({
      date,
      orders,
      carts: cartCount,
      conversion_rate: cartCount ? Math.round((orders / cartCount) * 10_000) / 10_000 : null,
      sales: byCurrency.map(({ currency, amount }) => ({ currency, amount })),
      average_order_value: byCurrency
        .filter((c) => c.orders > 0)
        .map((c) => ({ currency: c.currency, amount: Math.round(c.amount / c.orders) })),
    });
  }
  return { currency: store.currency, time_zone: timeZone, today: series[series.length - 1]!, days: series };
}

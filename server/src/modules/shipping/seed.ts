import { sql } from 'drizzle-orm';
import { withStore, type Db } from '../../platform/db/database.ts';
import { createShippingMethod, createShippingZone, type ShippingMethodInput } from './service.ts';

/**
 * A demo store's shipping: a domestic zone and a rest-of-the-world zone with a couple of methods,
 * so a demo checkout has rates out of the box. Only for a store with no zones at all (running the
 * seed again, or after the merchant set up shipping, changes nothing).
 */
export async function seedDemoShipping(
  db: Db,
  options: { storeId: string; country: string; currency: string },
): Promise<{ created: boolean }> {
  const { storeId, country, currency } = options;
  const { rows } = await withStore(db, storeId, (tx) =>
    tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM shipping_zones WHERE store_id = ${storeId}`),
  );
  if (rows[0]!.n > 0) return { created: false };

  const domestic = await createShippingZone(db, {
    storeId,
    input: { name: 'Domestic', countries: [country] },
  });
  const world = await createShippingZone(db, {
    storeId,
    input: { name: 'Rest of the world', countries: ['*'] },
  });
  const methods: [string, ShippingMethodInput][] = [
    [
      domestic.zone.id,
      {
        name: 'Standard',
        currency,
        rate: { type: 'flat', amount: 599 },
        free_shipping_threshold: 5000,
        delivery_estimate: { min_days: 3, max_days: 5 },
      },
    ],
    [
      domestic.zone.id,
      {
        name: 'Express',
        currency,
        rate: {
          type: 'weight_band',
          bands: [
            { from: 0, to: 1000, amount: 1499 },
            { from: 1000, to: 5000, amount: 2499 },
            { from: 5000, to: null, amount: 3999 },
          ],
        },
        delivery_estimate: { min_days: 1, max_days: 2 },
      },
    ],
    [
      world.zone.id,
      {
        name: 'International',
        currency,
        rate: {
          type: 'price_band',
          bands: [
            { from: 0, to: 10000, amount: 1999 },
            { from: 10000, to: null, amount: 2999 },
          ],
        },
        delivery_estimate: { min_days: 7, max_days: 14 },
      },
    ],
  ];
  for (const [zoneId, input] of methods) await createShippingMethod(db, { storeId, zoneId, input });
  return { created: true };
}

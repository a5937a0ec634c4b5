import { sql } from 'drizzle-orm';
import { withStore, type Db } from '../../platform/db/database.ts';
import { createTaxRate, type TaxRateInput } from './service.ts';

/**
 * A demo store's tax: prices without tax (the default settings), a few US state sales taxes (New
 * York taxes shipping, California does not) and UK VAT with a reduced class. Only for a store with
 * no tax rates (running the seed again, or after the merchant set up tax, changes nothing).
 */
export async function seedDemoTax(db: Db, options: { storeId: string }): Promise<{ created: boolean }> {
  const { storeId } = options;
  const { rows } = await withStore(db, storeId, (tx) =>
    tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM tax_rates WHERE store_id = ${storeId}`),
  );
  if (rows[0]!.n > 0) return { created: false };
  const rates: TaxRateInput[] = [
    { name: 'California sales tax', country: 'US', region: 'CA', percent: '7.25', shipping_taxable: false },
    { name: 'New York sales tax (NYC combined)', country: 'US', region: 'NY', percent: '8.875' },
    { name: 'Texas sales tax', country: 'US', region: 'TX', percent: '6.25', shipping_taxable: false },
    { name: 'UK VAT', country: 'GB', percent: '20' },
    { name: 'UK VAT (reduced)', country: 'GB', tax_class: 'reduced', percent: '5' },
  ];
  for (const input of rates) await createTaxRate(db, { storeId, input });
  return { created: true };
}

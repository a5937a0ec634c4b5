import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { parseAddress } from '../../platform/address.ts';
import { seedDemo } from '../identity/seed.ts';
import { calculateTax } from '../tax/service.ts';
import { seedDemoTax } from '../tax/seed.ts';
import { seedDemoShipping } from './seed.ts';
import { quoteShippingRates } from './service.ts';

let platform: TestPlatform;
let storeId: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await seedDemo(platform)).store.id;
});
afterAll(async () => {
  await platform?.close();
});

const address = (a: Record<string, string>) =>
  parseAddress({ line1: '1 Main St', city: 'Town', ...a }, 'address');

describe('demo shipping and tax', () => {
  it('a fresh demo store ships at home and abroad and charges tax out of the box; seeding again adds nothing', async () => {
    expect(await seedDemoShipping(platform.db, { storeId, country: 'US', currency: 'USD' })).toEqual({
      created: true,
    });
    expect(await seedDemoTax(platform.db, { storeId })).toEqual({ created: true });

    const lines = [{ variantId: 'var_demo', quantity: 2, unitPrice: 1500, weightGrams: 400 }];
    const nyc = address({ country: 'US', region: 'NY', postal_code: '10001' });
    const home = await quoteShippingRates(platform.db, {
      storeId,
      currency: 'USD',
      address: nyc,
      lines,
      subtotal: 3000,
    });
    expect(home.map((r) => [r.name, r.amount])).toEqual([
      ['Standard', 599],
      ['Express', 1499],
    ]);
    const free = await quoteShippingRates(platform.db, {
      storeId,
      currency: 'USD',
      address: nyc,
      lines,
      subtotal: 5000,
    });
    expect(free[0]).toMatchObject({ name: 'Standard', amount: 0, freeShippingApplied: true });
    const abroad = await quoteShippingRates(platform.db, {
      storeId,
      currency: 'USD',
      address: address({ country: 'VN', postal_code: '700000' }),
      lines,
      subtotal: 3000,
    });
    expect(abroad.map((r) => [r.name, r.amount])).toEqual([['International', 1999]]);

    const tax = await calculateTax(platform.db, {
      storeId,
      currency: 'USD',
      address: nyc,
      lines: [{ id: 'l1', amount: 3000 }],
      shipping: 599,
    });
    expect(tax).toMatchObject({ inclusive: false, shippingTax: 53, total: 319 }); // 266.25 + 53.16
    const london = await calculateTax(platform.db, {
      storeId,
      currency: 'USD',
      address: address({ country: 'GB', postal_code: 'SW1A 1AA' }),
      lines: [{ id: 'book', amount: 1000, taxClass: 'reduced' }],
      shipping: 0,
    });
    expect(london.total).toBe(50);

    expect(await seedDemoShipping(platform.db, { storeId, country: 'US', currency: 'USD' })).toEqual({
      created: false,
    });
    expect(await seedDemoTax(platform.db, { storeId })).toEqual({ created: false });
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../build.ts';
import { initialJs, PRODUCT_PAGE_JS_BUDGET } from '../storefront/bundle-size.ts';

describe('storefront bundle', () => {
  it(`keeps the product page's JavaScript within ${PRODUCT_PAGE_JS_BUDGET / 1024} KB gzipped`, async () => {
    await ensureWebBuilt();
    const js = initialJs(join(import.meta.dirname, '..', 'storefront', 'dist', 'client'));
    expect(
      js.files.some((f) => /Checkout|Account|Order/.test(f)),
      'checkout/account are split off',
    ).toBe(false);
    expect(js.gzipBytes, `${js.files.join(', ')}: ${js.gzipBytes} bytes gzipped`).toBeLessThanOrEqual(
      PRODUCT_PAGE_JS_BUDGET,
    );
  }, 120_000);
});

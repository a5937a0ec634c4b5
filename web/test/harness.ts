/**
 * Browser-test harness: a real Carton (API + workers) on a fresh database with the demo store
 * (catalog with pictures, shipping, tax, exchange rates), the web apps built when stale, and Debian's
 * Chromium driven by playwright-core. Screenshots go to artifacts/screenshots/ (git-ignored).
 *
 *   const shop = await startShop();                 // Carton + demo data
 *   const browser = await launchBrowser();          // Debian's Chromium (installed when missing)
 *   const page = await newPhonePage(browser, shop);  // a phone-sized page on the shop
 *   await screenshot(page, 'product');
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedCatalog } from '../../server/src/modules/catalog/csv/seed-catalog.ts';
import { seedDemo } from '../../server/src/modules/identity/seed.ts';
import { seedDemoExchangeRates } from '../../server/src/modules/pricing/seed.ts';
import { seedDemoPayments } from '../../server/src/modules/payments/seed.ts';
import { seedDemoShipping } from '../../server/src/modules/shipping/seed.ts';
import { seedDemoTax } from '../../server/src/modules/tax/seed.ts';
import { startTestServer } from '../../server/test/harness.ts';
import { ensureWebBuilt } from '../build.ts';
import { ensureChromium, launchChromium } from './browser.ts';

export { screenshot } from './browser.ts';

export type Shop = Awaited<ReturnType<typeof startTestServer>> & {
  storeId: string;
  publishableKey: string;
  secretKey: string;
};

/** Carton with the demo store, as the first `npm start` leaves it (a smaller catalog by default). */
export async function startShop(
  options: { products?: number; overrides?: Record<string, string> } = {},
): Promise<Shop> {
  await ensureWebBuilt();
  const server = await startTestServer({
    worker: true,
    overrides: { CHECKOUT_ACTION_POLL_SECONDS: '1', RATE_LIMIT_PER_MINUTE: '100000', ...options.overrides },
  });
  try {
    const db = server.platform.db;
    const seeded = await seedDemo(server.platform);
    const storeId = seeded.store.id;
    await seedDemoShipping(db, { storeId, country: 'US', currency: 'USD' });
    await seedDemoTax(db, { storeId });
    await seedDemoExchangeRates(db, { storeId, baseCurrency: 'USD' });
    await seedDemoPayments(server.platform, storeId);
    await seedCatalog(server.platform, { storeId, products: options.products ?? 60 });
    return { ...server, storeId, publishableKey: seeded.publishableKey!, secretKey: seeded.secretKey! };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** Debian's Chromium, installed first when missing. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return launchChromium();
}

/** A phone-sized browser context (the shop is mobile first) with the shop as its base URL. */
export async function newPhoneContext(browser: Browser, shop: { url: string }): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: shop.url,
    viewport: { width: 412, height: 900 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
  });
}

export async function newPhonePage(browser: Browser, shop: { url: string }): Promise<Page> {
  const context = await newPhoneContext(browser, shop);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** The page once the browser app has hydrated it (clicks before that would be lost). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction("document.documentElement.dataset.hydrated === 'true'");
}

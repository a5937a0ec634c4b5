import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hydrated, launchBrowser, newPhonePage, screenshot, startShop, type Shop } from './harness.ts';
import { seriousAxeViolations } from './browser.ts';
import { capturedMail, waitForMail, type CapturedMail } from '../../server/test/mail.ts';
import { startFakeStripe, type FakeStripe } from '../../server/test/fake-stripe.ts';

interface ProductSummary {
  handle: string;
  title: string;
  brand: string | null;
}

/**
 * The storefront in a real browser (Debian's Chromium, phone-sized) against a real Carton with the
 * demo store: a guest's search-to-confirmation checkout, a 3-D Secure payment, a declined card, and
 * axe-core on the key pages. Screenshots of each step land in artifacts/screenshots/.
 */
describe('storefront in the browser', { timeout: 90_000 }, () => {
  let shop: Shop;
  // Stripe's stand-in (its API and Stripe.js), for the test that switches the store to Stripe.
  let fakeStripe: FakeStripe;
  let browser: Browser;
  let products: ProductSummary[];
  const pages: Page[] = [];

  interface StoreVariant {
    id: string;
    in_stock: boolean;
    available: number;
    price: { amount: number; currency: string };
  }

  /** A product's variants as the store API shows them. */
  async function variantsOf(handle: string): Promise<StoreVariant[]> {
    const res = await fetch(`${shop.url}/store/v1/products/handle/${handle}`, {
      headers: { 'x-publishable-key': shop.publishableKey },
    });
    return ((await res.json()) as { variants: StoreVariant[] }).variants;
  }

  /** Products that can be bought now, several units of their default variant in stock. */
  async function buyableProducts(): Promise<ProductSummary[]> {
    const headers = { 'x-publishable-key': shop.publishableKey };
    const res = await fetch(`${shop.url}/store/v1/search?in_stock=true&limit=40&sort=title`, { headers });
    const hits = ((await res.json()) as { data: ProductSummary[] }).data;
    const out: ProductSummary[] = [];
    for (const hit of hits) {
      const first = (await variantsOf(hit.handle)).find((v) => v.in_stock);
      if (first && first.available >= 5) out.push(hit);
    }
    return out;
  }

  async function page(): Promise<Page> {
    const p = await newPhonePage(browser, shop);
    pages.push(p);
    return p;
  }

  async function addToCart(p: Page, product: ProductSummary) {
    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
  }

  async function checkoutDetails(
    p: Page,
    email: string,
    options: { note?: string; newsletter?: boolean; button?: RegExp } = {},
  ) {
    const { note, newsletter, button = /^Pay / } = options;
    await p.goto('/checkout');
    await hydrated(p);
    await p.getByLabel('E-mail').fill(email);
    if (newsletter) await p.getByLabel('Send me news and offers').check();
    await p.getByLabel('First name').fill('Linh');
    await p.getByLabel('Last name').fill('Nguyen');
    await p.getByLabel('Address', { exact: true }).fill('1 Market Street');
    await p.getByLabel('City').fill('San Francisco');
    await p.getByLabel('State / province').fill('CA');
    await p.getByLabel('Postal code').fill('94103');
    if (note) await p.getByLabel(/^Note for the shop/).fill(note);
    await p.getByRole('button', { name: 'Continue to shipping' }).click();
    await p.getByRole('radio').first().waitFor();
    await p.locator('input[name="shipping"]').first().check();
    await p.getByRole('button', { name: button }).waitFor();
  }

  /** From the cart page to the checkout, through its 'Check out' link. */
  async function checkOutFromCart(p: Page) {
    await p.getByRole('link', { name: 'Check out' }).click();
    await p.waitForURL('**/checkout**');
    await hydrated(p);
  }

  /** The cart page, with the line of this title removed. */
  async function removeFromCart(p: Page, title: string) {
    await p.goto('/cart');
    await hydrated(p);
    await p.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: 'Remove' }).click();
    await p.getByRole('listitem').filter({ hasText: title }).waitFor({ state: 'detached' });
  }

  /** A checkout that ships nothing: the e-mail and a San Francisco billing address, then on to payment. */
  async function billingDetails(
    p: Page,
    o: { email: string; firstName: string; lastName: string; line1: string },
  ) {
    await p.getByLabel('E-mail').fill(o.email);
    await p.getByLabel('First name').fill(o.firstName);
    await p.getByLabel('Last name').fill(o.lastName);
    await p.getByLabel('Address', { exact: true }).fill(o.line1);
    await p.getByLabel('City').fill('San Francisco');
    await p.getByLabel('State / province').fill('CA');
    await p.getByLabel('Postal code').fill('94103');
    await p.getByRole('button', { name: 'Continue to payment' }).click();
  }

  /** One call to the shop's admin API with its secret key: the status and the JSON answer (null for 204). */
  async function admin<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${shop.url}${path}`, {
      method,
      headers: {
        'x-api-key': shop.secretKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  }

  /** A variant's price in USD, set through the admin API. */
  async function setPrice(variantId: string, amount: number) {
    const price = await admin('POST', '/admin/v1/prices', { variant_id: variantId, currency: 'USD', amount });
    expect(price.status, JSON.stringify(price.body)).toBe(200);
  }

  /** So many of a variant on hand at the shop's first stock location, set through the admin API. */
  async function stockAtFirstLocation(variantId: string, onHand: number) {
    const locations = await admin<{ data: { id: string }[] }>('GET', '/admin/v1/stock-locations');
    const level = await admin('PUT', '/admin/v1/inventory-levels', {
      variant_id: variantId,
      location_id: locations.body.data[0]!.id,
      on_hand: onHand,
    });
    expect(level.status, JSON.stringify(level.body)).toBe(200);
  }

  /** The order the page shows (its address ends in the order's id), as the admin API has it. */
  function orderOnPage<T>(p: Page): Promise<{ status: number; body: T }> {
    const orderId = new URL(p.url()).pathname.split('/').pop()!;
    return admin<T>('GET', `/admin/v1/orders/${orderId}`);
  }

  /**
   * A shop in Austin with five of the product on its shelf, and a free pickup method from it in the
   * demo store's Domestic zone (delete it after the test: other tests choose the first option).
   */
  async function openPickupShop(
    product: { handle: string },
    o: {
      shop: string;
      line1: string;
      postalCode: string;
      method: {
        name: string;
        instructions: string;
        delivery_estimate?: { min_days: number; max_days: number };
      };
    },
  ): Promise<{ methodId: string; locationId: string }> {
    const variants = await variantsOf(product.handle);
    const location = await admin<{ id: string }>('POST', '/admin/v1/stock-locations', {
      name: o.shop,
      code: `${o.shop.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}`,
      address: { line1: o.line1, city: 'Austin', region: 'TX', postal_code: o.postalCode, country: 'US' },
    });
    expect(location.status, JSON.stringify(location.body)).toBe(201);
    const level = await admin('PUT', '/admin/v1/inventory-levels', {
      variant_id: variants.find((v) => v.in_stock)!.id,
      location_id: location.body.id,
      on_hand: 5,
    });
    expect(level.status, JSON.stringify(level.body)).toBe(200);
    const zones = await admin<{ data: { id: string; name: string; countries: string[] }[] }>(
      'GET',
      '/admin/v1/shipping/zones',
    );
    const domestic = zones.body.data.find((z) => z.name === 'Domestic' && z.countries.includes('US'))!;
    const { instructions, ...method } = o.method;
    const made = await admin<{ id: string }>('POST', `/admin/v1/shipping/zones/${domestic.id}/methods`, {
      ...method,
      currency: 'USD',
      rate: { type: 'flat', amount: 0 },
      pickup: { location_id: location.body.id, instructions },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return { methodId: made.body.id, locationId: location.body.id };
  }

  /**
   * The shop refunds part of an order through the admin API; resolves with the refund's credit
   * note once the server has issued it (a moment after the refund).
   */
  async function refundPart(orderId: string, amount: number): Promise<{ display_number: string }> {
    interface Note {
      id: string;
      display_number: string;
      refund_id: string;
    }
    const order = await admin<{ payment_intent_id: string }>('GET', `/admin/v1/orders/${orderId}`);
    expect(order.status, JSON.stringify(order.body)).toBe(200);
    const refund = await admin<{ id: string; status: string }>(
      'POST',
      `/admin/v1/payment-intents/${order.body.payment_intent_id}/refunds`,
      { amount },
    );
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.status).toBe('succeeded');
    let note: Note | undefined;
    await expect
      .poll(
        async () => {
          const now = await admin<{ credit_notes: Note[] }>('GET', `/admin/v1/orders/${orderId}`);
          note = now.body.credit_notes.find((n) => n.refund_id === refund.body.id);
          return note?.display_number ?? null;
        },
        { timeout: 20_000 },
      )
      .toMatch(/^CN-\d+$/);
    return note!;
  }

  /** The order page lists the credit note, whose button downloads it as a PDF. */
  async function downloadCreditNote(p: Page, note: { display_number: string }) {
    const notes = p.getByRole('region', { name: 'Credit notes' });
    await notes.getByText(`${note.display_number} · `, { exact: false }).waitFor();
    // A refund the shop made without giving a reason.
    await notes.getByText('Refund', { exact: true }).waitFor();
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      notes.getByRole('button', { name: `Download credit note ${note.display_number} (PDF)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`credit-note-${note.display_number.slice(3)}.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await notes.getByRole('alert').count()).toBe(0);
  }

  /** The first line of an order, as the admin API has it. */
  async function firstLineId(orderId: string): Promise<string> {
    const res = await fetch(`${shop.url}/admin/v1/orders/${orderId}`, {
      headers: { 'x-api-key': shop.secretKey },
    });
    return ((await res.json()) as { lines: { id: string }[] }).lines[0]!.id;
  }

  async function pay(p: Page, card: RegExp) {
    await p.getByLabel(card).check();
    await p.getByRole('button', { name: /^Pay / }).click();
  }

  beforeAll(async () => {
    fakeStripe = await startFakeStripe();
    shop = await startShop({
      products: 60,
      overrides: { STRIPE_API_BASE: fakeStripe.url, STRIPE_JS_URL: `${fakeStripe.url}/v3/` },
    });
    browser = await launchBrowser();
    products = await buyableProducts();
    expect(products.length).toBeGreaterThanOrEqual(4);
  }, 180_000);
  afterAll(async () => {
    for (const p of pages)
      await p
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await shop?.close();
    await fakeStripe?.close();
  });

  it('a guest finds a product by search, checks out and sees the confirmation', async () => {
    const p = await page();
    const product = products[0]!;
    await p.goto('/');
    await hydrated(p);
    await screenshot(p, '01-home');

    const word = product.title.split(' ').at(-1)!;
    const box = p.getByRole('combobox', { name: 'Search products' });
    await box.fill(product.title.split(' ')[0]!.slice(0, 5));
    await p.getByRole('option').first().waitFor();
    await screenshot(p, '02-autocomplete');
    await box.fill(`${product.brand ?? ''} ${word}`.trim());
    await box.press('Enter');
    await p.waitForURL(/\/search\?q=/);
    await p
      .getByRole('link', { name: new RegExp(product.title) })
      .first()
      .waitFor();
    await screenshot(p, '03-search');
    await p
      .getByRole('link', { name: new RegExp(product.title) })
      .first()
      .click();
    await p.waitForURL(`**/products/${product.handle}`);
    await p.getByRole('heading', { level: 1, name: product.title }).waitFor();
    await screenshot(p, '04-product');

    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    await p.getByRole('link', { name: 'View cart' }).click();
    await p.waitForURL('**/cart');
    await p.getByText(product.title).first().waitFor();
    await screenshot(p, '05-cart');
    await checkOutFromCart(p);

    // Bad input first: every missing field says so, and nothing is sent.
    await p.getByRole('button', { name: 'Continue to shipping' }).click();
    await p.getByText('Enter a valid e-mail address.').waitFor();
    expect(await p.getByText('Required').count()).toBeGreaterThanOrEqual(4);
    await p.getByLabel('Postal code').fill('ABC');
    await screenshot(p, '06-checkout-errors');

    await checkoutDetails(p, 'guest@example.com');
    // A coupon at checkout: a code that does not exist says so; a real one lowers what is paid.
    const coupon = await fetch(`${shop.url}/admin/v1/coupons`, {
      method: 'POST',
      headers: { 'x-api-key': shop.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'BROWSER10', discount: { kind: 'percentage', basis_points: 1000 } }),
    });
    expect(coupon.status, await coupon.clone().text()).toBe(201);
    const payLabel = () => p.getByRole('button', { name: /^Pay / }).textContent();
    const before = await payLabel();
    await p.getByLabel('Coupon code').fill('NOPE-123');
    await p.getByRole('button', { name: 'Apply', exact: true }).click();
    await p
      .getByRole('alert')
      .filter({ hasText: /NOPE-123/ })
      .waitFor();
    await p.getByLabel('Coupon code').fill('BROWSER10');
    await p.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(payLabel, { timeout: 10_000 }).not.toBe(before);
    await screenshot(p, '07-checkout-payment');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await p.getByText('Discount').waitFor();
    expect(await p.getByTestId('order-number').textContent()).toMatch(/Order \S+/);
    expect(await p.getByText(product.title).count()).toBeGreaterThan(0);
    await screenshot(p, '08-confirmation');
    const confirmation = p.url();
    // The cart is done: the header shows no items any more.
    await p.goto('/');
    await hydrated(p);
    expect(await p.getByTestId('cart-count').count()).toBe(0);
    // Buy again: the order's items in a new cart, at today's prices.
    await p.goto(confirmation);
    await hydrated(p);
    await p.getByRole('button', { name: 'Buy again' }).click();
    await p.waitForURL(/\/cart$/);
    await p.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await p.getByText(product.title).count()).toBeGreaterThan(0);

    // Lost the e-mail: the account page sends the order's link again, to the address it was placed with.
    const orderId = new URL(confirmation).pathname.split('/').pop()!;
    const detail = await fetch(`${shop.url}/admin/v1/orders/${orderId}`, {
      headers: { 'x-api-key': shop.secretKey },
    });
    const number = ((await detail.json()) as { display_number: string }).display_number;
    await p.goto('/account');
    await hydrated(p);
    await p.locator('#find-email').fill('guest@example.com');
    await p.locator('#find-number').fill(number);
    await p
      .getByRole('region', { name: 'Find your order' })
      .getByRole('button', { name: 'Send me the link' })
      .click();
    await p.getByText('If an order with this number was placed with guest@example.com').waitFor();
    const mail = await waitForMail(
      shop,
      { to: 'guest@example.com', subject: new RegExp(`^Your order ${number}`) },
      10_000,
    );
    const link = new RegExp(`/orders/${orderId}\\?token=[^\\s]+`).exec(mail.text ?? '')![0];
    await p.goto(link);
    await hydrated(p);
    expect(await p.getByTestId('order-number').textContent()).toContain(number);
  });

  it('a 3-D Secure payment: the bank page, then back to the confirmation', async () => {
    const p = await page();
    await addToCart(p, products[1]!);
    await checkoutDetails(p, 'secure@example.com');
    await pay(p, /3-D Secure/);
    await p.getByRole('link', { name: 'Verify payment' }).waitFor();
    await screenshot(p, '09-3ds-required');
    await p.getByRole('link', { name: 'Verify payment' }).click();
    await p.getByRole('button', { name: 'Approve payment' }).waitFor();
    await screenshot(p, '10-3ds-challenge');
    await p.getByRole('button', { name: 'Approve payment' }).click();
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await screenshot(p, '11-3ds-confirmation');
    // Changed their mind before the shop started on it: the guest cancels from the same page.
    await p.getByRole('button', { name: 'Cancel order' }).click();
    await p.getByRole('button', { name: 'Yes, cancel it' }).click();
    await p.getByText('Your order is cancelled; your payment is being returned.').waitFor();
    await expect
      .poll(() => p.getByTestId('order-status').textContent(), { timeout: 10_000 })
      .toMatch(/Cancelled|Refunded/);
    await screenshot(p, '11b-cancelled');
  });

  it('changes a size of an order in the first hour', async () => {
    interface Sized extends StoreVariant {
      title: string;
      option_values: Record<string, string>;
    }
    // A product of three variants or more, from the end of the list (the tests above use its start).
    let product: ProductSummary | undefined;
    let variants: Sized[] = [];
    for (const candidate of [...products].reverse()) {
      variants = (await variantsOf(candidate.handle)) as Sized[];
      if (variants.length >= 3 && variants.slice(0, 3).every((v) => v.price)) {
        product = candidate;
        break;
      }
    }
    expect(product, 'a product with three variants').toBeDefined();
    const [from, to, dearer] = variants as [Sized, Sized, Sized];
    // The first in stock (the product page's choice); another at the same price; a third dearer.
    for (const v of [from, to, dearer]) await stockAtFirstLocation(v.id, 10);
    await setPrice(to.id, from.price.amount);
    await setPrice(dearer.id, from.price.amount + 500);

    const p = await page();
    await p.goto(`/products/${product!.handle}`);
    await hydrated(p);
    await p.getByLabel('Quantity').fill('2');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    await checkoutDetails(p, 'swap@example.com');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_.*token=/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await hydrated(p);

    // One of the two units to the other size.
    await p.getByRole('button', { name: 'Change size or colour' }).click();
    const panel = p.getByRole('region', { name: /^Change size or colour: / });
    await panel.getByRole('radio').first().waitFor();
    // By exact title: "S / Blue" is part of "XS / Blue".
    const row = (v: Sized) =>
      panel.getByTestId('swap-variant').filter({ has: p.getByText(v.title, { exact: true }) });
    const toRadio = row(to).getByRole('radio');
    const dearerRow = row(dearer);
    expect(await toRadio.isEnabled()).toBe(true);
    // At another price today: not offered, the shop is to be asked.
    expect(await dearerRow.getByRole('radio').isDisabled()).toBe(true);
    await dearerRow.getByText('Different price — ask the shop').waitFor();
    await screenshot(p, '11h-change-size');
    await toRadio.check();
    await panel.getByLabel(/^How many to change/).fill('1');
    await panel.getByRole('button', { name: 'Change', exact: true }).click();

    const named = Object.entries(to.option_values)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ');
    await p.getByText(`Changed to ${named || to.title}. We've e-mailed you the details.`).waitFor();
    const items = p.getByRole('region', { name: 'Items' });
    await items.getByText(`${product!.title} — ${to.title}`, { exact: true }).waitFor();
    await items
      .getByRole('listitem')
      .filter({ has: p.getByText(`${product!.title} — ${from.title}`, { exact: true }) })
      .getByText('1 cancelled')
      .waitFor();
    // The change listed among the order's changes, as the shopper's own.
    const edits = p.getByRole('region', { name: 'Changes to your order' });
    await edits.getByText(`+1 × ${product!.title} — ${to.title}`, { exact: true }).waitFor();
    await edits.getByText(`−1 × ${product!.title} — ${from.title}`, { exact: true }).waitFor();
    await edits.getByText('You changed this', { exact: true }).waitFor();
    await screenshot(p, '11i-size-changed');
    const order = await orderOnPage<{
      lines: { variant_id: string; quantity: number; cancelled_quantity: number }[];
    }>(p);
    expect(order.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variant_id: from.id, quantity: 2, cancelled_quantity: 1 }),
        expect.objectContaining({ variant_id: to.id, quantity: 1, cancelled_quantity: 0 }),
      ]),
    );
    expect(await seriousAxeViolations(p)).toEqual([]);
  });

  it('a guest pays by bank transfer: the order is placed unpaid and shows how to pay, less a unit the shop cancelled', async () => {
    const p = await page();
    await addToCart(p, products[3]!);
    // Two of it: the shop will cancel one.
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => p.getByTestId('cart-count').textContent(), { timeout: 10_000 }).toBe('2');
    await checkoutDetails(p, 'transfer@example.com', { note: 'Please leave it at reception.' });
    await p.getByLabel(/^Bank transfer/).check();
    await p.getByRole('button', { name: 'Place order' }).click();
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    const howToPay = p.getByTestId('how-to-pay');
    await howToPay.getByRole('heading', { name: 'How to pay — Bank transfer' }).waitFor();
    expect(await howToPay.textContent()).toMatch(/Please send \$[\d.,]+ with the reference #\d+\./);
    expect(await howToPay.textContent()).toContain('IBAN GB33 BUKB 2020 1555 5555 55');
    await p.getByText('Bank transfer — Pending', { exact: true }).waitFor();
    expect(await p.getByTestId('order-note').textContent()).toBe('Please leave it at reception.');
    await screenshot(p, '11c-bank-transfer');
    const mail = await waitForMail(shop, { to: 'transfer@example.com', subject: /confirmed/ }, 15_000);
    expect(mail.text).toContain('Bank transfer: please send');

    // The shop finds one unit damaged and cancels it: the page says so, and asks for less.
    const orderId = new URL(p.url()).pathname.split('/').pop()!;
    const cancelled = await fetch(`${shop.url}/admin/v1/orders/${orderId}/cancel-items`, {
      method: 'POST',
      headers: {
        'x-api-key': shop.secretKey,
        'content-type': 'application/json',
        'idempotency-key': `cancel-${orderId}`,
      },
      body: JSON.stringify({
        lines: [{ order_line_id: await firstLineId(orderId), quantity: 1 }],
        reason: 'One arrived damaged at our warehouse',
      }),
    });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    const after = (
      (await cancelled.json()) as { order: { totals: { total: number }; cancelled_amount: number } }
    ).order;
    expect(after.cancelled_amount).toBeGreaterThan(0);
    const owed = `$${((after.totals.total - after.cancelled_amount) / 100).toFixed(2)}`;
    await p.reload();
    await hydrated(p);
    await p.getByText('1 cancelled', { exact: true }).waitFor();
    expect(await p.getByTestId('total-after-cancellations').textContent()).toBe(owed);
    await p.getByText('Total after cancellations', { exact: true }).waitFor();
    const cancellations = p.getByRole('region', { name: 'Cancelled items' });
    await cancellations.getByText('Reason: One arrived damaged at our warehouse').waitFor();
    expect(await cancellations.textContent()).toContain(`1 × ${products[3]!.title}`);
    expect(await howToPay.textContent()).toContain(`Please send ${owed} with the reference`);
    // A phone's width: nothing runs off sideways.
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '11d-items-cancelled');

    // Buy again: the unit the shop cancelled does not come back into the cart.
    await p.getByRole('button', { name: 'Buy again' }).click();
    await p.waitForURL(/\/cart$/);
    await p.getByRole('heading', { name: 'Your cart' }).waitFor();
    await expect.poll(() => p.getByTestId('cart-count').textContent(), { timeout: 10_000 }).toBe('1');
  });

  it('the shop refunds a unit the shopper keeps: the order page lists the refund and marks the line', async () => {
    const p = await page();
    const product = products[5] ?? products[1]!;
    await addToCart(p, product);
    // Two of it: the shop will refund one.
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => p.getByTestId('cart-count').textContent(), { timeout: 10_000 }).toBe('2');
    await checkoutDetails(p, 'refunded@example.com');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    const orderId = new URL(p.url()).pathname.split('/').pop()!;
    const shipped = await admin('POST', `/admin/v1/orders/${orderId}/fulfilments`, {});
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);

    // One arrived scratched: the shop refunds it (and a little on top), the shopper keeps it.
    const res = await fetch(`${shop.url}/admin/v1/orders/${orderId}/refunds`, {
      method: 'POST',
      headers: {
        'x-api-key': shop.secretKey,
        'content-type': 'application/json',
        'idempotency-key': `refund-${orderId}`,
      },
      body: JSON.stringify({
        lines: [{ order_line_id: await firstLineId(orderId), quantity: 1 }],
        amount: 100,
        reason: 'Arrived scratched',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const refund = (
      (await res.json()) as {
        refund: {
          display_number: string;
          status: string;
          refunded_amount: number;
          lines: { amount: number }[];
        };
      }
    ).refund;
    expect(refund.status).toBe('refunded');

    await p.reload();
    await hydrated(p);
    const refunds = p.getByRole('region', { name: 'Refunds' });
    await refunds.getByText(`${refund.display_number} · `, { exact: false }).waitFor();
    const text = (await refunds.textContent())!;
    expect(text).toContain(`${usd(refund.refunded_amount)} refunded`);
    expect(text).toContain('Reason: Arrived scratched');
    expect(text).toContain(`1 × ${product.title}`);
    expect(text).toContain(usd(refund.lines[0]!.amount));
    expect(text).toContain(`Additional refund${usd(100)}`);
    expect(text).toContain(`${usd(refund.refunded_amount)} to your card`);
    expect(text).not.toContain('to your gift cards');
    await p.getByTestId('line-refunded').getByText('1 refunded', { exact: true }).waitFor();
    // A phone's width: nothing runs off sideways.
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '11e-refunded');
  });

  /**
   * A draft order the shop prepares through the admin API (one unit of `product`, shipped with the
   * first option) and its payment link, not e-mailed: the storefront path the link opens.
   */
  async function draftWithPayLink(product: ProductSummary, email: string) {
    const variants = await variantsOf(product.handle);
    const created = await admin<{ id: string }>('POST', '/admin/v1/draft-orders', {
      email,
      shipping_address: {
        first_name: 'Lan',
        last_name: 'Pham',
        line1: '1 Market Street',
        city: 'San Francisco',
        region: 'CA',
        postal_code: '94103',
        country: 'US',
      },
      note: 'Gift wrap, please.',
      lines: [{ variant_id: variants.find((v) => v.in_stock)!.id, quantity: 1 }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const draftId = created.body.id;
    const options = await admin<{ data: { id: string; name: string }[] }>(
      'GET',
      `/admin/v1/draft-orders/${draftId}/shipping-options`,
    );
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    const method = options.body.data[0]!;
    const chosen = await admin<{ currency: string; totals: { total: number } }>(
      'PUT',
      `/admin/v1/draft-orders/${draftId}/shipping-method`,
      { method_id: method.id },
    );
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    const total = chosen.body.totals.total;
    const link = await admin<{ url: string; token: string }>(
      'POST',
      `/admin/v1/draft-orders/${draftId}/payment-link`,
      { send_email: false },
    );
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const token = link.body.token;
    // The link is the storefront's page (under the store's storefront URL); the test shop serves it at /.
    const path = `/pay/${draftId}?token=${encodeURIComponent(token)}`;
    expect(link.body.url).toMatch(new RegExp(`/pay/${draftId}\\?token=`));
    return { draftId, token, path, method, total, currency: chosen.body.currency };
  }

  it('a customer pays a draft order through its payment link; an altered link opens nothing', async () => {
    const product = products[6] ?? products[0]!;
    const { draftId, token, path, method, total, currency } = await draftWithPayLink(
      product,
      'draft-customer@example.com',
    );

    const p = await page();
    const money = (amount: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
    // Altered by a character: the page says the link does not work (nothing about the order).
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const served = await p.goto(`/pay/${draftId}?token=${encodeURIComponent(tampered)}`);
    expect(served?.status(), 'the storefront serves /pay/* pages').toBe(200);
    await hydrated(p);
    await p.getByRole('heading', { name: 'This payment link does not work' }).waitFor();
    expect(await p.getByText(product.title).count()).toBe(0);
    await screenshot(p, '11e-pay-link-bad');

    await p.goto(path);
    await hydrated(p);
    expect(await p.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
    await p.getByRole('heading', { level: 1, name: /^Your order from / }).waitFor();
    await p.getByTestId('pay-lines').getByText(product.title).waitFor();
    expect(await p.getByTestId('pay-address').textContent()).toContain('1 Market Street');
    await p.getByText(method.name).first().waitFor();
    expect(await p.getByTestId('pay-note').textContent()).toBe('Gift wrap, please.');
    expect(await p.getByTestId('total').textContent()).toBe(money(total));
    await p.getByRole('button', { name: `Pay ${money(total)}` }).waitFor();
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '11d-pay-link');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_[^?]*\?token=/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    expect(await p.getByText(product.title).count()).toBeGreaterThan(0);
    const orderId = new URL(p.url()).pathname.split('/').pop()!;

    // The link again, once paid: says so, and leads to the order.
    await p.goto(path);
    await hydrated(p);
    await p.getByRole('heading', { name: 'This order has been paid' }).waitFor();
    await screenshot(p, '11f-pay-link-paid');
    await p.getByRole('link', { name: 'View your order' }).click();
    await p.waitForURL(new RegExp(`/orders/${orderId}\\?token=`));
    await p.getByTestId('order-number').waitFor();
    await p.getByText(product.title).first().waitFor();
  });

  it("a draft order's payment link is paid partly with a gift card; one the shop disabled meanwhile is taken off, nothing charged", async () => {
    const { path, total } = await draftWithPayLink(products[8] ?? products[0]!, 'draft-gift@example.com');
    expect(total).toBeGreaterThan(1000);
    // A card worth half the order (the rest by card), and a small one the shop disables meanwhile.
    const half = Math.floor(total / 2);
    const card = await issueGiftCard(half);
    const doomed = await issueGiftCard(100);
    const p = await page();
    await p.goto(path);
    await hydrated(p);
    await p.getByRole('heading', { level: 1, name: /^Your order from / }).waitFor();
    const field = p.getByTestId('gift-cards');
    await applyGiftCard(p, doomed.code);
    await field.getByText(`Gift card ••••${doomed.last} − $1.00`).waitFor();
    await applyGiftCard(p, card.code);
    await field.getByText(`Gift card ••••${card.last} − ${usd(half)}`).waitFor();
    expect(await p.getByTestId('left-to-pay').textContent()).toBe(usd(total - half - 100));
    await p.getByRole('button', { name: `Pay ${usd(total - half - 100)}` }).waitFor();

    // Disabled before the customer pays: refused beside the field, taken off, nothing spent.
    const off = await admin('PATCH', `/admin/v1/gift-cards/${doomed.id}`, { disabled: true });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await pay(p, /approved/);
    await field
      .getByRole('alert')
      .getByText(`Gift card ••••${doomed.last} can no longer be used. It has been taken off this order`)
      .waitFor();
    expect(await field.getByText(`••••${doomed.last} −`).count()).toBe(0);
    await p.getByRole('button', { name: `Pay ${usd(total - half)}` }).waitFor();
    expect(await giftCardBalance(card.id)).toBe(half);
    expect(await giftCardBalance(doomed.id)).toBe(100);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '11g-pay-link-gift-card');

    const [sent] = await Promise.all([
      p.waitForRequest((r) => r.method() === 'POST' && /\/draft-orders\/[^/]+\/complete/.test(r.url())),
      pay(p, /approved/),
    ]);
    expect(sent.postDataJSON()).toMatchObject({
      payment_method: 'tok_visa',
      gift_cards: [card.code],
      expected_total: total,
    });
    await p.waitForURL(/\/orders\/ord_[^?]*\?token=/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const paid = p.getByTestId('order-gift-cards');
    await paid.getByText(`Paid with gift card ••••${card.last}: ${usd(half)}`).waitFor();
    await paid.getByText(`Paid by card: ${usd(total - half)}`).waitFor();
    expect(await giftCardBalance(card.id)).toBe(0);
    expect(await giftCardBalance(doomed.id)).toBe(100);

    // The link again: paid.
    await p.goto(path);
    await hydrated(p);
    await p.getByRole('heading', { name: 'This order has been paid' }).waitFor();
  });

  it('a declined card shows a clear message and the cart survives', async () => {
    const p = await page();
    const product = products[2]!;
    await addToCart(p, product);
    await checkoutDetails(p, 'declined@example.com');
    // A guest is offered no saved cards, nor to keep the card.
    expect(await p.getByTestId('saved-cards').count()).toBe(0);
    expect(await p.getByLabel('Save this card for next time').count()).toBe(0);
    await pay(p, /insufficient funds/);
    const alert = p.getByTestId('checkout-message');
    await alert.getByText(/Your card has insufficient funds\./).waitFor();
    expect(await alert.textContent()).toContain('Your cart is saved');
    await screenshot(p, '12-declined');
    // Still on the checkout with the same cart; another card works.
    await p.goto('/cart');
    await hydrated(p);
    await p.getByText(product.title).first().waitFor();
    expect(await p.getByTestId('cart-count').textContent()).toBe('1');
    await screenshot(p, '13-cart-after-decline');
    await p.getByRole('link', { name: 'Check out' }).click();
    await checkoutDetails(p, 'declined@example.com');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
  });

  it('has no serious or critical accessibility violations on the key pages (axe-core)', async () => {
    const p = await page();
    await addToCart(p, products[3]!);
    const keyPages: [string, string][] = [
      ['home', '/'],
      ['category', '/categories/apparel'],
      ['product', `/products/${products[3]!.handle}`],
      ['search', `/search?q=${encodeURIComponent(products[3]!.title.split(' ').at(-1)!)}`],
      ['cart', '/cart'],
      ['checkout', '/checkout'],
      ['account', '/account'],
    ];
    const found: string[] = [];
    for (const [name, path] of keyPages) {
      await p.goto(path);
      await hydrated(p);
      await p.waitForLoadState('networkidle');
      for (const v of await seriousAxeViolations(p)) {
        found.push(`${name}: ${v.impact} ${v.id} — ${v.help} (${v.targets.join(', ')})`);
      }
      await screenshot(p, `axe-${name}`);
    }
    expect(found).toEqual([]);
  });

  it('a shopper registers, saves to the wish list and an address, orders, sees the order, and resets the password', async () => {
    const p = await page();
    const email = `shopper-${Date.now()}@example.com`;
    await p.goto('/account');
    await hydrated(p);
    // A too-short password is refused with the reason.
    await p.locator('#reg-first').fill('Mai');
    await p.locator('#reg-last').fill('Tran');
    await p.locator('#reg-email').fill(email);
    await p.locator('#reg-password').fill('short');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p
      .getByRole('alert')
      .getByText(/10 characters/)
      .waitFor();
    await p.locator('#reg-first').fill('Mai');
    await p.locator('#reg-last').fill('Tran');
    await p.locator('#reg-password').fill('correct horse battery');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    // Exact: the notice asking to confirm the address names it too.
    await p.getByText(`Mai Tran · ${email}`, { exact: true }).waitFor();

    const product = products[4] ?? products[0]!;
    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    await p.getByRole('button', { name: /Save to wish list/ }).click();
    await p.getByText('Saved to your wish list.').waitFor();
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    // Subscribed in the account: the checkout does not ask again.
    await p.goto('/account');
    await hydrated(p);
    const news = p.getByRole('region', { name: 'Newsletter' });
    await news.getByRole('button', { name: 'Subscribe' }).click();
    await news.getByText(`You get our news and offers by e-mail at ${email}.`).waitFor();
    await p.goto('/checkout');
    await hydrated(p);
    await p.getByText('You get our news and offers by e-mail (change it in your account).').waitFor();
    expect(await p.getByLabel('Send me news and offers').count()).toBe(0);
    await checkoutDetails(p, email);
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

    await p.goto('/account');
    await hydrated(p);
    const orders = p.getByRole('region', { name: 'Orders' });
    await orders.getByRole('link').first().waitFor();
    expect(await orders.textContent()).toMatch(/Confirmed|Pending|Processing/);
    await p
      .getByRole('region', { name: 'Wish list' })
      .getByRole('link', { name: new RegExp(product.title) })
      .waitFor();
    await p.getByRole('button', { name: 'Add address' }).click();
    const book = p.getByRole('region', { name: 'Addresses' });
    await book.getByLabel('First name').fill('Mai');
    await book.getByLabel('Last name').fill('Tran');
    await book.getByLabel('Address', { exact: true }).fill('12 Hang Bac');
    await book.getByLabel('City').fill('Ha Noi');
    await book.getByLabel('Country').selectOption('VN');
    await book.getByLabel('Postal code').fill('1000');
    await book.getByRole('button', { name: 'Save' }).click();
    await book.locator('#book-postal_code-error').waitFor(); // a Vietnamese postcode has 5–6 digits
    await book.getByLabel('Postal code').fill('100000');
    await book.getByRole('button', { name: 'Save' }).click();
    await book.getByText(/12 Hang Bac, Ha Noi 100000 VN/).waitFor();
    await screenshot(p, '15-account');

    // The next checkout starts from the saved (default) address; the cart has the account's e-mail.
    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    await p.goto('/checkout');
    await hydrated(p);
    await expect
      .poll(() => p.getByLabel('Address', { exact: true }).inputValue(), { timeout: 10_000 })
      .toBe('12 Hang Bac');
    expect(await p.getByLabel('Ship to a saved address').inputValue()).toMatch(/^addr_/);
    expect(await p.getByLabel('E-mail').inputValue()).toBe(email);
    await p.getByRole('button', { name: 'Continue to shipping' }).click();
    await p.locator('input[name="shipping"]').first().check();
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const orderId = new URL(p.url()).pathname.split('/').pop()!;

    // The invoice downloads as a PDF.
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Download the invoice (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^invoice-\d+\.pdf$/);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The shop ships it; the shopper sees the parcel and asks to return the item.
    const shipped = await fetch(`${shop.url}/admin/v1/orders/${orderId}/fulfilments`, {
      method: 'POST',
      headers: {
        'x-api-key': shop.secretKey,
        'content-type': 'application/json',
        'idempotency-key': `ship-${orderId}`,
      },
      body: JSON.stringify({ carrier: 'VNPost', tracking_number: 'VN123456' }),
    });
    expect(shipped.status, await shipped.clone().text()).toBe(201);
    await p.reload();
    await hydrated(p);
    await p
      .getByRole('region', { name: 'Shipments' })
      .getByText(/VNPost · tracking VN123456/)
      .waitFor();
    // Shipped: the page is the order's now, not a thank-you.
    await p.getByRole('heading', { level: 1, name: /^Order #\d+$/ }).waitFor();
    await p.getByRole('button', { name: 'Return items' }).click();
    const returns = p.getByRole('region', { name: 'Returns' });
    await returns.getByRole('button', { name: 'Ask for the return' }).click();
    await returns.getByRole('alert').getByText('Choose how many of an item to return.').waitFor();
    await returns.getByRole('spinbutton').first().fill('1');
    await returns.getByLabel(/Why are they coming back/).fill('Too small');
    await returns.getByRole('button', { name: 'Ask for the return' }).click();
    await returns
      .getByRole('status')
      .getByText(/Return #\d+-R1 requested/)
      .waitFor();
    await returns.getByText(/#\d+-R1 — Requested/).waitFor();
    await expect(returns.getByRole('button', { name: 'Return items' }).count()).resolves.toBe(0);
    await screenshot(p, '16-order-return');

    // The shop refunds part of the order: the page lists its credit note, a PDF through the account.
    const note = await refundPart(orderId, 300);
    await p.reload();
    await hydrated(p);
    await downloadCreditNote(p, note);
    await screenshot(p, '16b-order-credit-note');

    // The shop takes the item back and refunds it as store credit: the page says a gift card was e-mailed.
    const withReturn = await admin<{ returns: { id: string }[] }>('GET', `/admin/v1/orders/${orderId}`);
    const returnId = withReturn.body.returns[0]!.id;
    expect((await admin('POST', `/admin/v1/returns/${returnId}/approve`, {})).status).toBe(200);
    expect((await admin('POST', `/admin/v1/returns/${returnId}/receive`, {})).status).toBe(200);
    const credited = await admin<{ refunded_amount: number; store_credit_gift_card_id: string | null }>(
      'POST',
      `/admin/v1/returns/${returnId}/refund`,
      { to: 'store_credit' },
    );
    expect(credited.status, JSON.stringify(credited.body)).toBe(200);
    expect(credited.body.store_credit_gift_card_id).toMatch(/^gc_/);
    const worth = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      credited.body.refunded_amount / 100,
    );
    await p.reload();
    await hydrated(p);
    await returns
      .getByRole('listitem')
      .filter({ hasText: `R1 — Refunded as store credit: a gift card of ${worth} was e-mailed to you.` })
      .waitFor();
    await waitForMail(shop, { to: email, subject: /Store credit/ }, 20_000);

    await p.goto('/account');
    await hydrated(p);

    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('button', { name: 'Send reset link' }).waitFor();
    await p.locator('#forgot-email').fill(email);
    await p.getByRole('button', { name: 'Send reset link' }).click();
    await p.getByText(`If an account exists for ${email}`).waitFor();
    const mail = await waitForMail(shop, { to: email, subject: /reset/i }, 10_000);
    const token = /\/account\/reset-password\?token=(\S+)/.exec(mail.text ?? '')![1]!;
    await p.goto(`/account/reset-password?token=${token}`);
    await hydrated(p);
    await p.locator('#reset-password').fill('a new long password');
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByText('Your password was changed.').waitFor();
    await p.goto('/account');
    await hydrated(p);
    await p.locator('#login-email').fill(email);
    await p.locator('#login-password').fill('correct horse battery');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').waitFor(); // the old password no longer works
    await p.locator('#login-password').fill('a new long password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('a customer the shop added accepts the e-mailed invitation, chooses a password and is signed in; the link works once', async () => {
    const email = `invited-${Date.now()}@example.com`;
    const created = await admin<{ id: string; account_invitation: { expires_at: string } | null }>(
      'POST',
      '/admin/v1/customers',
      { email, first_name: 'Hoa', last_name: 'Pham', send_invite: true },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.account_invitation).not.toBeNull();

    const mail = await waitForMail(shop, { to: email, subject: /Create your .* account/ }, 10_000);
    const link = new URL(/\S+\/account\/activate\?token=\S+/.exec(mail.text ?? '')![0]);
    expect(mail.text).toContain(`Invitation code: ${link.searchParams.get('token')}`);

    // Rendered on the server, kept out of search engines.
    const html = await (await fetch(`${shop.url}${link.pathname}${link.search}`)).text();
    expect(html).toContain('<title>Create your account | ');
    expect(html).toContain('<meta name="robots" content="noindex" />');
    expect(html).toMatch(/<h1[^>]*>Create your account<\/h1>/);
    expect(html).toContain('id="activate-password"');
    const noToken = await (await fetch(`${shop.url}/account/activate`)).text();
    expect(noToken).toContain('This invitation link is not valid or was already used.');

    const p = await page();
    await p.goto(link.pathname + link.search);
    await hydrated(p);
    await p.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await p.getByText(/Choose a password to open your account at /).waitFor();
    await screenshot(p, '19-activate');
    // The same rules as registering: a short password is refused with the reason, the link still good.
    await p.locator('#activate-password').fill('short');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p
      .getByRole('alert')
      .getByText(/10 characters/)
      .waitFor();
    await p.locator('#activate-password').fill('invited and chosen');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.waitForURL(/\/account$/);
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    await p.getByText(`Hoa Pham · ${email}`).waitFor();
    await p.getByRole('region', { name: 'Orders' }).getByText('No orders yet.').waitFor();
    await screenshot(p, '19b-activated-account');

    // The link is spent: opening it again says so, and where to sign in instead.
    await p.goto(link.pathname + link.search);
    await hydrated(p);
    await p.locator('#activate-password').fill('another long password');
    await p.getByRole('button', { name: 'Create account' }).click();
    const refusal = p.getByRole('alert');
    await refusal.getByText('This invitation link is not valid or was already used.').waitFor();
    await refusal.getByRole('link', { name: 'Sign in or reset your password' }).waitFor();
    await expect(p.locator('#activate-password').count()).resolves.toBe(0);
    await screenshot(p, '19c-activate-used');

    // The password chosen is the account's.
    const login = await fetch(`${shop.url}/store/v1/customers/login`, {
      method: 'POST',
      headers: { 'x-publishable-key': shop.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'invited and chosen' }),
    });
    expect(login.status).toBe(200);
  });

  it('a shopper who ordered as a guest registers, confirms the e-mailed link, and the guest order joins the account', async () => {
    const email = `verify-${Date.now()}@example.com`;
    const p = await page();
    // A guest order first, with the address the account will have.
    await addToCart(p, products[1]!);
    await checkoutDetails(p, email);
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const guestOrder = new URL(p.url()).pathname.split('/').pop()!;

    await p.goto('/account');
    await hydrated(p);
    await p.locator('#reg-first').fill('Lan');
    await p.locator('#reg-last').fill('Vo');
    await p.locator('#reg-email').fill(email);
    await p.locator('#reg-password').fill('correct horse battery');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    // Not proved yet: the notice says so, and the guest order is not in the account.
    const notice = p.getByRole('note', { name: 'Confirm your e-mail address' });
    await notice.getByText(`we sent a link to ${email}`).waitFor();
    await p.getByRole('region', { name: 'Orders' }).getByText('No orders yet.').waitFor();
    await screenshot(p, '21-account-unverified');
    const linkIn = (m: CapturedMail) => new URL(/\S+\/account\/verify-email\?token=\S+/.exec(m.text)![0]);
    const subject = /Confirm your e-mail address for /;
    const first = linkIn(await waitForMail(shop, { to: email, subject }, 10_000));
    // Sent again: the newer link is the one that works.
    await notice.getByRole('button', { name: 'Send the link again' }).click();
    await notice.getByRole('status').getByText('Sent — check your inbox.').waitFor();
    const sent = () => capturedMail(shop).filter((m) => m.to.includes(email) && subject.test(m.subject));
    await expect.poll(() => sent().length, { timeout: 10_000 }).toBe(2);
    const link = linkIn(sent()[0]!); // newest first
    expect(link.href).not.toBe(first.href);

    // Rendered on the server, kept out of search engines; the token is spent in the browser only.
    const html = await (await fetch(`${shop.url}${link.pathname}${link.search}`)).text();
    expect(html).toContain('<title>Confirm your e-mail address | ');
    expect(html).toContain('<meta name="robots" content="noindex" />');

    await p.goto(first.pathname + first.search);
    await hydrated(p);
    await p.getByRole('alert').getByText('This link is not valid or was already used.').waitFor();
    await p.goto(link.pathname + link.search);
    await hydrated(p);
    const done = p.getByRole('status').getByText(/Your e-mail address is confirmed/);
    await done.waitFor();
    await screenshot(p, '21b-email-verified');
    await p.getByRole('link', { name: 'Go to your account' }).click();
    await p.waitForURL(/\/account$/);
    const orders = p.getByRole('region', { name: 'Orders' });
    await orders.getByRole('link').first().waitFor({ timeout: 10_000 });
    expect(await orders.getByRole('link').first().getAttribute('href')).toContain(guestOrder);
    await expect(p.getByRole('note', { name: 'Confirm your e-mail address' }).count()).resolves.toBe(0);

    // The link is spent: opening it again says so.
    await p.goto(link.pathname + link.search);
    await hydrated(p);
    await p.getByRole('alert').getByText('This link is not valid or was already used.').waitFor();
  });

  /** Register in the account page (signed out), and wait until signed in. */
  async function register(p: Page, email: string, first: string, last: string) {
    await p.goto('/account');
    await hydrated(p);
    await p.locator('#reg-first').fill(first);
    await p.locator('#reg-last').fill(last);
    await p.locator('#reg-email').fill(email);
    await p.locator('#reg-password').fill('correct horse battery');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  it('a guest ticks "Send me news and offers" at checkout; registered with that address, the account shows it, unsubscribes and subscribes', async () => {
    const email = `news-${Date.now()}@example.com`;
    const p = await page();
    await addToCart(p, products[2]!);
    await p.goto('/checkout');
    await hydrated(p);
    expect(await p.getByLabel('Send me news and offers').isChecked()).toBe(false);
    await checkoutDetails(p, email, { newsletter: true });
    // Saved with the cart's details, and ticked again when the checkout is opened again.
    const cartId = await p.evaluate(
      () => (JSON.parse(localStorage.getItem('carton.shopper') ?? '{}') as { cartId: string }).cartId,
    );
    const cart = await fetch(`${shop.url}/store/v1/carts/${cartId}`, {
      headers: { 'x-publishable-key': shop.publishableKey },
    });
    expect(((await cart.json()) as { marketing_opt_in: boolean }).marketing_opt_in).toBe(true);
    await p.reload();
    await hydrated(p);
    const box = p.getByLabel('Send me news and offers');
    await expect.poll(() => box.isChecked(), { timeout: 10_000 }).toBe(true);
    await screenshot(p, '22-checkout-newsletter');

    // The consent was the address's: the account registered with it has it.
    await register(p, email, 'Thu', 'Le');
    const news = p.getByRole('region', { name: 'Newsletter' });
    const subscribed = news.getByText(`You get our news and offers by e-mail at ${email}.`);
    await subscribed.waitFor();
    await screenshot(p, '22b-account-newsletter');
    await news.getByRole('button', { name: 'Unsubscribe' }).click();
    await news.getByText('You are not subscribed to our news and offers.').waitFor();
    // Withdrawn for real: a fresh look says the same.
    await p.reload();
    await hydrated(p);
    await news.getByText('You are not subscribed to our news and offers.').waitFor();
    // Without double opt-in a subscription counts at once.
    await news.getByRole('button', { name: 'Subscribe' }).click();
    await subscribed.waitFor();
  });

  it('double opt-in: subscribing e-mails a link whose page confirms only when asked; withdrawn, expired and forged links say so', async () => {
    const doubleOptIn = async (on: boolean) => {
      const res = await admin<{ double_opt_in: boolean }>('PATCH', '/admin/v1/marketing-consents/settings', {
        double_opt_in: on,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.double_opt_in).toBe(on);
    };
    await doubleOptIn(true);
    try {
      const email = `optin-${Date.now()}@example.com`;
      const p = await page();
      await register(p, email, 'Quang', 'Do');
      const news = p.getByRole('region', { name: 'Newsletter' });
      await news.getByText('You are not subscribed to our news and offers.').waitFor();
      await news.getByRole('button', { name: 'Subscribe' }).click();
      const today = new Date().toLocaleDateString('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      });
      const awaiting = news.getByText(
        `Check your inbox: we sent a link to ${email} to confirm your subscription (asked on ${today}).`,
      );
      await awaiting.waitFor();
      await screenshot(p, '23-account-newsletter-awaiting');

      const subject = /^Confirm your subscription to /;
      const linkIn = (m: CapturedMail) => new URL(/\S+\/newsletter\/confirm\?token=\S+/.exec(m.text)![0]);
      const sent = () => capturedMail(shop).filter((m) => m.to.includes(email) && subject.test(m.subject));
      const link = linkIn(await waitForMail(shop, { to: email, subject }, 15_000));
      const path = link.pathname + link.search;

      // Opening the link (as a mail scanner does) renders the page on the server and confirms nothing.
      const html = await (await fetch(`${shop.url}${path}`)).text();
      expect(html).toContain('<title>Confirm your subscription | ');
      expect(html).toContain('<meta name="robots" content="noindex" />');
      expect(html).toMatch(/<h1[^>]*>Confirm your subscription<\/h1>/);
      expect(html).toMatch(/<button[^>]*>Confirm subscription<\/button>/);
      const vi = await (await fetch(`${shop.url}${path}`, { headers: { cookie: 'lang=vi' } })).text();
      expect(vi).toMatch(/<h1[^>]*>Xác nhận đăng ký nhận tin<\/h1>/);
      const noToken = await (await fetch(`${shop.url}/newsletter/confirm`)).text();
      expect(noToken).toContain('This confirmation link is not valid.');
      await p.reload();
      await hydrated(p);
      await awaiting.waitFor();

      // Asked again: the same link comes again.
      await news.getByRole('button', { name: 'Send the link again' }).click();
      await news.getByText('Sent — check your inbox.').waitFor();
      await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(2);
      expect(linkIn(sent()[0]!).href).toBe(link.href);

      // The shopper presses the button: subscribed.
      await p.goto(path);
      await hydrated(p);
      await p.getByText(/^Confirm that you would like news and offers from /).waitFor();
      expect(await seriousAxeViolations(p)).toEqual([]);
      await screenshot(p, '23b-newsletter-confirm');
      await p.getByRole('button', { name: 'Confirm subscription' }).click();
      await p
        .getByRole('status')
        .getByText(/^You're subscribed to news and offers from .+\. Thank you!$/)
        .waitFor();
      await screenshot(p, '23c-newsletter-confirmed');
      await p.goto('/account');
      await hydrated(p);
      await news.getByText(`You get our news and offers by e-mail at ${email}.`).waitFor();

      // Unsubscribed since: the used link subscribes nobody again.
      await news.getByRole('button', { name: 'Unsubscribe' }).click();
      await news.getByText('You are not subscribed to our news and offers.').waitFor();
      const expired = /^This link has expired, or the subscription was withdrawn since\./;
      await p.goto(path);
      await hydrated(p);
      await p.getByRole('button', { name: 'Confirm subscription' }).click();
      await p.getByRole('alert').getByText(expired).waitFor();

      // A new request withdrawn before its link is used: the link has run out (410).
      await p.goto('/account');
      await hydrated(p);
      await news.getByRole('button', { name: 'Subscribe' }).click();
      await awaiting.waitFor();
      await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(3);
      const second = linkIn(sent()[0]!);
      expect(second.href).not.toBe(link.href);
      await news.getByRole('button', { name: 'Unsubscribe' }).click();
      await news.getByText('You are not subscribed to our news and offers.').waitFor();
      await p.goto(second.pathname + second.search);
      await hydrated(p);
      await p.getByRole('button', { name: 'Confirm subscription' }).click();
      await p.getByRole('alert').getByText(expired).waitFor();
      await p.getByRole('alert').getByRole('link', { name: 'Go to your account' }).waitFor();
      await screenshot(p, '23d-newsletter-link-expired');

      // A link whose signature was altered is not the shop's (401).
      const token = second.searchParams.get('token')!;
      const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      await p.goto(`/newsletter/confirm?token=${encodeURIComponent(forged)}`);
      await hydrated(p);
      await p.getByRole('button', { name: 'Confirm subscription' }).click();
      await p
        .getByRole('alert')
        .getByText('This confirmation link is not valid.', { exact: false })
        .waitFor();
      await p.goto('/account');
      await hydrated(p);
      await news.getByText('You are not subscribed to our news and offers.').waitFor();
    } finally {
      // Other tests subscribe without a confirmation.
      await doubleOptIn(false);
    }
  });

  it("a wholesale customer sees their group's price on the product page, and their cart takes it, tax exempt", async () => {
    const email = `trade-${Date.now()}@example.com`;
    const registered = await fetch(`${shop.url}/store/v1/customers/register`, {
      method: 'POST',
      headers: { 'x-publishable-key': shop.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', first_name: 'Bao' }),
    });
    const customerId = ((await registered.json()) as { customer: { id: string } }).customer.id;
    const group = await admin<{ id: string }>('POST', '/admin/v1/customer-groups', {
      name: `Trade ${Date.now()}`,
    });
    expect(group.status).toBe(201);
    await admin('POST', `/admin/v1/customer-groups/${group.body.id}/customers`, {
      customer_ids: [customerId],
    });
    // A trade buyer with a resale certificate: their cart carries no tax.
    const exemption = await admin('PUT', `/admin/v1/customers/${customerId}/tax-exemption`, {
      exempt: true,
      reference: 'RESALE-CA-0042',
    });
    expect(exemption.status, JSON.stringify(exemption.body)).toBe(200);
    const product = products[5] ?? products[1]!;
    const variants = await variantsOf(product.handle);
    const variant = variants.find((v) => v.in_stock)!;
    const tradeAmount = Math.floor(variant.price.amount / 2);
    const list = await admin<{ id: string }>('POST', '/admin/v1/price-lists', {
      name: 'Trade prices',
      priority: 10,
      customer_group_ids: [group.body.id],
    });
    expect(list.status).toBe(201);
    await admin('POST', `/admin/v1/price-lists/${list.body.id}/entries`, {
      entries: variants.map((v) => ({
        variant_id: v.id,
        currency: variant.price.currency,
        amount: tradeAmount,
      })),
    });
    const money = (amount: number) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: variant.price.currency }).format(
        amount / 100,
      );

    const p = await page();
    // Signed out: the public price, nothing more.
    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    await p.getByTestId('price').getByText(money(variant.price.amount)).waitFor();
    expect(await p.getByTestId('your-price').count()).toBe(0);

    await p.goto('/account');
    await hydrated(p);
    await p.locator('#login-email').fill(email);
    await p.locator('#login-password').fill('correct horse battery');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    // Their account says they buy without tax, on what.
    await p.getByRole('note').getByText('Your purchases are tax exempt.').waitFor();
    await p.getByRole('note').getByText('Certificate: RESALE-CA-0042', { exact: false }).waitFor();

    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    const price = p.getByTestId('price');
    await price.getByTestId('your-price').waitFor();
    await price.getByText(money(tradeAmount)).waitFor();
    expect(await price.locator('s').textContent()).toBe(money(variant.price.amount)); // the public price
    await screenshot(p, '17-your-price');
    // Listings too: the product's card in search results shows their price.
    await p.goto(`/search?q=${encodeURIComponent(product.title)}`);
    await hydrated(p);
    const card = p.getByRole('listitem').filter({ hasText: product.title }).first();
    await card.getByTestId('your-price').waitFor();
    await card.getByText(money(tradeAmount)).waitFor();
    await screenshot(p, '17b-your-price-listing');
    await p.goto(`/products/${product.handle}`);
    await hydrated(p);
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    await p.goto('/cart');
    await hydrated(p);
    await p.getByText(money(tradeAmount)).first().waitFor();
    // Their checkout's summary, once it has an address to tax: tax exempt, and no tax line.
    await checkoutDetails(p, email);
    const totals = p.getByTestId('totals');
    await totals.getByText('Tax exempt', { exact: true }).waitFor();
    expect(await totals.getByText('Tax', { exact: true }).count()).toBe(0);
    await screenshot(p, '17c-checkout-tax-exempt');
  });

  it('a shopper chooses to pick up at the shop: the checkout and the order page say where, and when it is ready', async () => {
    const product = products[7] ?? products[1]!;
    // The shop on Congress Avenue, with the product on its shelf.
    const instructions = 'Open 9–18, Monday to Saturday. Bring your order number.';
    const method = await openPickupShop(product, {
      shop: 'Congress Ave shop',
      line1: '500 Congress Ave',
      postalCode: '78701',
      method: { name: 'Pick up in store', instructions },
    });
    try {
      const p = await page();
      await addToCart(p, product);
      await p.goto('/checkout');
      await hydrated(p);
      await p.getByLabel('E-mail').fill('collect@example.com');
      await p.getByLabel('First name').fill('Linh');
      await p.getByLabel('Last name').fill('Nguyen');
      await p.getByLabel('Address', { exact: true }).fill('1 Market Street');
      await p.getByLabel('City').fill('San Francisco');
      await p.getByLabel('State / province').fill('CA');
      await p.getByLabel('Postal code').fill('94103');
      await p.getByRole('button', { name: 'Continue to shipping' }).click();
      const option = p.getByRole('radio', { name: /Pick up at Congress Ave shop/ });
      await option.waitFor();
      const offered = p.getByTestId('pickup-option');
      expect(await offered.textContent()).toContain('500 Congress Ave, Austin TX 78701, US');
      expect(await offered.textContent()).toContain(instructions);
      await option.check();
      await p.getByRole('button', { name: /^Pay / }).waitFor();
      // The summary says where, not where to ship.
      await p.getByTestId('pickup-summary').getByText('Pick up at Congress Ave shop').waitFor();
      await p.getByTestId('totals').getByText('Pick up at Congress Ave shop').waitFor();
      expect(await p.getByText('1 Market Street', { exact: false }).count()).toBe(0);
      expect(
        await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
      ).toBeLessThanOrEqual(0);
      await screenshot(p, '18-checkout-pickup');
      await pay(p, /approved/);
      await p.waitForURL(/\/orders\/ord_/);
      await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
      const where = p.getByTestId('order-pickup');
      expect(await where.textContent()).toContain('Congress Ave shop');
      expect(await where.textContent()).toContain('500 Congress Ave');
      expect(await where.textContent()).toContain(instructions);
      await p.getByText('Pick up at', { exact: true }).waitFor();
      expect(await p.getByText('Ship to', { exact: true }).count()).toBe(0);
      expect(
        await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
      ).toBeLessThanOrEqual(0);
      await screenshot(p, '18b-order-pickup');

      // The shop has it ready, then the shopper collects it: the page says so in those words.
      const orderId = new URL(p.url()).pathname.split('/').pop()!;
      const ready = await fetch(`${shop.url}/admin/v1/orders/${orderId}/fulfilments`, {
        method: 'POST',
        headers: {
          'x-api-key': shop.secretKey,
          'content-type': 'application/json',
          'idempotency-key': `ready-${orderId}`,
        },
        body: JSON.stringify({}),
      });
      expect(ready.status, await ready.clone().text()).toBe(201);
      await p.reload();
      await hydrated(p);
      expect(await p.getByTestId('order-status').textContent()).toBe('Ready for pickup');
      await p
        .getByRole('region', { name: 'Pickup' })
        .getByText(/^Ready for pickup /)
        .waitFor();
      const collected = await admin('POST', `/admin/v1/orders/${orderId}/deliver`);
      expect(collected.status, JSON.stringify(collected.body)).toBe(200);
      await p.reload();
      await hydrated(p);
      expect(await p.getByTestId('order-status').textContent()).toBe('Picked up');
      await p
        .getByRole('region', { name: 'Pickup' })
        .getByText(/picked up /)
        .waitFor();
      await screenshot(p, '18c-order-picked-up');
    } finally {
      // Free and cheapest: other tests choose the first option offered, so it does not stay.
      const removed = await admin('DELETE', `/admin/v1/shipping/methods/${method.methodId}`);
      expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    }
  });

  it('a guest picks up in store without a shipping address: e-mail and billing name only, the shop chosen, paid, and the order kept in that name', async () => {
    const product = products[9] ?? products[0]!;
    // The shop on Riverside Drive, with the product on its shelf; its pickup method lives in a zone
    // like any method, but a cart without an address is offered it whatever the zone.
    const instructions = 'Open 10–19 every day. Ask at the counter.';
    const method = await openPickupShop(product, {
      shop: 'Riverside shop',
      line1: '200 Riverside Dr',
      postalCode: '78704',
      method: {
        name: 'Collect at Riverside',
        instructions,
        delivery_estimate: { min_days: 0, max_days: 1 },
      },
    });
    try {
      const p = await page();
      await addToCart(p, product);
      await p.goto('/checkout');
      await hydrated(p);
      // The choice up front, shipping first; the arrow keys move within it as in any radio group.
      const ship = p.getByRole('radio', { name: 'Ship to me' });
      const collect = p.getByRole('radio', { name: 'Pick up in store' });
      await collect.waitFor();
      expect(await ship.isChecked()).toBe(true);
      await ship.focus();
      await p.keyboard.press('ArrowDown');
      await expect.poll(() => collect.isChecked()).toBe(true);
      // No shipping address: the shopper's name and billing address instead.
      await p.getByRole('heading', { name: 'Billing address', exact: true }).waitFor();
      expect(await p.getByRole('heading', { name: 'Shipping address' }).count()).toBe(0);
      await p.waitForLoadState('networkidle');
      expect(await seriousAxeViolations(p)).toEqual([]);
      await screenshot(p, '19-checkout-collect-details');

      await p.getByLabel('E-mail').fill('collector@example.com');
      await p.getByLabel('First name').fill('Mai');
      await p.getByLabel('Last name').fill('Tran');
      await p.getByLabel('Address', { exact: true }).fill('12 Oak Street');
      await p.getByLabel('City').fill('Portland');
      await p.getByLabel('State / province').fill('OR');
      await p.getByLabel('Postal code').fill('97205');
      await p.getByLabel('Phone (optional)').fill('503 555 0100');
      await p.getByRole('button', { name: 'Continue to pickup' }).click();

      // Only pickup points are offered: where, when it is ready, what the shop says, the price.
      const option = p.getByRole('radio', { name: /Pick up at Riverside shop/ });
      await option.waitFor();
      await p.getByRole('heading', { name: 'Where to pick up' }).waitFor();
      expect(await p.locator('input[name="shipping"]').count()).toBe(
        await p.getByTestId('pickup-option').count(),
      );
      const offered = p.getByTestId('pickup-option').filter({ hasText: 'Riverside shop' });
      expect(await offered.textContent()).toContain('200 Riverside Dr, Austin TX 78704, US');
      expect(await offered.textContent()).toContain('Ready by the next business day');
      expect(await offered.textContent()).toContain(instructions);
      await p.locator('label').filter({ has: option }).getByText('Free', { exact: true }).waitFor();
      await option.check();
      await p.getByRole('button', { name: /^Pay / }).waitFor();
      await p.getByTestId('pickup-summary').getByText('Pick up at Riverside shop').waitFor();
      expect(await p.getByText('12 Oak Street', { exact: false }).count()).toBe(0);
      expect(
        await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
      ).toBeLessThanOrEqual(0);
      await p.waitForLoadState('networkidle');
      expect(await seriousAxeViolations(p)).toEqual([]);
      await screenshot(p, '19b-checkout-collect-payment');

      // Changed their mind: shipped instead, the shop the cart kept is not taken as chosen (nothing
      // checked, nothing to pay yet); collecting after all, the same form is the billing address.
      await p.getByRole('button', { name: 'Edit', exact: true }).click();
      await ship.check();
      await p.getByRole('heading', { name: 'Billing address', exact: true }).waitFor({ state: 'detached' });
      expect(await p.getByLabel('Address', { exact: true }).inputValue()).toBe('12 Oak Street');
      await p.getByRole('button', { name: 'Continue to shipping' }).click();
      await p.getByRole('heading', { name: 'Shipping method' }).waitFor();
      await p.locator('input[name="shipping"]').first().waitFor();
      expect(await p.locator('input[name="shipping"]:checked').count()).toBe(0);
      expect(await p.getByRole('button', { name: /^Pay / }).count()).toBe(0);
      expect(await p.getByTestId('pickup-summary').count()).toBe(0);
      await p.getByRole('button', { name: 'Edit', exact: true }).click();
      await collect.check();
      await p.getByRole('button', { name: 'Continue to pickup' }).click();
      await option.check();
      await p.getByRole('button', { name: /^Pay / }).waitFor();

      await pay(p, /approved/);
      await p.waitForURL(/\/orders\/ord_/);
      await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
      const where = p.getByTestId('order-pickup');
      expect(await where.textContent()).toContain('Riverside shop');
      expect(await where.textContent()).toContain('200 Riverside Dr');
      expect(await where.textContent()).toContain(instructions);
      expect(await p.getByTestId('order-collector').textContent()).toBe('In the name of Mai Tran');
      await p.getByText('Pick up at', { exact: true }).waitFor();
      expect(await p.getByText('Ship to', { exact: true }).count()).toBe(0);
      await screenshot(p, '19c-order-collect');

      // The order: collected at the shop (its address the shipping address), in the billing name.
      const order = await orderOnPage<{
        shipping: { pickup: { location_id: string; name: string } | null } | null;
        shipping_address: Record<string, string | undefined>;
        billing_address: Record<string, string | undefined> | null;
      }>(p);
      expect(order.status, JSON.stringify(order.body)).toBe(200);
      expect(order.body.shipping?.pickup).toMatchObject({
        location_id: method.locationId,
        name: 'Riverside shop',
      });
      expect(order.body.shipping_address).toMatchObject({
        first_name: 'Mai',
        last_name: 'Tran',
        line1: '200 Riverside Dr',
        city: 'Austin',
        phone: '503 555 0100',
      });
      expect(order.body.billing_address).toMatchObject({ first_name: 'Mai', line1: '12 Oak Street' });
    } finally {
      // Free and cheapest: other tests choose the first option offered, so it does not stay.
      const removed = await admin('DELETE', `/admin/v1/shipping/methods/${method.methodId}`);
      expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    }
  });

  it('the return window: a guest asks within it; once it has passed, or the shop takes returns itself, there is no form', async () => {
    const p = await page();
    await addToCart(p, products[6] ?? products[2]!);
    await checkoutDetails(p, 'returns@example.com');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_[^?]*\?token=/, { timeout: 30_000 });
    const link = new URL(p.url());
    const orderId = link.pathname.split('/').pop()!;
    const shipped = await admin('POST', `/admin/v1/orders/${orderId}/fulfilments`, {});
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
    const res = await fetch(`${shop.url}/store/v1/orders/${orderId}${link.search}`, {
      headers: { 'x-publishable-key': shop.publishableKey },
    });
    const until = ((await res.json()) as { returnable_until: string | null }).returnable_until!;
    // The store's default window: 30 days from the shipment.
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const day = (iso: string) =>
      new Date(iso).toLocaleDateString('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      });

    // The shop refunds a little of it (a guest's credit note: through the order's link).
    const note = await refundPart(orderId, 200);

    // Within the window: the last day, and the form (a guest, through the order's link).
    await p.reload();
    await hydrated(p);
    await downloadCreditNote(p, note);
    const returns = p.getByRole('region', { name: 'Returns' });
    await returns.getByText(`You can ask for a return until ${day(until)}.`, { exact: true }).waitFor();
    await returns.getByRole('button', { name: 'Return items' }).click();
    await returns.getByRole('spinbutton').first().waitFor();
    await screenshot(p, '20-return-window-open');

    // A month and more later (the browser's clock moved on): the day it ended, no form.
    const later = await page();
    await later.clock.setFixedTime(new Date(Date.parse(until) + 86_400_000));
    await later.goto(`${link.pathname}${link.search}`);
    await hydrated(later);
    const laterReturns = later.getByRole('region', { name: 'Returns' });
    await laterReturns
      .getByText(`The time to ask for a return ended on ${day(until)}. Contact the shop.`, { exact: true })
      .waitFor();
    expect(await laterReturns.getByRole('button', { name: 'Return items' }).count()).toBe(0);
    await screenshot(later, '20b-return-window-closed');

    try {
      // The shop now takes returns only through its staff, while the form is open: the request is refused in its words.
      const policy = await admin<{ return_window_days: number }>('PATCH', '/admin/v1/order-settings', {
        return_window_days: 0,
      });
      expect(policy.status, JSON.stringify(policy.body)).toBe(200);
      expect(policy.body.return_window_days).toBe(0);
      await returns.getByRole('spinbutton').first().fill('1');
      await returns.getByRole('button', { name: 'Ask for the return' }).click();
      await returns
        .getByRole('alert')
        .getByText('This shop takes returns through its staff; contact the shop.', { exact: true })
        .waitFor();
      expect(await returns.getByRole('button', { name: 'Ask for the return' }).count()).toBe(0);
      expect(await returns.getByRole('button', { name: 'Return items' }).count()).toBe(0);

      await p.reload();
      await hydrated(p);
      await returns.getByText('Returns are arranged by the shop — contact them.', { exact: true }).waitFor();
      expect(await returns.getByRole('button', { name: 'Return items' }).count()).toBe(0);
      expect(await returns.getByRole('spinbutton').count()).toBe(0);
      await screenshot(p, '20c-returns-by-shop');
    } finally {
      // Other tests ask for returns within the store's default window.
      const restored = await admin('PATCH', '/admin/v1/order-settings', { return_window_days: 30 });
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    }
  });

  /** A gift card the shop issues through the admin API: its whole code (shown this once) and its id. */
  async function issueGiftCard(
    value: number,
    more: { customer_id?: string; expires_at?: string } = {},
  ): Promise<{ id: string; code: string; last: string }> {
    const issued = await admin<{ id: string; code: string; last_characters: string }>(
      'POST',
      '/admin/v1/gift-cards',
      { currency: 'USD', value, note: 'browser test', ...more },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return { id: issued.body.id, code: issued.body.code, last: issued.body.last_characters };
  }

  async function giftCardBalance(id: string): Promise<number> {
    const card = await admin<{ balance: number }>('GET', `/admin/v1/gift-cards/${id}`);
    expect(card.status, JSON.stringify(card.body)).toBe(200);
    return card.body.balance;
  }

  const usd = (cents: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
  /** The checkout's total, in cents. */
  const totalOf = async (p: Page) =>
    Math.round(Number((await p.getByTestId('total').textContent())!.replace(/[^\d.]/g, '')) * 100);

  async function applyGiftCard(p: Page, code: string) {
    await p.getByLabel('Gift card code').fill(code);
    await p.getByRole('button', { name: 'Apply gift card' }).click();
  }

  it('a guest pays part with a gift card and the rest by card; the order page shows both', async () => {
    const card = await issueGiftCard(1000);
    const disabled = await issueGiftCard(2000);
    const off = await admin('PATCH', `/admin/v1/gift-cards/${disabled.id}`, { disabled: true });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const p = await page();
    await addToCart(p, products[5] ?? products[0]!);
    await checkoutDetails(p, 'gift-part@example.com');
    const total = await totalOf(p);
    expect(total).toBeGreaterThan(1000);
    const field = p.getByTestId('gift-cards');

    // Refused in the page: an unknown code, a disabled card, the same card twice.
    await applyGiftCard(p, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await field.getByRole('alert').getByText('No gift card has this code; check it and try again.').waitFor();
    await applyGiftCard(p, disabled.code);
    await field
      .getByRole('alert')
      .getByText(`Gift card ••••${disabled.last} can no longer be used.`)
      .waitFor();
    // Typed in lower case with spaces: the same card.
    await applyGiftCard(p, card.code.toLowerCase().replaceAll('-', ' '));
    await field.getByText(`Gift card ••••${card.last} − $10.00`).waitFor();
    expect(await p.getByLabel('Gift card code').inputValue()).toBe('');
    expect(await p.getByTestId('left-to-pay').textContent()).toBe(usd(total - 1000));
    await applyGiftCard(p, card.code);
    await field.getByRole('alert').getByText('This gift card is already applied.').waitFor();
    // Taken off, the card pays nothing; applied again (with the keyboard's Enter), it pays again.
    await p.getByRole('button', { name: `Remove gift card ••••${card.last}` }).click();
    await p.getByRole('button', { name: `Pay ${usd(total)}` }).waitFor();
    expect(await p.getByTestId('left-to-pay').count()).toBe(0);
    await p.getByLabel('Gift card code').fill(card.code);
    await p.getByLabel('Gift card code').press('Enter');
    await field.getByText(`Gift card ••••${card.last} − $10.00`).waitFor();
    await p.getByRole('button', { name: `Pay ${usd(total - 1000)}` }).waitFor();
    // The codes are secrets: never in the page's address or the browser's storage.
    expect(p.url()).not.toContain(card.code);
    const stored = await p.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)');
    expect(String(stored).toUpperCase()).not.toContain(card.code.replaceAll('-', ''));
    expect(String(stored)).not.toContain(card.code);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '30-gift-card-applied');

    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const paid = p.getByTestId('order-gift-cards');
    await paid.getByText(`Paid with gift card ••••${card.last}: $10.00`).waitFor();
    await paid.getByText(`Paid by card: ${usd(total - 1000)}`).waitFor();
    await screenshot(p, '31-gift-card-order');
    expect(await giftCardBalance(card.id)).toBe(0);
    expect(await giftCardBalance(disabled.id)).toBe(2000);
  });

  it('gift cards that cover the whole order: no card is asked for; one disabled meanwhile is taken off, nothing charged', async () => {
    const doomed = await issueGiftCard(300);
    const small = await issueGiftCard(500);
    const big = await issueGiftCard(1_000_000);
    const p = await page();
    await addToCart(p, products[7] ?? products[1]!);
    await checkoutDetails(p, 'gift-whole@example.com');
    const total = await totalOf(p);
    const field = p.getByTestId('gift-cards');
    await applyGiftCard(p, doomed.code);
    await field.getByText(`Gift card ••••${doomed.last} − $3.00`).waitFor();
    await applyGiftCard(p, small.code);
    await field.getByText(`Gift card ••••${small.last} − $5.00`).waitFor();
    expect(await p.getByTestId('left-to-pay').textContent()).toBe(usd(total - 800));
    await applyGiftCard(p, big.code);
    await field.getByText(`Gift card ••••${big.last} − ${usd(total - 800)}`).waitFor();
    expect(await p.getByTestId('left-to-pay').textContent()).toBe('$0.00');
    await p.getByText('Your gift cards cover this order').waitFor();
    // Nothing left to pay: no way to pay is asked for.
    expect(await p.getByLabel(/approved/).count()).toBe(0);
    expect(await p.getByRole('button', { name: /^Pay / }).count()).toBe(0);
    // A fourth card is not needed.
    const spare = await issueGiftCard(100);
    await applyGiftCard(p, spare.code);
    await field.getByRole('alert').getByText('Your gift cards already cover this order.').waitFor();
    await screenshot(p, '32-gift-cards-cover');

    // The shop disables the first card before the shopper places the order: refused beside the
    // field, the card taken off, nothing spent; the others still cover the order.
    const off = await admin('PATCH', `/admin/v1/gift-cards/${doomed.id}`, { disabled: true });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await p.getByRole('button', { name: 'Place order' }).click();
    await field
      .getByRole('alert')
      .getByText(`Gift card ••••${doomed.last} can no longer be used. It has been taken off this order`)
      .waitFor();
    expect(await field.getByText(`••••${doomed.last} −`).count()).toBe(0);
    await field.getByText(`Gift card ••••${big.last} − ${usd(total - 500)}`).waitFor();
    expect(await giftCardBalance(small.id)).toBe(500);
    expect(await giftCardBalance(big.id)).toBe(1_000_000);
    await screenshot(p, '33-gift-card-refused');

    await p.getByRole('button', { name: 'Place order' }).click();
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const paid = p.getByTestId('order-gift-cards');
    await paid.getByText(`Paid with gift card ••••${small.last}: $5.00`).waitFor();
    await paid.getByText(`Paid with gift card ••••${big.last}: ${usd(total - 500)}`).waitFor();
    expect(await paid.getByText(/Paid by card/).count()).toBe(0);
    expect(await giftCardBalance(small.id)).toBe(0);
    expect(await giftCardBalance(big.id)).toBe(1_000_000 - (total - 500));
    expect(await giftCardBalance(doomed.id)).toBe(300);

    // What is left on the big card, from the account page.
    await p.goto('/account');
    await hydrated(p);
    const check = p.getByRole('region', { name: 'Check a gift card balance' });
    await check.getByLabel('Gift card code').fill(big.code);
    await check.getByRole('button', { name: 'Check balance' }).click();
    await check
      .getByRole('status')
      .getByText(`Gift card ••••${big.last}: ${usd(1_000_000 - (total - 500))} left.`)
      .waitFor();
    await check.getByLabel('Gift card code').fill(small.code);
    await check.getByRole('button', { name: 'Check balance' }).click();
    await check.getByRole('alert').getByText(`Gift card ••••${small.last} has nothing left on it.`).waitFor();
  });

  it("a signed-in shopper's own cards: listed in the account, used at checkout without a code (after a code), one the shop disabled meanwhile taken off", async () => {
    const email = `credit-${Date.now()}@example.com`;
    const p = await page();
    await register(p, email, 'Vy', 'Dang');
    const found = await admin<{ data: { id: string; email: string }[] }>(
      'GET',
      `/admin/v1/customers?q=${encodeURIComponent(email)}`,
    );
    const customerId = found.body.data.find((c) => c.email === email)!.id;
    const product = products[6] ?? products[2]!;
    const price = (await variantsOf(product.handle)).find((v) => v.in_stock)!.price.amount;
    expect(price).toBeGreaterThan(400);
    // Staff issue three cards to the shopper (one disabled at once) and one to nobody in particular.
    const credit = Math.floor(price / 2);
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const mine = await issueGiftCard(credit, { customer_id: customerId, expires_at: expiresAt });
    const doomed = await issueGiftCard(2000, { customer_id: customerId });
    const off = await issueGiftCard(700, { customer_id: customerId });
    const disabled = await admin('PATCH', `/admin/v1/gift-cards/${off.id}`, { disabled: true });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const bought = await issueGiftCard(100);

    // The account lists them: what is left of what each was worth, whether it can be spent, until when.
    await p.reload();
    await hydrated(p);
    const list = p.getByRole('region', { name: 'Gift cards and store credit' });
    await list.getByText('Pay with them at checkout: they are offered there, no code needed.').waitFor();
    const row = (last: string) => list.getByRole('listitem').filter({ hasText: `••••${last}` });
    await row(mine.last)
      .getByText(`${usd(credit)} of ${usd(credit)}`)
      .waitFor();
    await row(mine.last).getByText('Active', { exact: true }).waitFor();
    await row(mine.last)
      .getByText(/^Valid until /)
      .waitFor();
    await row(off.last).getByText('Disabled', { exact: true }).waitFor();
    await row(doomed.last)
      .getByText(`${usd(2000)} of ${usd(2000)}`)
      .waitFor();
    // No code anywhere: only the last four characters.
    expect(await list.textContent()).not.toContain(mine.code);
    await screenshot(p, '34-account-gift-cards');

    await addToCart(p, product);
    await checkoutDetails(p, email);
    const total = await totalOf(p);
    const field = p.getByTestId('gift-cards');
    const use = (card: { last: string }, amount: number) =>
      field.getByRole('button', { name: `Use gift card ••••${card.last} (${usd(amount)})` });
    await use(mine, credit).waitFor();
    await use(doomed, 2000).waitFor();
    // The disabled card is not offered.
    expect(await field.getByRole('button', { name: new RegExp(`••••${off.last}`) }).count()).toBe(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);

    // Used without its code, then taken off and used again.
    await use(mine, credit).click();
    await field.getByText(`Gift card ••••${mine.last} − ${usd(credit)}`).waitFor();
    expect(await use(mine, credit).count()).toBe(0);
    expect(await p.getByTestId('left-to-pay').textContent()).toBe(usd(total - credit));
    await p.getByRole('button', { name: `Remove gift card ••••${mine.last}` }).click();
    await p.getByRole('button', { name: `Pay ${usd(total)}` }).waitFor();
    await use(mine, credit).click();
    await use(doomed, 2000).click();
    const second = Math.min(2000, total - credit);
    await field.getByText(`Gift card ••••${doomed.last} − ${usd(second)}`).waitFor();
    await screenshot(p, '35-checkout-own-gift-cards');

    // The shop disables the second before the order is placed: refused beside the field and taken
    // off; nothing spent, and the first still pays.
    const gone = await admin('PATCH', `/admin/v1/gift-cards/${doomed.id}`, { disabled: true });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    if (total - credit - second > 0) await pay(p, /approved/);
    else await p.getByRole('button', { name: 'Place order' }).click();
    await field
      .getByRole('alert')
      .getByText(`Gift card ••••${doomed.last} can no longer be used. It has been taken off this order`)
      .waitFor();
    expect(await field.getByText(`••••${doomed.last} −`).count()).toBe(0);
    expect(await use(doomed, 2000).count()).toBe(0);
    await field.getByText(`Gift card ••••${mine.last} − ${usd(credit)}`).waitFor();
    expect(await giftCardBalance(mine.id)).toBe(credit);
    expect(await giftCardBalance(doomed.id)).toBe(2000);

    // A code applied after it pays first (the server spends codes, then the shopper's own cards).
    await applyGiftCard(p, bought.code);
    await field.getByText(`Gift card ••••${bought.last} − $1.00`).waitFor();
    const applied = await field.getByTestId('applied-gift-cards').getByRole('listitem').allTextContents();
    expect(applied[0]).toContain(`••••${bought.last}`);
    expect(applied[1]).toContain(`••••${mine.last}`);
    const rest = total - 100 - credit;
    expect(rest).toBeGreaterThan(0);
    expect(await p.getByTestId('left-to-pay').textContent()).toBe(usd(rest));

    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const paid = p.getByTestId('order-gift-cards');
    await paid.getByText(`Paid with gift card ••••${bought.last}: $1.00`).waitFor();
    await paid.getByText(`Paid with gift card ••••${mine.last}: ${usd(credit)}`).waitFor();
    await paid.getByText(`Paid by card: ${usd(rest)}`).waitFor();
    expect(await giftCardBalance(mine.id)).toBe(0);
    expect(await giftCardBalance(bought.id)).toBe(0);
    expect(await giftCardBalance(doomed.id)).toBe(2000);
    expect(await giftCardBalance(off.id)).toBe(700);

    // The account shows it spent.
    await p.goto('/account');
    await hydrated(p);
    await row(mine.last)
      .getByText(`${usd(0)} of ${usd(credit)}`)
      .waitFor();
    await row(mine.last).getByText('Used up', { exact: true }).waitFor();
  });

  it('saved cards: kept at checkout, listed in the account, paid with next time, removed; a declined card is refused beside the form', async () => {
    const email = `cards-${Date.now()}@example.com`;
    const p = await page();
    await register(p, email, 'Minh', 'Tran');
    const product = products[3]!;
    /** The body the checkout sends to complete the cart, once the Pay button is clicked. */
    const completing = () =>
      p
        .waitForRequest((r) => r.method() === 'POST' && /\/store\/v1\/carts\/[^/]+\/complete$/.test(r.url()))
        .then((r) => r.postDataJSON() as { payment_method?: string; save_payment_method?: boolean });

    // No saved card yet: the test cards, and "Save this card for next time", unticked.
    await addToCart(p, product);
    await checkoutDetails(p, email);
    expect(await p.getByTestId('saved-cards').count()).toBe(0);
    const keep = p.getByLabel('Save this card for next time');
    expect(await keep.isChecked()).toBe(false);
    await keep.check();
    const first = completing();
    await pay(p, /approved/);
    expect(await first).toMatchObject({ payment_method: 'tok_visa', save_payment_method: true });
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

    // The account lists it: brand, last four, expiry.
    await p.goto('/account');
    await hydrated(p);
    const section = p.getByRole('region', { name: 'Saved cards' });
    const visa = section.getByRole('listitem').filter({ hasText: 'Visa •••• 4242' });
    await visa.waitFor();
    await visa.getByText(/^Expires \d{2}\/\d{2}$/).waitFor();
    expect(await visa.getByText('Expired', { exact: true }).count()).toBe(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '39-account-saved-cards');

    // Next time it is offered first, chosen; the test cards wait behind "Use another card".
    await addToCart(p, product);
    await checkoutDetails(p, email);
    const saved = p.getByTestId('saved-cards');
    const savedVisa = saved.getByLabel(/^Visa •••• 4242, expires \d{2}\/\d{2}$/);
    await savedVisa.waitFor();
    expect(await savedVisa.isChecked()).toBe(true);
    expect(await p.getByLabel(/approved/).count()).toBe(0);
    expect(await p.getByLabel('Save this card for next time').count()).toBe(0);
    await saved.getByLabel('Use another card').check();
    await p.getByLabel(/approved/).waitFor();
    await p.getByLabel('Save this card for next time').waitFor();
    await savedVisa.check();
    expect(await p.getByLabel(/approved/).count()).toBe(0);
    await screenshot(p, '39b-checkout-saved-card');
    const second = completing();
    await p.getByRole('button', { name: /^Pay / }).click();
    const body = await second;
    expect(body.payment_method).toMatch(/^cpm_/);
    expect(body.save_payment_method).toBeUndefined();
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

    // Removed in the account.
    await p.goto('/account');
    await hydrated(p);
    await visa.getByRole('button', { name: /^Remove Visa •••• 4242/ }).click();
    await visa.waitFor({ state: 'detached' });
    await section.getByText('No saved cards yet.', { exact: false }).waitFor();

    // A card the bank declines is not saved: the bank's reason beside the form.
    await section.getByRole('button', { name: 'Add a card' }).click();
    await section.getByLabel('Visa •••• 0002 — declined').check();
    await section.getByRole('button', { name: 'Add card' }).click();
    await section.getByRole('alert').getByText('Your card was declined.').waitFor();
    expect(await section.getByRole('listitem').count()).toBe(0);
    await screenshot(p, '39c-account-card-declined');
    // Another is.
    await section.getByLabel('Visa •••• 4242 — approved').check();
    await section.getByRole('button', { name: 'Add card' }).click();
    await section
      .getByRole('status')
      .getByText(/^Visa •••• 4242, expires \d{2}\/\d{2} is saved\.$/)
      .waitFor();
    await visa.waitFor();
  });

  it('a shopper buys what ships nothing: the checkout asks the e-mail and billing address only, no shipping, and the order ships nothing', async () => {
    // An e-book: created through the admin API as shipping nothing, priced, with copies to sell.
    const title = `Field notes e-book ${Date.now()}`;
    const made = await admin<{
      id: string;
      handle: string;
      requires_shipping: boolean;
      variants: { id: string }[];
    }>('POST', '/admin/v1/products', {
      title,
      status: 'active',
      requires_shipping: false,
      description: 'A guide to the trails, as a PDF to download.',
      variants: [{ sku: `EBOOK-${Date.now()}` }],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.requires_shipping).toBe(false);
    const variantId = made.body.variants[0]!.id;
    await setPrice(variantId, 1500);
    await stockAtFirstLocation(variantId, 100);
    const ebook = { handle: made.body.handle, title, brand: null };
    const parcel = products[4] ?? products[1]!;

    const p = await page();
    // The product page says so, beside the price.
    await p.goto(`/products/${ebook.handle}`);
    await hydrated(p);
    await p.getByTestId('ships-nothing').getByText('Digital — nothing is shipped').waitFor();
    await screenshot(p, '24-product-ships-nothing');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();

    // With something that ships too, the checkout is as ever: where to ship, and how.
    await addToCart(p, parcel);
    await p.goto('/checkout');
    await hydrated(p);
    await p.getByRole('heading', { name: 'Shipping method' }).waitFor();
    await p.getByRole('button', { name: 'Continue to shipping' }).waitFor();
    expect(await p.getByTestId('checkout-ships-nothing').count()).toBe(0);

    // The parcel leaves the cart: nothing ships, and the summary has no shipping line.
    await removeFromCart(p, parcel.title);
    await p.getByTestId('line-ships-nothing').getByText('Nothing is shipped').waitFor();
    expect(await p.getByTestId('totals').getByText('Shipping', { exact: true }).count()).toBe(0);
    await checkOutFromCart(p);

    // The checkout follows: the e-mail and the billing address, no shipping address, method or pickup.
    await p.getByTestId('checkout-ships-nothing').waitFor();
    await p.getByRole('heading', { name: 'Billing address', exact: true }).waitFor();
    expect(await p.getByRole('heading', { name: /Shipping address/ }).count()).toBe(0);
    expect(await p.getByRole('heading', { name: 'Shipping method' }).count()).toBe(0);
    expect(await p.getByRole('radio', { name: 'Ship to me' }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Continue to shipping' }).count()).toBe(0);
    expect(await p.getByTestId('totals').getByText('Shipping', { exact: true }).count()).toBe(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '24b-checkout-ships-nothing');

    await billingDetails(p, {
      email: 'reader@example.com',
      firstName: 'Hoa',
      lastName: 'Pham',
      line1: '9 Elm Street',
    });
    await p.getByRole('button', { name: /^Pay / }).waitFor();
    // Taxed where the shopper is billed (California's 7.25 %), nothing for shipping.
    const totals = p.getByTestId('totals');
    await totals.getByText('Tax', { exact: true }).waitFor();
    await totals.getByText('$1.09', { exact: true }).waitFor();
    expect(await totals.getByText('Shipping', { exact: true }).count()).toBe(0);
    expect(await p.getByRole('button', { name: /^Pay / }).textContent()).toBe('Pay $16.09');
    expect(await p.locator('input[name="shipping"]').count()).toBe(0);
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '24c-checkout-ships-nothing-payment');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await p.getByTestId('order-ships-nothing').getByText('Nothing is shipped with this order.').waitFor();
    expect(await p.getByTestId('order-billing').textContent()).toContain('9 Elm Street');
    expect(await p.getByText('Ship to', { exact: true }).count()).toBe(0);
    await p.getByTestId('line-ships-nothing').first().waitFor();
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '24d-order-ships-nothing');

    // The order, as the shop has it: no shipping address or method, the billing address, the line.
    const order = await orderOnPage<{
      shipping_address: unknown;
      shipping: unknown;
      billing_address: Record<string, string | undefined> | null;
      lines: { variant_id: string; requires_shipping: boolean }[];
    }>(p);
    expect(order.status, JSON.stringify(order.body)).toBe(200);
    expect(order.body.shipping_address).toBeNull();
    expect(order.body.shipping).toBeNull();
    expect(order.body.billing_address).toMatchObject({ first_name: 'Hoa', line1: '9 Elm Street' });
    expect(order.body.lines).toEqual([
      expect.objectContaining({ variant_id: variantId, requires_shipping: false }),
    ]);
  });

  it('a shopper buys a $50 gift card: no gift card pays for it, the order says it is e-mailed, and the e-mailed code holds $50', async () => {
    // A gift card product: created through the admin API, one variant per value, sold without a stock limit.
    const stamp = Date.now();
    const title = `Shop gift card ${stamp}`;
    const values = { $25: 2500, $50: 5000, $100: 10000 };
    const made = await admin<{
      id: string;
      handle: string;
      gift_card: boolean;
      requires_shipping: boolean;
      variants: { id: string; option_values: Record<string, string> }[];
    }>('POST', '/admin/v1/products', {
      title,
      status: 'active',
      gift_card: true,
      description: 'A gift card for the shop, e-mailed to you.',
      options: [{ name: 'Value', values: Object.keys(values) }],
      variants: Object.keys(values).map((value, i) => ({
        sku: `GIFT-${stamp}-${i}`,
        option_values: { Value: value },
        backorder_policy: 'allow',
      })),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ gift_card: true, requires_shipping: false });
    for (const v of made.body.variants)
      await setPrice(v.id, values[v.option_values.Value as keyof typeof values]);
    const parcel = products[3] ?? products[0]!;
    const email = `gift-buyer-${stamp}@example.com`;

    // The product page says it is a gift card (not "Digital"); the values are its variants.
    const p = await page();
    await p.goto(`/products/${made.body.handle}`);
    await hydrated(p);
    const note = p.getByTestId('gift-card-note');
    await note.getByText('Gift card', { exact: true }).waitFor();
    await note
      .getByText('Its code is e-mailed to you once your payment goes through. Spend it here or give it away.')
      .waitFor();
    expect(await p.getByTestId('ships-nothing').count()).toBe(0);
    // Sold without a stock limit: simply in stock.
    await p.getByTestId('stock').getByText('In stock', { exact: true }).waitFor();
    await p
      .locator('label[for]')
      .filter({ hasText: /^\$50$/ })
      .click();
    expect(await p.getByRole('radio', { name: '$50' }).isChecked()).toBe(true);
    await p.getByTestId('price').getByText('$50.00').waitFor();
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '36-product-gift-card');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();

    // With something that ships: gift cards pay for the parcel's part only, never for the gift card.
    await addToCart(p, parcel);
    await checkoutDetails(p, email);
    const total = await totalOf(p);
    const card = await issueGiftCard(1_000_000);
    const spare = await issueGiftCard(500);
    await p
      .getByTestId('gift-card-limit')
      .getByText(
        `Gift cards cannot pay for the gift cards you are buying: here they pay at most ${usd(total - 5000)}.`,
      )
      .waitFor();
    const field = p.getByTestId('gift-cards');
    await applyGiftCard(p, card.code);
    await field.getByText(`Gift card ••••${card.last} − ${usd(total - 5000)}`).waitFor();
    expect(await p.getByTestId('left-to-pay').textContent()).toBe('$50.00');
    await p.getByRole('button', { name: 'Pay $50.00' }).waitFor();
    await applyGiftCard(p, spare.code);
    await field
      .getByRole('alert')
      .getByText(/^Your gift cards already pay all they can/)
      .waitFor();
    await p.getByTestId('line-gift-card').getByText('Gift card — e-mailed, not shipped').waitFor();
    await screenshot(p, '36b-checkout-gift-card-mixed');

    // The parcel leaves the cart: only the gift card is left, and it ships nothing.
    await removeFromCart(p, parcel.title);
    const line = p.getByRole('listitem').filter({ hasText: title });
    await line.getByTestId('line-gift-card').getByText('Gift card — e-mailed, not shipped').waitFor();
    expect(await p.getByTestId('line-ships-nothing').count()).toBe(0);
    expect(await p.getByTestId('totals').getByText('Shipping', { exact: true }).count()).toBe(0);
    await checkOutFromCart(p);

    // The billing address only; at payment, no gift card field: gift cards cannot pay for gift cards.
    await p.getByTestId('checkout-ships-nothing').waitFor();
    await billingDetails(p, { email, firstName: 'Minh', lastName: 'Vo', line1: '12 Pine Street' });
    // No tax on a gift card (it is due when the card is spent), no shipping.
    await p.getByRole('button', { name: 'Pay $50.00' }).waitFor();
    await p
      .getByTestId('gift-cards-not-for-gift-cards')
      .getByText('Gift cards cannot pay for gift cards: choose how to pay for yours below.')
      .waitFor();
    expect(await p.getByLabel('Gift card code').count()).toBe(0);
    expect(await p.getByTestId('totals').getByText('Tax', { exact: true }).count()).toBe(0);
    expect(await p.getByTestId('total').textContent()).toBe('$50.00');
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '36c-checkout-gift-card-only');
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    const number = (await p.getByTestId('order-number').textContent())!.replace('Order ', '');
    await p.getByTestId('line-gift-card').getByText('Gift card — the code is e-mailed to you').waitFor();
    await p.getByTestId('order-ships-nothing').getByText(`e-mailed to ${email}`, { exact: false }).waitFor();
    expect(await p.getByTestId('line-ships-nothing').count()).toBe(0);
    // The gift card the shopper applied to the mixed cart was never charged.
    expect(await giftCardBalance(card.id)).toBe(1_000_000);

    // The card comes by e-mail once paid: its code holds $50.
    const mail = await waitForMail(
      shop,
      (m) => m.to.includes(email) && m.subject.startsWith(`Your gift card from order ${number}`),
      15_000,
    );
    const code = /Your code: (\S+)/.exec(mail.text)![1]!;
    const balance = await fetch(`${shop.url}/store/v1/gift-cards/balance`, {
      method: 'POST',
      headers: { 'x-publishable-key': shop.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(balance.status).toBe(200);
    expect(await balance.json()).toMatchObject({ balance: 5000, currency: 'USD', status: 'active' });

    // Issued and e-mailed, the card is delivered: the order page, following, says so.
    await p
      .getByRole('region', { name: 'Delivery' })
      .getByText(/^Gift cards e-mailed /)
      .waitFor();
    expect(await p.getByTestId('order-status').textContent()).toBe('Delivered');
    expect(await p.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    // Nothing to return: a gift card is not taken back.
    expect(await p.getByRole('region', { name: 'Returns' }).count()).toBe(0);
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await screenshot(p, '36d-order-gift-card');
  });

  /** A product made through the admin API: priced in USD, one variant, stock at the first location. */
  async function sellableProduct(o: {
    title: string;
    giftCard?: boolean;
    amount: number;
  }): Promise<{ id: string; handle: string; variantId: string }> {
    const sku = `${o.giftCard ? 'GIFT' : 'ITEM'}-${Date.now()}`;
    const made = await admin<{ id: string; handle: string; variants: { id: string }[] }>(
      'POST',
      '/admin/v1/products',
      {
        title: o.title,
        status: 'active',
        description: 'Made for the browser test.',
        ...(o.giftCard ? { gift_card: true } : {}),
        variants: [{ sku, ...(o.giftCard ? { backorder_policy: 'allow' } : {}) }],
      },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const variantId = made.body.variants[0]!.id;
    await setPrice(variantId, o.amount);
    if (!o.giftCard) await stockAtFirstLocation(variantId, 20);
    return { id: made.body.id, handle: made.body.handle, variantId };
  }

  it('a product asks for an engraving: required, refused when blank, then shown on the cart, the checkout and the order', async () => {
    const title = `Engraved locket ${Date.now()}`;
    const locket = await sellableProduct({ title, amount: 4000 });
    const asked = await admin<{ personalization: unknown }>('PATCH', `/admin/v1/products/${locket.id}`, {
      personalization: [{ name: 'Engraving', required: true, max_length: 12 }],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);

    const p = await page();
    await p.goto(`/products/${locket.handle}`);
    await hydrated(p);
    const engraving = p.getByLabel('Engraving');
    expect(await engraving.getAttribute('maxlength')).toBe('12');
    expect(await engraving.getAttribute('required')).not.toBeNull();
    await p.getByTestId('personalization').getByText('(required)').waitFor();
    await p.getByTestId('personalization').getByText('Up to 12 characters').waitFor();

    // Left empty: the browser's own check stops the form, nothing is added.
    await p.getByRole('button', { name: 'Add to cart' }).click();
    expect(
      await engraving.evaluate(
        (el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing,
      ),
    ).toBe(true);
    expect(await p.getByText('Added to your cart.').count()).toBe(0);

    // Only spaces pass the browser but not the shop: its refusal shows beside the field, which takes the focus.
    await engraving.fill('   ');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByTestId('field-error').getByText('Fill this in for this product.').waitFor();
    expect(await engraving.getAttribute('aria-invalid')).toBe('true');
    expect(await p.evaluate<string | null>('document.activeElement?.labels?.[0]?.textContent ?? null')).toBe(
      'Engraving (required)',
    );
    expect(await p.getByText('Added to your cart.').count()).toBe(0);
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '37-product-personalization-refused');

    // Filled in: the refusal goes, the locket is added.
    await engraving.fill('For Ada');
    expect(await p.getByTestId('field-error').count()).toBe(0);
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    // Another engraving: another line of the same locket.
    await engraving.fill('For Bo');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();

    await p.goto('/cart');
    await hydrated(p);
    const lines = p.getByRole('listitem').filter({ hasText: title });
    await lines.filter({ hasText: 'Engraving: For Ada' }).waitFor();
    await lines.filter({ hasText: 'Engraving: For Bo' }).waitFor();
    expect(await lines.count()).toBe(2);
    await screenshot(p, '37b-cart-personalization');
    await lines.filter({ hasText: 'Engraving: For Bo' }).getByRole('button', { name: 'Remove' }).click();
    await p.getByText('Engraving: For Bo').waitFor({ state: 'detached' });

    const email = `engraved-${Date.now()}@example.com`;
    await checkoutDetails(p, email);
    await p.getByText('Engraving: For Ada', { exact: true }).waitFor();
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await p.getByRole('region', { name: 'Items' }).getByText('Engraving: For Ada', { exact: true }).waitFor();
    await screenshot(p, '37c-order-personalization');

    const order = await orderOnPage<{ lines: { variant_id: string; properties: Record<string, string> }[] }>(
      p,
    );
    expect(order.body.lines).toEqual([
      expect.objectContaining({ variant_id: locket.variantId, properties: { Engraving: 'For Ada' } }),
    ]);

    // Bought again: engraved as it was (the locket refuses a line without its engraving).
    await p.getByRole('button', { name: 'Buy again' }).click();
    await p.waitForURL(/\/cart$/);
    await p
      .getByRole('listitem')
      .filter({ hasText: title })
      .getByText('Engraving: For Ada', { exact: true })
      .waitFor();
  });

  it("the cart page edits a line's engraving: too long refused beside the field, then saved; the same as another line, the two merge", async () => {
    const title = `Edited locket ${Date.now()}`;
    const locket = await sellableProduct({ title, amount: 3000 });
    const asked = await admin('PATCH', `/admin/v1/products/${locket.id}`, {
      personalization: [{ name: 'Engraving', required: true, max_length: 12 }],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);

    const p = await page();
    await p.goto(`/products/${locket.handle}`);
    await hydrated(p);
    const add = async (text: string) => {
      await p.getByLabel('Engraving').fill(text);
      await p.getByRole('button', { name: 'Add to cart' }).click();
      await p.getByText('Added to your cart.').waitFor();
    };
    await add('For Ada');
    await add('For Cy');

    await p.goto('/cart');
    await hydrated(p);
    const lines = p.getByRole('listitem').filter({ hasText: title });
    const ada = lines.filter({ hasText: 'Engraving: For Ada' });
    await ada.waitFor();
    await ada.getByRole('button', { name: 'Edit details' }).click();
    const field = ada.getByLabel('Engraving');
    expect(await field.inputValue()).toBe('For Ada');
    expect(await field.getAttribute('maxlength')).toBe('12');
    // Past the browser's limit (a pasted text, an older page): the shop's refusal, beside the field.
    await field.evaluate((el) =>
      (el as unknown as { removeAttribute(name: string): void }).removeAttribute('maxlength'),
    );
    await field.fill('For Ada, with love always');
    await ada.getByRole('button', { name: 'Save' }).click();
    await ada.getByTestId('field-error').getByText('At most 12 characters.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await ada.getByText('Engraving: For Ada', { exact: true }).waitFor();
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '37d-cart-edit-engraving-refused');

    // Cancel keeps it as it was; a good one is saved and shown.
    await ada.getByRole('button', { name: 'Cancel' }).click();
    expect(await p.getByTestId('line-details-form').count()).toBe(0);
    await ada.getByRole('button', { name: 'Edit details' }).click();
    expect(await ada.getByLabel('Engraving').inputValue()).toBe('For Ada');
    await ada.getByLabel('Engraving').fill('For Bo');
    await ada.getByRole('button', { name: 'Save' }).click();
    const bo = lines.filter({ hasText: 'Engraving: For Bo' });
    await bo.getByText('Details saved.').waitFor();
    expect(await p.getByText('Engraving: For Ada').count()).toBe(0);
    expect(await lines.count()).toBe(2);

    // Told the same as the other line: one line of two lockets.
    const cy = lines.filter({ hasText: 'Engraving: For Cy' });
    await cy.getByRole('button', { name: 'Edit details' }).click();
    await cy.getByLabel('Engraving').fill('For Bo');
    await cy.getByRole('button', { name: 'Save' }).click();
    await p.getByText('Engraving: For Cy').waitFor({ state: 'detached' });
    await p.getByRole('status').getByText('the two were made one').waitFor();
    expect(await lines.count()).toBe(1);
    expect(await bo.getByRole('combobox', { name: `Quantity of ${title}` }).inputValue()).toBe('2');
    await screenshot(p, '37e-cart-edit-engraving-merged');
  });

  it('a gift card sent to someone else: their address, name and message; the card is e-mailed to them', async () => {
    const stamp = Date.now();
    const title = `Gift for a friend ${stamp}`;
    const card = await sellableProduct({ title, giftCard: true, amount: 2500 });
    const friend = `friend-${stamp}@example.com`;

    const p = await page();
    await p.goto(`/products/${card.handle}`);
    await hydrated(p);
    expect(await p.getByLabel("Recipient's address").count()).toBe(0);
    await p.getByLabel('Send it to someone else').check();
    const address = p.getByLabel("Recipient's address");
    // An address the browser takes but the shop does not: refused beside the field.
    await address.fill('bo@localhost');
    await p.getByLabel("Recipient's name").fill('Bo');
    await p.getByLabel('Message', { exact: false }).fill('Happy birthday, Bo!');
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByTestId('field-error').getByText('Enter a valid e-mail address for the recipient.').waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    await address.fill(friend);
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText('Added to your cart.').waitFor();
    expect(
      await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await p.waitForLoadState('networkidle');
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, '38-product-gift-card-to-someone-else');

    await p.goto('/cart');
    await hydrated(p);
    const line = p.getByRole('listitem').filter({ hasText: title });
    await line.getByText(`For: Bo (${friend})`, { exact: true }).waitFor();
    await line.getByText('Message: Happy birthday, Bo!', { exact: true }).waitFor();
    await screenshot(p, '38b-cart-gift-card-to-someone-else');
    await checkOutFromCart(p);

    const buyer = `gift-giver-${stamp}@example.com`;
    await p.getByTestId('checkout-ships-nothing').waitFor();
    await billingDetails(p, { email: buyer, firstName: 'Ada', lastName: 'Lane', line1: '3 Oak Street' });
    await p.getByRole('button', { name: 'Pay $25.00' }).waitFor();
    await p.getByText(`For: Bo (${friend})`, { exact: true }).waitFor();
    await pay(p, /approved/);
    await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
    await p
      .getByTestId('line-gift-card')
      .getByText(`Gift card — the code is e-mailed to ${friend}`)
      .waitFor();
    await p.getByText(`For: Bo (${friend})`, { exact: true }).waitFor();
    await screenshot(p, '38c-order-gift-card-to-someone-else');

    // The card goes to the friend, with the message.
    const mail = await waitForMail(shop, (m) => m.to.includes(friend), 20_000);
    expect(mail.text).toContain('Happy birthday, Bo!');
    expect(capturedMail(shop).some((m) => m.to.includes(buyer) && /^Your gift card/.test(m.subject))).toBe(
      false,
    );
  });

  it('a store on Stripe: the card is typed into Stripe.js and paid with its PaymentMethod, its number never sent to Carton; a declined card says so; a card is saved through a SetupIntent', async () => {
    const switched = await admin('PATCH', '/admin/v1/payment-settings', {
      provider: 'stripe',
      stripe_secret_key: fakeStripe.secretKey,
      stripe_webhook_secret: 'whsec_test_0123456789',
      stripe_publishable_key: fakeStripe.publishableKey,
    });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    try {
      const p = await page();
      // Everything the page sends to Carton: the card number must be in none of it.
      const toCarton: string[] = [];
      p.on('request', (r) => {
        if (r.url().startsWith(shop.url)) toCarton.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
      });
      const product = products[1]!;
      await addToCart(p, product);
      await checkoutDetails(p, `stripe-${Date.now()}@example.com`);
      // Stripe's card form (the stand-in's inputs) where the test cards were; cash and transfer still offered.
      const number = p.getByLabel('Card number');
      await number.waitFor();
      expect(await p.getByLabel(/approved/).count()).toBe(0);
      expect(await p.getByLabel('Card', { exact: true }).isChecked()).toBe(true);
      await p.getByLabel(/^Bank transfer/).waitFor();
      // An incomplete card: Stripe.js says so beside the field, nothing is sent to Carton.
      await number.fill('4242 4242');
      await p.getByRole('button', { name: /^Pay / }).click();
      await p.getByTestId('card-error').getByText('Your card number is incomplete.').waitFor();
      expect(toCarton.filter((r) => /\/complete /.test(r))).toEqual([]);
      // A card the bank declines: its reason.
      await number.fill('4000 0000 0000 0002');
      await p.getByLabel('Expiry').fill('12 / 34');
      await p.getByLabel('CVC').fill('123');
      await p.getByRole('button', { name: /^Pay / }).click();
      await p
        .getByTestId('checkout-message')
        .getByText(/Your card was declined\./)
        .waitFor();
      await screenshot(p, '40-stripe-declined');
      // Another card: paid.
      await number.fill('4242 4242 4242 4242');
      await screenshot(p, '40b-stripe-card');
      await p.getByRole('button', { name: /^Pay / }).click();
      await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
      await p.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

      // The numbers went to Stripe with the publishable key; Carton got PaymentMethods and paid with them.
      const typed = fakeStripe.requests.filter((r) => r.form['card[number]']);
      expect(typed.map((r) => r.form['card[number]'])).toEqual(['4000000000000002', '4242424242424242']);
      expect(typed.every((r) => r.headers.authorization === `Bearer ${fakeStripe.publishableKey}`)).toBe(
        true,
      );
      const completes = toCarton.filter((r) => /^POST \S+\/complete /.test(r));
      const sent = completes.map((r) => /"payment_method":"(pm_[^"]+)"/.exec(r)?.[1]);
      expect(sent).toHaveLength(2);
      const paidWith = fakeStripe.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents')
        .map((r) => r.form.payment_method);
      expect(paidWith).toEqual(expect.arrayContaining(sent));
      expect(fakeStripe.paymentMethods.get(sent[1]!)?.card.last4).toBe('4242');
      expect(toCarton.filter((r) => /4242\s?4242\s?4242\s?4242|4000\s?0000\s?0000\s?0002/.test(r))).toEqual(
        [],
      );

      // Signed in, a card added in the account: set up with Stripe (a SetupIntent), then saved.
      const email = `stripe-cards-${Date.now()}@example.com`;
      await register(p, email, 'Lan', 'Pham');
      const section = p.getByRole('region', { name: 'Saved cards' });
      await section.getByRole('button', { name: 'Add a card' }).click();
      await section.getByLabel('Card number').fill('4242 4242 4242 4242');
      await section.getByLabel('Expiry').fill('12 / 34');
      await section.getByLabel('CVC').fill('123');
      await section.getByRole('button', { name: 'Add card' }).click();
      await section
        .getByRole('status')
        .getByText(/^Visa •••• 4242, expires 12\/34 is saved\.$/)
        .waitFor();
      await section.getByRole('listitem').filter({ hasText: 'Visa •••• 4242' }).waitFor();
      const confirmed = fakeStripe.requests.filter(
        (r) => r.method === 'POST' && /^\/v1\/setup_intents\/[^/]+\/confirm$/.test(r.path),
      );
      expect(confirmed).toHaveLength(1);
      expect(confirmed[0]!.headers.authorization).toBe(`Bearer ${fakeStripe.publishableKey}`);
      await screenshot(p, '40c-stripe-card-saved');
      expect(toCarton.filter((r) => /4242\s?4242\s?4242\s?4242/.test(r))).toEqual([]);

      // The publishable key taken away: cards cannot be taken; cash and transfer still can.
      const unkeyed = await admin('PATCH', '/admin/v1/payment-settings', { stripe_publishable_key: null });
      expect(unkeyed.status, JSON.stringify(unkeyed.body)).toBe(200);
      await p.getByRole('button', { name: 'Sign out' }).click();
      await p.getByRole('button', { name: 'Create account' }).waitFor();
      await addToCart(p, product);
      // No card to take: the first manual method is chosen, so the button places the order.
      await checkoutDetails(p, `stripe-unset-${Date.now()}@example.com`, { button: /^Place order$/ });
      await p.getByText('Card payments are not set up yet.').waitFor();
      expect(await p.getByLabel('Card number').count()).toBe(0);
      expect(await p.getByLabel(/^Cash on delivery/).isChecked()).toBe(true);
      await p.getByRole('button', { name: 'Place order' }).click();
      await p.waitForURL(/\/orders\/ord_/, { timeout: 30_000 });
    } finally {
      const back = await admin('PATCH', '/admin/v1/payment-settings', { provider: 'test' });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
    }
  });

  it('speaks Vietnamese', async () => {
    const p = await page();
    await p.context().addCookies([{ name: 'lang', value: 'vi', url: shop.url }]);
    await p.goto(`/products/${products[0]!.handle}`);
    await hydrated(p);
    await p.getByRole('button', { name: 'Thêm vào giỏ' }).waitFor();
    await screenshot(p, '14-product-vi');
  });
});

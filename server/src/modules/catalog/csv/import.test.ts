import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../../test/harness.ts';
import { createStaffSession, type StaffSession } from '../../../../test/identity.ts';
import { withStore } from '../../../platform/db/database.ts';
import { csvLine, parseCsv } from '../../../platform/csv-parse.ts';
import { SHOPIFY_COLUMNS } from './shopify.ts';
import { generateShopifyCsv } from './testing.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let owner: StaffSession;

const HEADER = csvLine(SHOPIFY_COLUMNS);
type Cells = Partial<Record<(typeof SHOPIFY_COLUMNS)[number], string | number>>;
const row = (cells: Cells) => csvLine(SHOPIFY_COLUMNS.map((c) => cells[c] ?? ''));

async function upload(session: StaffSession, csv: string, type = 'text/csv') {
  const res = await fetch(`${server.url}/admin/v1/products/import`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': type },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function finished(session: StaffSession, jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${server.url}/admin/v1/products/import/${jobId}`, { headers: session.headers });
    const job = (await res.json()) as Record<string, unknown>;
    if (job.status === 'completed' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import ${jobId} still ${String(job.status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function importCsv(session: StaffSession, csv: string) {
  const { status, body } = await upload(session, csv);
  expect(status).toBe(202);
  return finished(session, body.id as string);
}

async function errorsOf(session: StaffSession, jobId: string) {
  const res = await fetch(`${server.url}/admin/v1/products/import/${jobId}/errors`, {
    headers: session.headers,
  });
  return ((await res.json()) as { data: { row: number; column: string | null; message: string }[] }).data;
}

/** The store's catalog, without ids or timestamps: what must survive export → import. */
async function catalogOf(storeId: string) {
  return withStore(server.platform.db, storeId, async (tx) => {
    const { rows } = await tx.execute(sql`
      SELECT p.handle, p.title, p.description, p.status, p.brand, p.vendor, p.product_type, p.tags, p.seo_title,
             p.seo_description, (p.published_at IS NOT NULL) AS published, p.requires_shipping, p.gift_card,
        (SELECT json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position)
           FROM product_options o WHERE o.product_id = p.id) AS options,
        (SELECT json_agg(json_build_object('sku', v.sku, 'barcode', v.barcode, 'title', v.title,
                 'options', v.option_values, 'grams', v.weight_grams, 'policy', v.backorder_policy,
                 'price', (SELECT json_build_object('amount', pr.amount, 'compare_at', pr.compare_at_amount)
                             FROM prices pr WHERE pr.variant_id = v.id),
                 'qty', (SELECT sum(l.on_hand)::int FROM inventory_levels l WHERE l.variant_id = v.id))
                 ORDER BY v.position) FROM variants v WHERE v.product_id = p.id) AS variants,
        (SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'primary', i.is_primary) ORDER BY i.position)
           FROM product_images i WHERE i.product_id = p.id) AS images,
        (SELECT json_agg(c.name) FROM product_categories pc JOIN categories c ON c.id = pc.category_id
           WHERE pc.product_id = p.id) AS categories
      FROM products p WHERE p.store_id = ${storeId} ORDER BY p.handle`);
    return rows;
  });
}

const GOOD = [
  HEADER,
  row({
    Handle: 'linen-shirt',
    Title: 'Linen shirt',
    'Body (HTML)':
      '<p>Cool <strong>linen</strong>, for "summer".</p><ul><li>Breathes</li><li>Lasts</li></ul>',
    Vendor: 'Acme',
    Brand: 'Acme Linen',
    'Product Category': 'Apparel > Shirts',
    Type: 'Shirt',
    Tags: 'summer, linen',
    Published: 'TRUE',
    'Option1 Name': 'Size',
    'Option1 Value': 'S',
    'Option2 Name': 'Colour',
    'Option2 Value': 'White',
    'Variant SKU': 'LS-S-W',
    'Variant Grams': 200,
    'Variant Inventory Tracker': 'shopify',
    'Variant Inventory Qty': 5,
    'Variant Price': '49.90',
    'Variant Compare At Price': '59',
    'Variant Barcode': '0001',
    'Image Src': 'https://cdn.example.com/ls-1.jpg',
    'Image Position': 1,
    'Image Alt Text': 'Front',
    'SEO Title': 'Linen shirt | Acme',
    Status: 'active',
  }),
  row({
    Handle: 'linen-shirt',
    'Option1 Value': 'M',
    'Option2 Value': 'White',
    'Variant SKU': 'LS-M-W',
    'Variant Price': '49.90',
    'Variant Inventory Tracker': 'shopify',
    'Variant Inventory Qty': 3,
    'Image Src': 'https://cdn.example.com/ls-2.jpg',
    'Image Position': 2,
  }),
  row({ Handle: 'linen-shirt', 'Image Src': 'https://cdn.example.com/ls-3.jpg', 'Image Position': 3 }),
  row({
    Handle: 'gift-card',
    Title: 'Gift card',
    'Option1 Name': 'Title',
    'Option1 Value': 'Default Title',
    'Variant SKU': 'GIFT',
    'Variant Price': '25.00',
    'Gift Card': 'TRUE',
    Published: 'FALSE',
    Status: 'draft',
  }),
].join('');

describe('product CSV import/export', () => {
  beforeAll(async () => {
    server = await startTestServer({ worker: true });
    owner = await createStaffSession(server, { role: 'owner' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('imports products, variants, options, images and categories in the background', async () => {
    const { status, body } = await upload(owner, GOOD);
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'queued', total_rows: 4, processed_rows: 0 });
    const job = await finished(owner, body.id as string);
    expect(job).toMatchObject({
      status: 'completed',
      total_rows: 4,
      processed_rows: 4,
      percentage: 100,
      products_created: 2,
      products_failed: 0,
      error_count: 0,
    });
    const catalog = await catalogOf(owner.storeId!);
    expect(catalog).toHaveLength(2);
    const shirt = catalog.find((p) => p.handle === 'linen-shirt')!;
    expect(shirt).toMatchObject({
      title: 'Linen shirt',
      description: 'Cool **linen**, for "summer".\n\n- Breathes\n- Lasts',
      status: 'active',
      brand: 'Acme Linen',
      vendor: 'Acme',
      product_type: 'Shirt',
      tags: ['summer', 'linen'],
      published: true,
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['White'] },
      ],
      categories: ['Shirts'],
    });
    expect(shirt.variants).toEqual([
      expect.objectContaining({
        sku: 'LS-S-W',
        title: 'S / White',
        grams: 200,
        price: { amount: 4990, compare_at: 5900 },
        qty: 5,
      }),
      expect.objectContaining({ sku: 'LS-M-W', price: { amount: 4990, compare_at: null }, qty: 3 }),
    ]);
    expect((shirt.images as { url: string; primary: boolean }[]).map((i) => [i.url, i.primary])).toEqual([
      ['https://cdn.example.com/ls-1.jpg', true],
      ['https://cdn.example.com/ls-2.jpg', false],
      ['https://cdn.example.com/ls-3.jpg', false],
    ]);
    const gift = catalog.find((p) => p.handle === 'gift-card')!;
    expect(gift).toMatchObject({ status: 'draft', published: false, options: null });

    // The job's record of prices and stock: both reached their modules.
    const values = await fetch(`${server.url}/admin/v1/products/import/${String(job.id)}/values`, {
      headers: owner.headers,
    });
    const read = ((await values.json()) as { data: Record<string, unknown>[] }).data;
    expect(read).toContainEqual(
      expect.objectContaining({
        sku: 'LS-S-W',
        price: 4990,
        inventory_qty: 5,
        price_applied: true,
        stock_applied: true,
      }),
    );
    expect(read).toContainEqual(
      expect.objectContaining({ sku: 'GIFT', inventory_qty: null, stock_applied: false }),
    );
    // Stock went to the store's (new) default location, through the inventory ledger.
    const { rows: stock } = await server.platform.db.execute<Record<string, unknown>>(sql`
      SELECT s.name, s.code, v.sku, l.on_hand, m.reason, m.reference, m.on_hand_delta
      FROM inventory_levels l JOIN stock_locations s ON s.id = l.location_id JOIN variants v ON v.id = l.variant_id
      JOIN inventory_movements m ON m.variant_id = l.variant_id
      WHERE l.store_id = ${owner.storeId} ORDER BY v.sku`);
    expect(stock).toEqual([
      {
        name: 'Default warehouse',
        code: 'default',
        sku: 'LS-M-W',
        on_hand: 3,
        reason: 'import',
        reference: job.id,
        on_hand_delta: 3,
      },
      {
        name: 'Default warehouse',
        code: 'default',
        sku: 'LS-S-W',
        on_hand: 5,
        reason: 'import',
        reference: job.id,
        on_hand_delta: 5,
      },
    ]);

    // Product events for the search index and webhooks, and the job's own events.
    const { rows: events } = await server.platform.db.execute<{ type: string; n: number }>(sql`
      SELECT type, count(*)::int AS n FROM events WHERE store_id = ${owner.storeId} GROUP BY type`);
    const count = Object.fromEntries(events.map((e) => [e.type, e.n]));
    expect(count['product.created']).toBe(2);
    expect(count['catalog_import.progressed']).toBeGreaterThanOrEqual(1);
    expect(count['catalog_import.completed']).toBe(1);
  });

  it('re-importing updates products in place, keeping variant ids', async () => {
    const before = await server.platform.db.execute<{ id: string }>(
      sql`SELECT id FROM variants WHERE store_id = ${owner.storeId} AND sku = 'LS-S-W'`,
    );
    const job = await importCsv(owner, GOOD.replace('Linen shirt,', 'Linen shirt II,'));
    expect(job).toMatchObject({ status: 'completed', products_created: 0, products_updated: 2 });
    const after = await server.platform.db.execute<{ id: string; title: string }>(sql`
      SELECT v.id, p.title FROM variants v JOIN products p ON p.id = v.product_id
      WHERE v.store_id = ${owner.storeId} AND v.sku = 'LS-S-W'`);
    expect(after.rows[0]).toEqual({ id: before.rows[0]!.id, title: 'Linen shirt II' });
    // Same quantities: stock untouched, no new ledger rows.
    const { rows: moves } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inventory_movements WHERE store_id = ${owner.storeId}`,
    );
    expect(moves[0]!.n).toBe(2);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM products WHERE store_id = ${owner.storeId}`,
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('reports bad rows per row and column, and never writes part of a product', async () => {
    const csv = [
      HEADER,
      row({ Handle: 'ok-one', Title: 'OK one', 'Variant SKU': 'OK-1', 'Variant Price': '10' }),
      // row 3: non-numeric price → the whole of "bad-price" (rows 3-4) is left out
      row({
        Handle: 'bad-price',
        Title: 'Bad',
        'Option1 Name': 'Size',
        'Option1 Value': 'S',
        'Variant SKU': 'BP-S',
        'Variant Price': 'ten',
      }),
      row({ Handle: 'bad-price', 'Option1 Value': 'M', 'Variant SKU': 'BP-M', 'Variant Price': '10' }),
      row({ Handle: 'negative', Title: 'Neg', 'Variant SKU': 'NEG', 'Variant Price': '-5.00' }), // row 5
      row({ Title: 'No handle', 'Variant SKU': 'NH' }), // row 6
      // row 7: a value for an option the product does not have
      row({
        Handle: 'combo',
        Title: 'Combo',
        'Option1 Name': 'Size',
        'Option1 Value': 'S',
        'Option2 Value': 'Red',
        'Variant SKU': 'C-1',
      }),
      row({ Handle: 'dup-sku', Title: 'Dup', 'Variant SKU': 'OK-1' }), // row 8: SKU used at row 2
      row({ Handle: 'taken-sku', Title: 'Taken', 'Variant SKU': 'GIFT' }), // row 9: SKU of gift-card in the store
      'broken,"Broken title,,,\n', // row 10: unbalanced quote
      row({ Handle: 'ok-two', Title: 'OK two', 'Variant SKU': 'OK-2', 'Variant Price': '12.5' }), // row 11
      row({
        Handle: 'same-combo',
        Title: 'Same',
        'Option1 Name': 'Size',
        'Option1 Value': 'S',
        'Variant SKU': 'SC-1',
      }),
      row({ Handle: 'same-combo', 'Option1 Value': 'S', 'Variant SKU': 'SC-2' }), // row 13: repeats row 12
    ].join('');
    const job = await importCsv(owner, csv);
    expect(job).toMatchObject({
      status: 'completed',
      total_rows: 12,
      processed_rows: 12,
      products_created: 2,
    });
    const errors = await errorsOf(owner, job.id as string);
    const at = (r: number) => errors.filter((e) => e.row === r);
    expect(at(3)).toEqual([
      expect.objectContaining({ column: 'Variant Price', message: expect.stringMatching(/not a number/) }),
    ]);
    expect(at(5)).toEqual([
      expect.objectContaining({ column: 'Variant Price', message: expect.stringMatching(/negative/) }),
    ]);
    expect(at(6)).toEqual([expect.objectContaining({ column: 'Handle', message: 'Handle is required' })]);
    expect(at(7)).toEqual([expect.objectContaining({ column: 'Option2 Value' })]);
    expect(at(8)).toEqual([
      expect.objectContaining({ column: 'Variant SKU', message: expect.stringMatching(/row 2/) }),
    ]);
    expect(at(9)).toEqual([
      expect.objectContaining({ column: 'Variant SKU', message: expect.stringMatching(/gift-card/) }),
    ]);
    expect(at(10)).toEqual([expect.objectContaining({ message: expect.stringMatching(/unbalanced quote/) })]);
    expect(at(13)).toEqual([expect.objectContaining({ message: expect.stringMatching(/repeat row 12/) })]);
    expect(job.error_count).toBe(errors.length);
    expect(job.products_failed).toBe(7); // bad-price, negative, combo, dup-sku, taken-sku, broken, same-combo

    const { rows } = await server.platform.db.execute<{ handle: string }>(
      sql`SELECT handle FROM products WHERE store_id = ${owner.storeId} ORDER BY handle`,
    );
    expect(rows.map((r) => r.handle)).toEqual(['gift-card', 'linen-shirt', 'ok-one', 'ok-two']);
    const { rows: skus } = await server.platform.db.execute<{ sku: string }>(
      sql`SELECT sku FROM variants WHERE store_id = ${owner.storeId} AND sku LIKE 'BP-%'`,
    );
    expect(skus).toEqual([]); // BP-M was valid, but its product had an error

    const res = await fetch(`${server.url}/admin/v1/products/import/${String(job.id)}/errors?format=csv`, {
      headers: owner.headers,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const report = parseCsv(await res.text()).records;
    expect(report[0]!.fields).toEqual(['Row', 'Column', 'Handle', 'Message']);
    expect(report).toHaveLength(errors.length + 1);
  });

  it('sets stock as Shopify means it, and a bad or refused quantity fails its product alone', async () => {
    const store = await createStaffSession(server, { role: 'owner' });
    const storeId = store.storeId!;
    const levels = async () => {
      const { rows } = await server.platform.db.execute<{ sku: string; on_hand: number }>(sql`
        SELECT v.sku, l.on_hand FROM inventory_levels l JOIN variants v ON v.id = l.variant_id
        WHERE l.store_id = ${storeId} ORDER BY v.sku`);
      return Object.fromEntries(rows.map((r) => [r.sku, r.on_hand]));
    };
    const product = (handle: string, sku: string, tracker: string, qty: string | number, title = handle) =>
      row({
        Handle: handle,
        Title: title,
        'Variant SKU': sku,
        'Variant Inventory Tracker': tracker,
        'Variant Inventory Qty': qty,
      });
    const first = await importCsv(
      store,
      [
        HEADER,
        product('tracked', 'T-1', 'shopify', 7), // row 2
        product('untracked', 'U-1', '', 9), // row 3: not tracked → quantity ignored
        product('fulfilled', 'F-1', 'shipwire', 4), // row 4: a fulfilment service's → ignored
        product('untracked-oversold', 'UO-1', '', -5), // row 5: ignored, so not an error
        row({
          Handle: 'bad-qty',
          Title: 'Bad qty',
          'Option1 Name': 'Size',
          'Option1 Value': 'S',
          'Variant SKU': 'BQ-S',
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': 'lots', // row 6
        }),
        row({
          Handle: 'bad-qty',
          'Option1 Value': 'M',
          'Variant SKU': 'BQ-M',
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': 3, // row 7: valid, but its product has an error
        }),
        product('negative-qty', 'NQ-1', 'Shopify', -2), // row 8
        product('fraction-qty', 'FQ-1', 'shopify', '2.5'), // row 9
        product('huge-qty', 'HQ-1', 'shopify', '99999999999'), // row 10
        product('blank-qty', 'BL-1', 'shopify', ''), // row 11: no quantity → no stock record
      ].join(''),
    );
    expect(first).toMatchObject({ status: 'completed', products_created: 5, products_failed: 4 });
    const errors = await errorsOf(store, first.id as string);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [6, 'Variant Inventory Qty'],
      [8, 'Variant Inventory Qty'],
      [9, 'Variant Inventory Qty'],
      [10, 'Variant Inventory Qty'],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/not a whole number/),
      expect.stringMatching(/must not be negative/),
      expect.stringMatching(/not a whole number/),
      expect.stringMatching(/at most 100000000/),
    ]);
    expect(await levels()).toEqual({ 'T-1': 7 });
    const { rows: bq } = await server.platform.db.execute(
      sql`SELECT sku FROM variants WHERE store_id = ${storeId} AND sku LIKE 'BQ-%'`,
    );
    expect(bq).toEqual([]);

    // Re-import: a blank quantity leaves stock alone; a new one is set, and (the product existed)
    // announced with inventory.adjusted.
    await importCsv(store, HEADER + product('tracked', 'T-1', 'shopify', ''));
    expect(await levels()).toEqual({ 'T-1': 7 });
    const second = await importCsv(store, HEADER + product('tracked', 'T-1', 'shopify', 2));
    expect(await levels()).toEqual({ 'T-1': 2 });
    const { rows: adjusted } = await server.platform.db.execute<{ payload: Record<string, unknown> }>(
      sql`SELECT payload FROM events WHERE store_id = ${storeId} AND type = 'inventory.adjusted'`,
    );
    expect(adjusted).toEqual([
      {
        payload: expect.objectContaining({
          onHandDelta: -5,
          onHand: 2,
          reason: 'import',
          reference: second.id,
        }),
      },
    ]);

    // A variant with stock cannot be deleted by leaving it out of the file: its product fails.
    await importCsv(
      store,
      HEADER +
        row({
          Handle: 'two',
          Title: 'Two',
          'Option1 Name': 'Size',
          'Option1 Value': 'S',
          'Variant SKU': 'TW-S',
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': 1,
        }) +
        row({
          Handle: 'two',
          'Option1 Value': 'M',
          'Variant SKU': 'TW-M',
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': 1,
        }),
    );
    const dropped = await importCsv(
      store,
      HEADER +
        row({
          Handle: 'two',
          Title: 'Two',
          'Option1 Name': 'Size',
          'Option1 Value': 'S',
          'Variant SKU': 'TW-S',
        }),
    );
    expect(dropped).toMatchObject({ products_failed: 1 });
    expect(await errorsOf(store, dropped.id as string)).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringMatching(/stock records/) }),
    ]);
    expect(await levels()).toEqual({ 'T-1': 2, 'TW-M': 1, 'TW-S': 1 });

    // A hand-made sheet without the tracker column: the quantity counts.
    await importCsv(store, 'Handle,Title,Variant SKU,Variant Inventory Qty\nhandmade,Handmade,HM-1,11\n');
    expect(await levels()).toEqual({ 'T-1': 2, 'HM-1': 11, 'TW-M': 1, 'TW-S': 1 });

    // Two of T-1 held by a cart: a file saying 1 is refused for that row, and its product is not
    // changed at all (not even the title); the other product of the file lands.
    const { rows: t1 } = await server.platform.db.execute<{ id: string }>(
      sql`SELECT id FROM variants WHERE store_id = ${storeId} AND sku = 'T-1'`,
    );
    const held = await fetch(`${server.url}/admin/v1/inventory/reservations`, {
      method: 'POST',
      headers: { ...store.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ owner_ref: 'cart_1', lines: [{ variant_id: t1[0]!.id, quantity: 2 }] }),
    });
    expect(held.status).toBe(201);
    const refused = await importCsv(
      store,
      HEADER +
        product('tracked', 'T-1', 'shopify', 1, 'Renamed') +
        product('handmade', 'HM-1', 'shopify', 12),
    );
    expect(refused).toMatchObject({ products_updated: 1, products_failed: 1 });
    expect(await errorsOf(store, refused.id as string)).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Variant Inventory Qty',
        message: expect.stringMatching(/2 reserved/),
      }),
    ]);
    expect(await levels()).toEqual({ 'T-1': 2, 'HM-1': 12, 'TW-M': 1, 'TW-S': 1 });
    const { rows: titles } = await server.platform.db.execute<{ title: string }>(
      sql`SELECT title FROM products WHERE store_id = ${storeId} AND handle = 'tracked'`,
    );
    expect(titles[0]!.title).toBe('tracked');
  });

  it('fails the rows that carry stock when the store has no active location, and imports the rest', async () => {
    const store = await createStaffSession(server, { role: 'owner' });
    const closed = await fetch(`${server.url}/admin/v1/stock-locations`, {
      method: 'POST',
      headers: { ...store.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Closed shop', code: 'closed', active: false }),
    });
    expect(closed.status).toBe(201);
    const job = await importCsv(
      store,
      HEADER +
        row({
          Handle: 'with-stock',
          Title: 'With',
          'Variant SKU': 'W-1',
          'Variant Inventory Tracker': 'shopify',
          'Variant Inventory Qty': 4,
        }) +
        row({ Handle: 'without-stock', Title: 'Without', 'Variant SKU': 'WO-1' }),
    );
    expect(job).toMatchObject({ products_created: 1, products_failed: 1 });
    expect(await errorsOf(store, job.id as string)).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Variant Inventory Qty',
        message: expect.stringMatching(/no active stock location/),
      }),
    ]);
    const { rows } = await server.platform.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM stock_locations WHERE store_id = ${store.storeId}`,
    );
    expect(rows[0]!.n).toBe(1); // no warehouse opened behind the merchant's back
  });

  it('reads Gift Card and Variant Requires Shipping: digital goods and gift cards ship nothing', async () => {
    const csv = [
      HEADER,
      row({ Handle: 'ebook', Title: 'E-book', 'Variant SKU': 'EB-1', 'Variant Requires Shipping': 'FALSE' }),
      row({ Handle: 'voucher', Title: 'Voucher', 'Variant SKU': 'VO-1', 'Gift Card': 'true' }),
      // row 4: one variant ships, so the product does
      row({
        Handle: 'mixed',
        Title: 'Mixed',
        'Option1 Name': 'Format',
        'Option1 Value': 'PDF',
        'Variant SKU': 'MX-1',
        'Variant Requires Shipping': 'FALSE',
      }),
      row({
        Handle: 'mixed',
        'Option1 Value': 'Print',
        'Variant SKU': 'MX-2',
        'Variant Requires Shipping': 'TRUE',
      }),
      row({ Handle: 'bad-flag', Title: 'Bad', 'Variant SKU': 'BF-1', 'Gift Card': 'maybe' }), // row 6
      row({
        Handle: 'shipped-card',
        Title: 'Card',
        'Variant SKU': 'SC-9',
        'Gift Card': 'TRUE',
        'Variant Requires Shipping': 'TRUE',
      }), // row 7
    ].join('');
    const session = await createStaffSession(server, { role: 'owner' });
    const job = await importCsv(session, csv);
    expect(job).toMatchObject({ status: 'completed', products_created: 3, products_failed: 2 });
    expect((await errorsOf(session, job.id as string)).map((e) => [e.row, e.column])).toEqual([
      [6, 'Gift Card'],
      [7, 'Variant Requires Shipping'],
    ]);
    const flags = (await catalogOf(session.storeId!)).map((p) => [
      p.handle,
      p.requires_shipping,
      p.gift_card,
    ]);
    expect(flags).toEqual([
      ['ebook', false, false],
      ['mixed', true, false],
      ['voucher', false, true],
    ]);
  });

  it('refuses what is not a product CSV, writing nothing', async () => {
    const jobs = () =>
      server.platform.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM catalog_import_jobs`);
    const before = (await jobs()).rows[0]!.n;
    expect((await upload(owner, '\x89PNG\r\n\x1a\n\0\0\0', 'image/png')).status).toBe(415);
    expect((await upload(owner, JSON.stringify({ Handle: 'x' }), 'application/json')).status).toBe(415);
    const binary = await upload(owner, 'Handle,Title\n\0\0\0', 'text/csv');
    expect(binary.status).toBe(422);
    const noHandle = await upload(owner, 'name,price\nshirt,10\n', 'text/csv');
    expect(noHandle.status).toBe(422);
    expect(noHandle.body.detail).toMatch(/Handle/);
    expect((await jobs()).rows[0]!.n).toBe(before);
    const reader = await createStaffSession(server, { role: 'read_only', storeId: owner.storeId! });
    expect((await upload(reader, GOOD)).status).toBe(403);
  });

  it('accepts the file as a multipart form field', async () => {
    const other = await createStaffSession(server, { role: 'owner' });
    const form = new FormData();
    form.append('file', new Blob([GOOD], { type: 'text/csv' }), 'products.csv');
    const res = await fetch(`${server.url}/admin/v1/products/import`, {
      method: 'POST',
      headers: other.headers,
      body: form,
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; file_name: string };
    expect(body.file_name).toBe('products.csv');
    expect(await finished(other, body.id)).toMatchObject({ status: 'completed', products_created: 2 });
  });

  it('exports a CSV that imports into another store as the same catalog', async () => {
    const res = await fetch(`${server.url}/admin/v1/products/export`, { headers: owner.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    expect(csv.split('\n')[0]).toBe(HEADER.trimEnd());
    const exported = parseCsv(csv).records;
    const col = (name: string) => exported[0]!.fields.indexOf(name);
    const lsw = exported.find((r) => r.fields[col('Variant SKU')] === 'LS-S-W')!;
    expect([lsw.fields[col('Variant Inventory Tracker')], lsw.fields[col('Variant Inventory Qty')]]).toEqual([
      'shopify',
      '5',
    ]);

    const other = await createStaffSession(server, { role: 'owner' });
    const job = await importCsv(other, csv);
    expect(job).toMatchObject({ status: 'completed', error_count: 0, products_created: 4 });
    expect(await catalogOf(other.storeId!)).toEqual(await catalogOf(owner.storeId!));

    const filtered = await fetch(`${server.url}/admin/v1/products/export?status=draft`, {
      headers: owner.headers,
    });
    const records = parseCsv(await filtered.text()).records;
    expect(records.slice(1).map((r) => r.fields[0])).toEqual(['gift-card']);
  });

  it('imports a 10,000-row file as a background job, reporting progress on the way', async () => {
    const store = await createStaffSession(server, { role: 'owner' });
    const started = Date.now();
    const { status, body } = await upload(store, generateShopifyCsv(10_000));
    expect(status).toBe(202);
    const seen: number[] = [];
    const deadline = Date.now() + 90_000;
    let job: Record<string, unknown>;
    for (;;) {
      const res = await fetch(`${server.url}/admin/v1/products/import/${String(body.id)}`, {
        headers: store.headers,
      });
      job = (await res.json()) as Record<string, unknown>;
      seen.push(job.processed_rows as number);
      if (job.status === 'completed' || job.status === 'failed' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`10,000-row import: ${seconds.toFixed(1)} s`);
    expect(job).toMatchObject({
      status: 'completed',
      total_rows: 10_000,
      processed_rows: 10_000,
      error_count: 0,
    });
    expect(job.products_created).toBe(3334);
    expect(seen.some((n) => n > 0 && n < 10_000)).toBe(true); // progress was visible mid-way
    const { rows } = await server.platform.db.execute<{ n: number; levels: number }>(
      sql`SELECT count(*)::int AS n,
            (SELECT count(*)::int FROM inventory_levels l WHERE l.store_id = ${store.storeId}) AS levels
          FROM variants WHERE store_id = ${store.storeId}`,
    );
    expect(rows[0]).toEqual({ n: 10_000, levels: 10_000 });
  }, 120_000);
});

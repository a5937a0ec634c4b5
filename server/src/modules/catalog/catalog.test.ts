import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, createTestApiKey, type StaffSession } from '../../../test/identity.ts';
import { withStore } from '../../platform/db/database.ts';
import { getProductForStorefront, getVariants } from './service.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let other: StaffSession;
let reader: StaffSession;
let shopper: Record<string, string>;
let dataDir: string;

// Smallest valid files of each kind (headers are what the magic-number check reads).
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000002000000030806000000b8f1c5f20000000d49444154789c6360000000000200013e5d6a0c0000000049454e44ae426082',
  'hex',
);
const GIF = Buffer.from('47494638396104000500800000000000ffffff2c00000000040005000002028401003b', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffc0000b080007000901011100ffd9', 'hex');
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([26, 0, 0, 0]),
  Buffer.from('WEBPVP8L'),
  Buffer.from([13, 0, 0, 0, 0x2f, 0x09, 0x40, 0x01, 0x00]),
  Buffer.alloc(9),
]);
const AVIF = Buffer.concat([
  Buffer.from([0, 0, 0, 0x1c]),
  Buffer.from('ftypavif'),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('avifmif1miaf'),
]);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'carton-catalog-'));
  server = await startTestServer({ overrides: { CARTON_DATA_DIR: dataDir } });
  owner = await createStaffSession(server, { role: 'owner' });
  other = await createStaffSession(server, { role: 'owner' });
  reader = await createStaffSession(server, { role: 'read_only', storeId: owner.storeId! });
  shopper = (await createTestApiKey(server, { storeId: owner.storeId!, kind: 'publishable' })).headers;
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const api = (
  method: string,
  path: string,
  body?: unknown,
  session: { headers: Record<string, string> } = owner,
) => call(server, method, path, { headers: session.headers, body });

async function count(table: string, storeId = owner.storeId!): Promise<number> {
  const r = await server.platform.db.execute(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE store_id = ${storeId}`,
  );
  return r.rows[0]!.n as number;
}

async function upload(
  productId: string,
  bytes: Buffer,
  query = '',
  contentType = 'application/octet-stream',
) {
  const res = await fetch(`${server.url}/admin/v1/products/${productId}/images${query}`, {
    method: 'POST',
    headers: { ...owner.headers, 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const shirt = (suffix = '') => ({
  title: `Áo thun đẹp${suffix}`,
  description: '**Soft** cotton',
  brand: 'Carton',
  tags: ['tee', 'summer'],
  options: [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Red', 'Blue'] },
  ],
  variants: [
    { sku: `TEE-S-R${suffix}`, option_values: { Size: 'S', Colour: 'Red' }, weight_grams: 200 },
    { sku: `TEE-M-B${suffix}`, option_values: { Size: 'M', Colour: 'Blue' }, backorder_policy: 'allow' },
  ],
});

describe('products', () => {
  it('creates a product with options and variants, a generated handle, events and an audit entry', async () => {
    const res = await api('POST', '/admin/v1/products', shirt());
    expect(res.status).toBe(201);
    const p = res.body;
    expect(p.handle).toBe('ao-thun-dep');
    expect(p.status).toBe('draft');
    expect(p.options.map((o: { name: string }) => o.name)).toEqual(['Size', 'Colour']);
    expect(p.variants).toHaveLength(2);
    expect(p.variants[0]).toMatchObject({
      sku: 'TEE-S-R',
      title: 'S / Red',
      weight_grams: 200,
      backorder_policy: 'deny',
    });
    expect(p.variants[1].backorder_policy).toBe('allow');

    const events = await server.platform.db.execute(
      sql`SELECT type FROM events WHERE store_id = ${owner.storeId} AND aggregate_id IN (${p.id}, ${p.variants[0].id})`,
    );
    expect(events.rows.map((r) => r.type).sort()).toEqual(['product.created', 'variant.created']);
    const audit = await server.platform.db.execute(
      sql`SELECT action FROM audit_log WHERE entity_id = ${p.id}`,
    );
    expect(audit.rows.map((r) => r.action)).toContain('product.created');

    // A second product of the same title gets the next free handle.
    const again = await api('POST', '/admin/v1/products', { title: 'Áo thun đẹp' });
    expect(again.body.handle).toBe('ao-thun-dep-2');
  });

  it('refuses duplicate handles and SKUs with 409 and field errors, writing nothing', async () => {
    const before = await count('products');
    const eventsBefore = await count('events');
    const dupHandle = await api('POST', '/admin/v1/products', { ...shirt('-x'), handle: 'ao-thun-dep' });
    expect(dupHandle.status).toBe(409);
    expect(dupHandle.body.errors).toEqual([{ path: 'handle', message: 'already in use' }]);

    const dupSku = await api('POST', '/admin/v1/products', {
      title: 'Other',
      variants: [{ sku: 'TEE-S-R' }],
    });
    expect(dupSku.status).toBe(409);
    expect(dupSku.body.errors[0].path).toBe('variants.0.sku');

    const twiceInBody = await api('POST', '/admin/v1/products', {
      title: 'Twice',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'SAME', option_values: { Size: 'S' } },
        { sku: 'SAME', option_values: { Size: 'M' } },
      ],
    });
    expect(twiceInBody.status).toBe(409);
    expect(await count('products')).toBe(before);
    expect(await count('variants', owner.storeId!)).toBe(2);
    expect(await count('events')).toBe(eventsBefore);
  });

  it('refuses option values that do not match the product options (422), writing nothing', async () => {
    const before = await count('products');
    const cases = [
      {
        options: [{ name: 'Size', values: ['S'] }],
        variants: [{ sku: 'A1', option_values: { Size: 'XL' } }],
      },
      {
        options: [{ name: 'Size', values: ['S'] }],
        variants: [{ sku: 'A2', option_values: { Colour: 'Red' } }],
      },
      { options: [{ name: 'Size', values: ['S'] }], variants: [{ sku: 'A3', option_values: {} }] },
      {
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: 'A4', option_values: { Size: 'S' } },
          { sku: 'A5', option_values: { Size: 'S' } },
        ],
      },
      { variants: [{ sku: 'A6' }, { sku: 'A7' }] },
      { options: [{ name: 'Size', values: ['S', 'S'] }] },
    ];
    for (const c of cases) {
      const res = await api('POST', '/admin/v1/products', { title: 'Bad', ...c });
      expect(res.status, JSON.stringify(c)).toBe(422);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect(await count('products')).toBe(before);
  });

  it('rejects malformed bodies with 400', async () => {
    for (const body of [
      { title: '' },
      { title: 'x', handle: 'Not A Handle' },
      { title: 'x', status: 'published' },
      { title: 'x', variants: [{ sku: 'W', weight_grams: -1 }] },
      { title: 'x', variants: [{ sku: 'W', weight_grams: 1.5 }] },
    ]) {
      const res = await api('POST', '/admin/v1/products', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('updates fields and moves status through the state machine', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', { title: 'Lamp', tags: ['home'] });
    const up = await api('PATCH', `/admin/v1/products/${p.id}`, {
      status: 'active',
      seo_title: 'A lamp',
      metadata: { origin: 'VN' },
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'active', seo_title: 'A lamp', metadata: { origin: 'VN' } });
    expect(up.body.published_at).not.toBeNull();
    expect((await api('PATCH', `/admin/v1/products/${p.id}`, { status: 'archived' })).status).toBe(200);
    const illegal = await api('PATCH', `/admin/v1/products/${p.id}`, { status: 'active' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('INVALID_STATE_TRANSITION');
    expect((await api('PATCH', `/admin/v1/products/${p.id}`, { status: 'draft' })).status).toBe(200);

    const dup = await api('PATCH', `/admin/v1/products/${p.id}`, { handle: 'ao-thun-dep' });
    expect(dup.status).toBe(409);
  });

  it('manages variants: add, change, refuse bad option values and taken SKUs, delete', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', shirt('-v'));
    const add = await api('POST', `/admin/v1/products/${p.id}/variants`, {
      sku: 'TEE-S-B-v',
      option_values: { Size: 'S', Colour: 'Blue' },
      barcode: '0123456789012',
    });
    expect(add.status).toBe(201);
    expect(add.body.title).toBe('S / Blue');
    const taken = await api('POST', `/admin/v1/products/${p.id}/variants`, {
      sku: 'TEE-S-R',
      option_values: { Size: 'M', Colour: 'Red' },
    });
    expect(taken.status).toBe(409);
    const sameCombo = await api('POST', `/admin/v1/products/${p.id}/variants`, {
      sku: 'NEW-1',
      option_values: { Size: 'S', Colour: 'Blue' },
    });
    expect(sameCombo.status).toBe(422);
    const badValue = await api('PATCH', `/admin/v1/variants/${add.body.id}`, {
      option_values: { Size: 'XXL', Colour: 'Blue' },
    });
    expect(badValue.status).toBe(422);
    const changed = await api('PATCH', `/admin/v1/variants/${add.body.id}`, {
      sku: 'RENAMED',
      height_mm: 30,
    });
    expect(changed.body).toMatchObject({ sku: 'RENAMED', height_mm: 30 });
    const skuClash = await api('PATCH', `/admin/v1/variants/${add.body.id}`, { sku: 'TEE-S-R' });
    expect(skuClash.status).toBe(409);
    expect((await api('GET', `/admin/v1/variants/${add.body.id}`)).body.sku).toBe('RENAMED');
    expect((await api('DELETE', `/admin/v1/variants/${add.body.id}`)).status).toBe(204);
    expect((await api('GET', `/admin/v1/variants/${add.body.id}`)).status).toBe(404);

    // Options that no longer fit the variants are refused.
    const shrink = await api('PATCH', `/admin/v1/products/${p.id}`, {
      options: [{ name: 'Size', values: ['S', 'M'] }],
    });
    expect(shrink.status).toBe(422);
  });

  it('lists with cursor pagination and filters', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api('POST', '/admin/v1/products', {
        title: `Pager ${i}`,
        status: i % 2 ? 'active' : 'draft',
        variants: [{ sku: `PAGER-${i}` }],
      });
      created.push(r.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/admin/v1/products?limit=2&query=pager${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api('GET', q);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    const active = await api('GET', '/admin/v1/products?query=pager&status=active');
    expect(active.body.data).toHaveLength(2);
    const bySku = await api('GET', '/admin/v1/products?query=PAGER-3');
    expect(bySku.body.data.map((p: { id: string }) => p.id)).toEqual([created[3]]);
    expect((await api('GET', '/admin/v1/products?cursor=garbage!')).status).toBe(400);
  });

  it('keeps stores apart and checks permissions', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', {
      title: 'Private',
      variants: [{ sku: 'PRIV-1' }],
    });
    expect((await api('GET', `/admin/v1/products/${p.id}`, undefined, other)).status).toBe(404);
    expect((await api('PATCH', `/admin/v1/products/${p.id}`, { title: 'x' }, other)).status).toBe(404);
    expect((await api('DELETE', `/admin/v1/products/${p.id}`, undefined, other)).status).toBe(404);
    expect((await api('GET', `/admin/v1/variants/${p.variants[0].id}`, undefined, other)).status).toBe(404);
    // The same SKU and handle are free in another store.
    const elsewhere = await api(
      'POST',
      '/admin/v1/products',
      { title: 'Private', variants: [{ sku: 'PRIV-1' }] },
      other,
    );
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.handle).toBe('private');
    // Assigning a foreign product to a category is an unknown id.
    const { body: cat } = await api('POST', '/admin/v1/categories', { name: 'Theirs' }, other);
    expect(
      (await api('POST', `/admin/v1/categories/${cat.id}/products`, { product_ids: [p.id] }, other)).status,
    ).toBe(422);
    const foreignCategory = await api('POST', '/admin/v1/products', {
      title: 'Mine',
      category_ids: [cat.id],
    });
    expect(foreignCategory.status).toBe(422);
    expect(foreignCategory.body.errors[0].path).toBe('category_ids.0');
    expect((await api('PATCH', `/admin/v1/categories/${cat.id}`, { name: 'x' })).status).toBe(404);
    expect((await upload(elsewhere.body.id, PNG)).status).toBe(404);

    expect((await api('GET', `/admin/v1/products/${p.id}`, undefined, reader)).status).toBe(200);
    expect((await api('POST', '/admin/v1/products', { title: 'No' }, reader)).status).toBe(403);
    expect((await call(server, 'GET', '/admin/v1/products')).status).toBe(401);
  });

  it('deletes a product with everything hanging off it', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', shirt('-d'));
    await upload(p.id, PNG);
    expect((await api('DELETE', `/admin/v1/products/${p.id}`)).status).toBe(204);
    expect((await api('GET', `/admin/v1/products/${p.id}`)).status).toBe(404);
    const left = await server.platform.db.execute(
      sql`SELECT (SELECT count(*) FROM variants WHERE product_id = ${p.id})::int + (SELECT count(*) FROM product_images WHERE product_id = ${p.id})::int AS n`,
    );
    expect(left.rows[0]!.n).toBe(0);
    expect((await api('DELETE', `/admin/v1/products/${p.id}`)).status).toBe(404);
  });
});

describe('categories', () => {
  it('builds a tree, counts products including descendants, moves, refuses cycles, deletes', async () => {
    const mk = async (name: string, parent_id?: string) =>
      (await api('POST', '/admin/v1/categories', { name, parent_id })).body as { id: string; handle: string };
    const clothes = await mk('Clothes');
    const tops = await mk('Tops', clothes.id);
    const tees = await mk('T-shirts', tops.id);
    const shoes = await mk('Shoes');
    expect(tees.handle).toBe('t-shirts');

    const a = (await api('POST', '/admin/v1/products', { title: 'Tee A', status: 'active' })).body;
    const b = (await api('POST', '/admin/v1/products', { title: 'Tee B', category_ids: [tees.id] })).body;
    expect(b.category_ids).toEqual([tees.id]);
    expect(
      (await api('POST', `/admin/v1/categories/${tees.id}/products`, { product_ids: [a.id, b.id] })).status,
    ).toBe(204);
    await api('POST', `/admin/v1/categories/${tops.id}/products`, { product_ids: [a.id] });

    const tree = (await api('GET', '/admin/v1/categories')).body.data;
    const top = tree.find((n: { id: string }) => n.id === clothes.id);
    expect(top.product_count).toBe(2); // a counted once though in two categories
    expect(top.children[0].children[0]).toMatchObject({ id: tees.id, product_count: 2 });

    // Store API counts active products only.
    const storeTree = (await call(server, 'GET', '/store/v1/categories', { headers: shopper })).body.data;
    expect(storeTree.find((n: { id: string }) => n.id === clothes.id).product_count).toBe(1);

    // Filter products by a category includes its subcategories.
    const listed = await api('GET', `/admin/v1/products?category_id=${clothes.id}`);
    expect(listed.body.data.map((p: { id: string }) => p.id).sort()).toEqual([a.id, b.id].sort());

    // Cycles: under itself or under a descendant.
    for (const parent of [clothes.id, tees.id]) {
      const cyc = await api('PATCH', `/admin/v1/categories/${clothes.id}`, { parent_id: parent });
      expect(cyc.status).toBe(422);
      expect(cyc.body.code).toBe('CATEGORY_CYCLE');
    }
    expect((await api('PATCH', `/admin/v1/categories/${clothes.id}`, { parent_id: 'cat_nope' })).status).toBe(
      422,
    );

    // Move Tops (with T-shirts) under Shoes; paths of the subtree follow.
    const moved = await api('PATCH', `/admin/v1/categories/${tops.id}`, {
      parent_id: shoes.id,
      name: 'Tops!',
    });
    expect(moved.body).toMatchObject({ parent_id: shoes.id, name: 'Tops!' });
    const paths = await server.platform.db.execute(
      sql`SELECT id, path FROM categories WHERE id IN (${tops.id}, ${tees.id})`,
    );
    const pathOf = Object.fromEntries(paths.rows.map((r) => [r.id, r.path]));
    expect(pathOf[tees.id]).toBe(`/${shoes.id}/${tops.id}/${tees.id}/`);
    const after = (await api('GET', '/admin/v1/categories')).body.data;
    expect(after.find((n: { id: string }) => n.id === shoes.id).product_count).toBe(2);
    expect(after.find((n: { id: string }) => n.id === clothes.id).product_count).toBe(0);

    // Delete policy: refuse while it has children.
    const refused = await api('DELETE', `/admin/v1/categories/${tops.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CATEGORY_HAS_CHILDREN');
    expect((await api('DELETE', `/admin/v1/categories/${tees.id}/products/${b.id}`)).status).toBe(204);
    expect((await api('DELETE', `/admin/v1/categories/${tees.id}`)).status).toBe(204);
    expect((await api('DELETE', `/admin/v1/categories/${tops.id}`)).status).toBe(204);
    expect((await api('GET', `/admin/v1/products/${a.id}`)).body.category_ids).toEqual([]);
    expect((await api('POST', '/admin/v1/categories', { name: 'Dup', handle: 'shoes' })).status).toBe(409);

    // Deep trees are served whole.
    let parent: string | undefined;
    for (let depth = 0; depth < 9; depth++) parent = (await mk(`Level ${depth}`, parent)).id;
    let node = (await api('GET', '/admin/v1/categories')).body.data.find(
      (n: { name: string }) => n.name === 'Level 0',
    );
    let levels = 1;
    while (node.children.length) [node, levels] = [node.children[0], levels + 1];
    expect(levels).toBe(9);
  });
});

describe('collections', () => {
  it('orders products manually and serves them to shoppers by handle', async () => {
    const ids: string[] = [];
    for (const [i, status] of (['active', 'active', 'draft'] as const).entries()) {
      ids.push((await api('POST', '/admin/v1/products', { title: `Coll ${i}`, status })).body.id);
    }
    const { body: c } = await api('POST', '/admin/v1/collections', { title: 'Summer Picks' });
    expect(c.handle).toBe('summer-picks');
    const order = [ids[2]!, ids[1]!, ids[0]!];
    expect((await api('PUT', `/admin/v1/collections/${c.id}/products`, { product_ids: order })).status).toBe(
      204,
    );
    const admin = await api('GET', `/admin/v1/collections/${c.id}/products?limit=2`);
    expect(admin.body.data.map((p: { id: string }) => p.id)).toEqual(order.slice(0, 2));
    const rest = await api('GET', `/admin/v1/collections/${c.id}/products?cursor=${admin.body.next_cursor}`);
    expect(rest.body.data.map((p: { id: string }) => p.id)).toEqual([order[2]]);

    await api('PUT', `/admin/v1/products/${ids[1]}/translations/vi`, { title: 'Bộ sưu tập 1' });
    const store = await call(server, 'GET', '/store/v1/collections/summer-picks?locale=vi', {
      headers: shopper,
    });
    expect(store.status).toBe(200);
    expect(store.body.collection.title).toBe('Summer Picks');
    expect(store.body.products.data.map((p: { id: string }) => p.id)).toEqual([ids[1], ids[0]]); // draft hidden
    expect(store.body.products.data[0].title).toBe('Bộ sưu tập 1');
    expect((await call(server, 'GET', '/store/v1/collections/nope', { headers: shopper })).status).toBe(404);
    expect((await call(server, 'GET', '/store/v1/collections/summer-picks')).status).toBe(401);

    const unknown = await api('PUT', `/admin/v1/collections/${c.id}/products`, {
      product_ids: [ids[0], 'prod_nope'],
    });
    expect(unknown.status).toBe(422);
    expect((await api('GET', `/admin/v1/collections/${c.id}/products`)).body.data).toHaveLength(3);
    expect((await api('GET', `/admin/v1/products?collection_id=${c.id}`)).body.data).toHaveLength(3);
    expect((await api('PATCH', `/admin/v1/collections/${c.id}`, { title: 'Renamed' })).body.title).toBe(
      'Renamed',
    );
    expect((await api('DELETE', `/admin/v1/collections/${c.id}`)).status).toBe(204);
    expect((await api('GET', `/admin/v1/collections/${c.id}`)).status).toBe(404);
  });
});

describe('images', () => {
  it('accepts JPEG, PNG, WebP, GIF and AVIF by magic number, serves them, orders them and picks a primary', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', { title: 'Pictured' });
    const first = await upload(p.id, PNG, '?alt=Front');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      content_type: 'image/png',
      width: 2,
      height: 3,
      is_primary: true,
      alt: 'Front',
    });
    const gif = await upload(p.id, GIF, '', 'image/png'); // the claimed type is ignored
    expect(gif.body).toMatchObject({ content_type: 'image/gif', width: 4, height: 5, is_primary: false });
    const jpeg = await upload(p.id, JPEG, '', 'image/jpeg');
    expect(jpeg.body).toMatchObject({ content_type: 'image/jpeg', width: 9, height: 7 });
    expect((await upload(p.id, WEBP)).body.content_type).toBe('image/webp');
    expect((await upload(p.id, AVIF)).body.content_type).toBe('image/avif');

    const served = await fetch(`${server.url}${first.body.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${server.url}/files/../../etc/passwd`)).status).toBe(404);

    const primary = await api('PATCH', `/admin/v1/products/${p.id}/images/${gif.body.id}`, {
      is_primary: true,
      alt: 'Gif',
    });
    expect(primary.body).toMatchObject({ is_primary: true, alt: 'Gif' });
    const product = (await api('GET', `/admin/v1/products/${p.id}`)).body;
    expect(
      product.images.filter((i: { is_primary: boolean }) => i.is_primary).map((i: { id: string }) => i.id),
    ).toEqual([gif.body.id]);

    const ids = product.images.map((i: { id: string }) => i.id) as string[];
    const reordered = await api('PUT', `/admin/v1/products/${p.id}/images/order`, {
      image_ids: [...ids].reverse(),
    });
    expect(reordered.body.data.map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    expect(
      (await api('PUT', `/admin/v1/products/${p.id}/images/order`, { image_ids: ids.slice(1) })).status,
    ).toBe(422);

    // Deleting the primary promotes the next image, and removes the file.
    expect((await api('DELETE', `/admin/v1/products/${p.id}/images/${gif.body.id}`)).status).toBe(204);
    expect((await fetch(`${server.url}${gif.body.url}`)).status).toBe(404);
    const after = (await api('GET', `/admin/v1/products/${p.id}`)).body.images;
    expect(after.filter((i: { is_primary: boolean }) => i.is_primary)).toHaveLength(1);
  });

  it('refuses files that are not images, empty bodies and unknown products, writing nothing', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', { title: 'No pictures' });
    const before = await count('product_images');
    const text = await upload(
      p.id,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      '',
      'image/png',
    );
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(p.id, Buffer.from('%PDF-1.4 ...'))).status).toBe(415);
    const wrongHeader = await fetch(`${server.url}/admin/v1/products/${p.id}/images`, {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'text/html' },
      body: '<html>',
    });
    expect(wrongHeader.status).toBe(415);
    expect((await upload('prod_unknown', PNG)).status).toBe(404);
    expect((await upload(p.id, PNG, '?variant_id=var_unknown')).status).toBe(422);
    expect(await count('product_images')).toBe(before);
  });

  it('replays an upload sent twice with the same Idempotency-Key', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', { title: 'Once' });
    const send = () =>
      fetch(`${server.url}/admin/v1/products/${p.id}/images`, {
        method: 'POST',
        headers: { ...owner.headers, 'content-type': 'image/png', 'idempotency-key': `upload-${p.id}` },
        body: new Uint8Array(PNG),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect((await api('GET', `/admin/v1/products/${p.id}`)).body.images).toHaveLength(1);
  });
});

describe('translations and the storefront read', () => {
  it('returns the shopper locale with fallback to the default, in one query', async () => {
    const { body: p } = await api('POST', '/admin/v1/products', { ...shirt('-t'), status: 'active' });
    await upload(p.id, PNG, '?alt=Front');
    const vi = await api('PUT', `/admin/v1/products/${p.id}/translations/vi`, {
      title: 'Áo thun',
      description: 'Vải **cotton**',
    });
    expect(vi.status).toBe(200);
    expect(
      (await api('PUT', `/admin/v1/products/${p.id}/translations/not a locale`, { title: 'x' })).status,
    ).toBe(400);
    expect((await api('GET', `/admin/v1/products/${p.id}/translations`)).body.data).toHaveLength(1);

    const storeId = owner.storeId!;
    const db = server.platform.db;
    const inVi = await getProductForStorefront(db, storeId, { handle: p.handle, locale: 'vi-VN' });
    expect(inVi).toMatchObject({
      title: 'Áo thun',
      description: 'Vải **cotton**',
      locale: 'vi',
      seoTitle: null,
    });
    expect(inVi!.variants.map((v) => v.sku)).toEqual(['TEE-S-R-t', 'TEE-M-B-t']);
    expect(inVi!.options[1]).toEqual({ name: 'Colour', position: 1, values: ['Red', 'Blue'] });
    expect(inVi!.images[0]).toMatchObject({ alt: 'Front', isPrimary: true });
    const inEn = await getProductForStorefront(db, storeId, { id: p.id, locale: 'en' });
    expect(inEn).toMatchObject({ title: 'Áo thun đẹp-t', locale: null });
    expect(await getProductForStorefront(db, other.storeId!, { id: p.id })).toBeNull();

    // Drafts are not for shoppers unless asked for.
    await api('PATCH', `/admin/v1/products/${p.id}`, { status: 'draft' });
    expect(await getProductForStorefront(db, storeId, { id: p.id })).toBeNull();
    expect(await getProductForStorefront(db, storeId, { id: p.id, includeInactive: true })).not.toBeNull();

    // One statement, whatever the product's size.
    let statements = 0;
    const client = await server.platform.database.pool.connect();
    const query = client.query.bind(client);
    (client as unknown as { query: unknown }).query = (...args: Parameters<typeof query>) => {
      statements++;
      return query(...args);
    };
    try {
      const { drizzle } = await import('drizzle-orm/node-postgres');
      await getProductForStorefront(drizzle({ client }), storeId, {
        handle: p.handle,
        locale: 'vi',
        includeInactive: true,
      });
    } finally {
      client.release();
    }
    expect(statements).toBe(1);

    // Variants with their product, for pricing, inventory and carts.
    const vs = await withStore(db, storeId, (tx) =>
      getVariants(tx, storeId, [p.variants[1].id, 'var_nope', p.variants[0].id]),
    );
    expect(vs.map((v) => v.sku)).toEqual(['TEE-M-B-t', 'TEE-S-R-t']);
    expect(vs[0]!.product).toMatchObject({ id: p.id, handle: p.handle, status: 'draft' });

    expect((await api('DELETE', `/admin/v1/products/${p.id}/translations/vi`)).status).toBe(204);
    expect((await api('DELETE', `/admin/v1/products/${p.id}/translations/vi`)).status).toBe(404);
  });

  it('documents every catalog route in OpenAPI', async () => {
    const doc = (await call(server, 'GET', '/openapi.json')).body;
    for (const path of [
      '/admin/v1/products',
      '/admin/v1/categories',
      '/store/v1/categories',
      '/store/v1/collections/{handle}',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, type Shop } from '../../../web/test/harness.ts';

/**
 * The storefront's server-rendered pages, as a search engine sees them: real Carton, real demo
 * data, the built app (web/build.ts builds it when stale), plain HTTP.
 */
describe('storefront pages rendered on the server', () => {
  let shop: Shop;
  let product: { id: string; handle: string; title: string };

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${shop.url}${path}`, { headers });

  beforeAll(async () => {
    shop = await startShop({ products: 40 });
    const list = await fetch(`${shop.url}/store/v1/products?limit=1`, {
      headers: { 'x-publishable-key': shop.publishableKey },
    });
    product = ((await list.json()) as { data: { id: string; handle: string; title: string }[] }).data[0]!;
  }, 180_000);
  afterAll(async () => {
    await shop?.close();
  });

  it('a product page has its title, description, canonical URL, JSON-LD Product and the product itself', async () => {
    const res = await get(`/products/${product.handle}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<title>${product.title} \\| `));
    expect(html).toMatch(/<meta name="description" content="[^"]{20,}"/);
    expect(html).toContain(`<link rel="canonical" href="${shop.url}/products/${product.handle}" />`);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'Product', name: product.title });
    expect(ld.offers['@type']).toBe('AggregateOffer');
    expect(ld.offers.priceCurrency).toBe('USD');
    expect(Number(ld.offers.lowPrice)).toBeGreaterThan(0);
    expect(ld.image[0]).toMatch(new RegExp(`^${shop.url}/demo-images/.+\\.svg$`));
    // Rendered, not a blank shell: the heading and the add-to-cart button are in the HTML.
    expect(html).toContain(`>${product.title}</h1>`);
    expect(html).toContain('Add to cart');
    expect(html).toContain('<script id="carton-state" type="application/json">');
  });

  it('a category page lists its products with facets; filters keep the canonical URL', async () => {
    const res = await get('/categories/apparel?in_stock=true');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Apparel | Demo Store</title>');
    expect(html).toContain(`<link rel="canonical" href="${shop.url}/categories/apparel" />`);
    expect(html).toMatch(/href="\/products\/[^"]+"/);
    expect(html).toContain('Filters');
  });

  it('answers 404 (not indexed) for an unknown product or category', async () => {
    for (const path of ['/products/no-such-thing', '/categories/no-such-thing']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).toContain('<meta name="robots" content="noindex" />');
      expect(html).toContain('Page not found');
    }
  });

  it('speaks Vietnamese and shows prices in the currency the shopper chose', async () => {
    const html = await (await get(`/products/${product.handle}`, { cookie: 'lang=vi; currency=EUR' })).text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Thêm vào giỏ');
    expect(html).toContain('€');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld.offers.priceCurrency).toBe('EUR');
    // Listings too: the search index holds prices in every currency an exchange rate reaches.
    const listing = await (await get('/categories/apparel', { cookie: 'currency=EUR' })).text();
    expect(listing).toMatch(/€\d/);
    // An unknown currency falls back to the store's.
    const usd = await (await get(`/products/${product.handle}`, { cookie: 'currency=XYZ' })).text();
    expect(usd).toContain('$');
  });

  it('publishes sitemap.xml with every category and product, and robots.txt pointing at it', async () => {
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.headers.get('content-type')).toContain('application/xml');
    const xml = await sitemap.text();
    expect(xml).toContain(`<loc>${shop.url}/products/${product.handle}</loc>`);
    expect(xml).toContain(`<loc>${shop.url}/categories/apparel</loc>`);
    expect(xml.match(/<loc>[^<]+\/products\//g)!.length).toBeGreaterThan(30);
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain(`Sitemap: ${shop.url}/sitemap.xml`);
    expect(robots).toContain('Disallow: /checkout');
  });

  it('serves the demo pictures and the hashed assets with long caching', async () => {
    const html = await (await get('/')).text();
    const image = /src="(\/demo-images\/[^"]+\.svg)"/.exec(html)![1]!;
    const res = await get(image);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await get(script, { 'accept-encoding': 'br' });
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/demo-images/apparel/tee/%3Cscript%3E.svg')).status).toBe(404);
  });

  it('shows merchant text as written, markup and `$` patterns included', async () => {
    const other = await fetch(`${shop.url}/store/v1/products?limit=2`, {
      headers: { 'x-publishable-key': shop.publishableKey },
    });
    const target = ((await other.json()) as { data: { id: string; handle: string }[] }).data[1]!;
    const title = `Deal $& $' <b>bold</b> "quoted"`;
    const res = await fetch(`${shop.url}/admin/v1/products/${target.id}`, {
      method: 'PATCH',
      headers: { 'x-api-key': shop.secretKey, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    expect(res.status).toBe(200);
    let html = '';
    for (let i = 0; i < 40 && !html.includes('Deal $&amp;'); i++) {
      await new Promise((r) => setTimeout(r, 250)); // the event evicts the cached product; the page lives 1 s
      html = await (await get(`/products/${target.handle}`)).text();
    }
    expect(html).toContain(`>Deal $&amp; $&#x27; &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;</h1>`);
    expect(html).not.toContain('<b>bold</b>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
    expect(ld.name).toBe(title);
  });

  it('leaves the API alone: unknown API paths stay problem+json', async () => {
    const res = await get('/store/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

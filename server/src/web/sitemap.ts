import type { CartonClient } from '@carton/client';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Most URLs one sitemap file may list (sitemaps.org). */
const MAX_URLS = 50_000;

/** The shop's sitemap: home, every category and every active product, read through the store API. */
export async function buildSitemap(api: CartonClient, origin: string): Promise<string> {
  const urls: string[] = [`${origin}/`];
  const categories = await api.GET('/store/v1/categories');
  type Node = { handle: string; children?: Node[] };
  const walk = (nodes: Node[]) => {
    for (const c of nodes) {
      urls.push(`${origin}/categories/${encodeURIComponent(c.handle)}`);
      walk(c.children ?? []);
    }
  };
  walk((categories.data?.data ?? []) as Node[]);
  let cursor: string | undefined;
  do {
    const page = await api.GET('/store/v1/products', {
      params: { query: { limit: 100, cursor, sort: 'newest' } },
    });
    if (!page.data) break;
    for (const p of page.data.data) urls.push(`${origin}/products/${encodeURIComponent(p.handle)}`);
    cursor = page.data.next_cursor ?? undefined;
  } while (cursor && urls.length < MAX_URLS);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    urls
      .slice(0, MAX_URLS)
      .map((u) => `  <url><loc>${escape(u)}</loc></url>`)
      .join('\n') +
    '\n</urlset>\n'
  );
}

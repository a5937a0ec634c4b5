import type { Category, Product } from './api.ts';
import type { ShopConfig } from './shop.ts';

/** What a page puts in <head>: rendered by the server, kept up to date by the browser. */
export interface PageHead {
  title: string;
  description: string;
  /** Path of the page's canonical URL (no filters, no tracking), or null for none. */
  canonical: string | null;
  noindex?: boolean;
  image?: string | null;
  jsonLd?: Record<string, unknown>;
}

const absolute = (shop: ShopConfig, url: string) => (/^https?:/.test(url) ? url : shop.origin + url);

/** Plain text from the markdown description, cut at a word near `max` characters. */
export function summary(markdown: string, max = 160): string {
  const text = markdown
    .replace(/[#*_`>[\]()!-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 80 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

export function pageHead(
  shop: ShopConfig,
  title: string,
  description: string,
  canonical: string | null,
): PageHead {
  return { title, description, canonical };
}

export function categoryHead(shop: ShopConfig, category: Category): PageHead {
  return {
    title: `${category.name} | ${shop.storeName}`,
    description:
      summary(category.description) ||
      `${category.name} at ${shop.storeName}: ${category.product_count} products, shipped fast.`,
    canonical: `/categories/${category.handle}`,
  };
}

const DIGITS = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function productHead(shop: ShopConfig, product: Product): PageHead {
  const url = `/products/${product.handle}`;
  const image = product.images.find((i) => i.is_primary) ?? product.images[0];
  const major = (amount: number) =>
    (amount / 10 ** DIGITS(product.currency)).toFixed(DIGITS(product.currency));
  const offers = product.variants
    .filter((v) => v.price)
    .map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      name: v.title,
      price: major(v.price!.amount),
      priceCurrency: v.price!.currency,
      availability: v.in_stock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
      url: absolute(shop, url),
    }));
  const description = product.seo.description ?? summary(product.description);
  return {
    title: product.seo.title ?? `${product.title} | ${shop.storeName}`,
    description,
    canonical: url,
    image: image ? absolute(shop, image.url) : null,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: product.title,
      description,
      sku: product.variants[0]?.sku,
      ...(product.brand ? { brand: { '@type': 'Brand', name: product.brand } } : {}),
      ...(image ? { image: [absolute(shop, image.url)] } : {}),
      url: absolute(shop, url),
      ...(product.price_range && offers.length
        ? {
            offers: {
              '@type': 'AggregateOffer',
              priceCurrency: product.currency,
              lowPrice: major(product.price_range.min),
              highPrice: major(product.price_range.max),
              offerCount: offers.length,
              availability: product.in_stock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
              offers,
            },
          }
        : {}),
    },
  };
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The <head> tags of a page, as HTML (server rendering). */
export function renderHead(shop: ShopConfig, head: PageHead): string {
  const tags = [
    `<title>${escape(head.title)}</title>`,
    `<meta name="description" content="${escape(head.description)}" />`,
  ];
  if (head.noindex) tags.push('<meta name="robots" content="noindex" />');
  if (head.canonical) {
    const url = absolute(shop, head.canonical);
    tags.push(
      `<link rel="canonical" href="${escape(url)}" />`,
      `<meta property="og:url" content="${escape(url)}" />`,
    );
  }
  tags.push(
    `<meta property="og:title" content="${escape(head.title)}" />`,
    `<meta property="og:description" content="${escape(head.description)}" />`,
    `<meta property="og:site_name" content="${escape(shop.storeName)}" />`,
  );
  if (head.image) tags.push(`<meta property="og:image" content="${escape(head.image)}" />`);
  if (head.jsonLd) {
    // `<` escaped so that no text in the data can close the script element.
    const json = JSON.stringify(head.jsonLd).replace(/</g, '\\u003c');
    tags.push(`<script type="application/ld+json">${json}</script>`);
  }
  return tags.join('\n    ');
}

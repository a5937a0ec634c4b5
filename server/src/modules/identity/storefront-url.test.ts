import { describe, expect, it } from 'vitest';
import { storefrontUrl } from './emails.ts';

/** Where e-mails send shoppers: a link must open a page Carton (or the store) actually serves. */
describe('storefrontUrl', () => {
  const config = {
    PUBLIC_URL: 'https://carton.example/',
    HOST: '127.0.0.1',
    PORT: 3000,
    STOREFRONT_STORE: 'demo',
  };

  it("is Carton's root for the store its storefront serves", () => {
    expect(storefrontUrl(config, { handle: 'demo', settings: {} })).toBe('https://carton.example');
  });

  it("is the store's own storefront when it sets one", () => {
    const settings = { storefront_url: 'https://shop.example.com/' };
    expect(storefrontUrl(config, { handle: 'demo', settings })).toBe('https://shop.example.com');
    expect(storefrontUrl(config, { handle: 'other', settings })).toBe('https://shop.example.com');
  });

  it('is /shop/{handle} for another store without one, and ignores a storefront_url that is no web address', () => {
    expect(storefrontUrl(config, { handle: 'other', settings: {} })).toBe(
      'https://carton.example/shop/other',
    );
    expect(
      storefrontUrl(config, { handle: 'other', settings: { storefront_url: 'javascript:alert(1)' } }),
    ).toBe('https://carton.example/shop/other');
  });
});

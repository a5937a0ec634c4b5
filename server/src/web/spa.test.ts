import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { createHttpApp, type App } from '../platform/http/app.ts';
import { serveSpa } from './spa.ts';

/** Serving a built single-page app: files, the page for every app path, caching, compression, refusals. */
let platform: TestPlatform;
let app: App;
let dir: string;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

beforeAll(async () => {
  platform = await createTestPlatform();
  dir = mkdtempSync(join(tmpdir(), 'carton-spa-'));
  app = await createHttpApp(platform);
  serveSpa(app, {
    prefix: '/console/',
    dir: join(dir, 'dist'),
    reserved: /^v\d+(\/|$)/,
    missingBuildHint: 'Not built: run the build.',
    pageHeaders: { 'content-security-policy': "default-src 'self'" },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('serveSpa', () => {
  it('answers 503 with what to do while the app is not built', async () => {
    const res = await get('/console/');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UNAVAILABLE', detail: 'Not built: run the build.' });
  });

  it('serves the page at the prefix and at every path of the app, revalidated, with its headers', async () => {
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js'), script);
    writeFileSync(join(dir, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    for (const url of ['/console/', '/console/orders/ord_1?x=1', '/console/products/new']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe("default-src 'self'");
      expect(res.body).toContain('<title>console</title>');
    }
    const bare = await get('/console');
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/');
  });

  it('serves hashed assets for a year, compressed as the browser accepts', async () => {
    const plain = await get('/console/assets/app-1234.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.body).toBe(script);
    const br = await get('/console/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await get('/console/assets/app-1234.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    const small = await get('/console/favicon.svg', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe('no-cache');
  });

  it('refuses missing files, paths outside the build and the reserved API paths', async () => {
    expect((await get('/console/assets/gone-999.js')).statusCode).toBe(404);
    for (const url of [
      '/console/..%2f..%2fetc%2fpasswd',
      '/console/%2e%2e/%2e%2e/etc/passwd',
      '/console/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect(res.body, url).not.toContain('root:');
      expect([200, 400, 404], url).toContain(res.statusCode);
    }
    const api = await get('/console/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

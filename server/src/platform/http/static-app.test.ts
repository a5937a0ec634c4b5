import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createHttpApp, type App } from './app.ts';
import { serveStaticApp } from './static-app.ts';

describe('serveStaticApp', () => {
  let platform: TestPlatform;
  let app: App;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'carton-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Admin</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
    writeFileSync(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    platform = await createTestPlatform();
    app = await createHttpApp(platform);
    app.get('/admin/v1/ping', async () => ({ ok: true }));
    serveStaticApp(app, {
      dir,
      prefix: '/admin',
      exclude: ['/admin/v1'],
      pageHeaders: { 'content-security-policy': "default-src 'self'" },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every app route with index.html, not cached', async () => {
    for (const url of ['/admin', '/admin/', '/admin/orders/ord_1?tab=items']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe("default-src 'self'");
      expect(res.body).toContain('<title>Admin</title>');
    }
  });

  it('serves hashed assets for a year, compressed, with an ETag that answers 304', async () => {
    const res = await app.inject({
      url: '/admin/assets/app-1a2b3c.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toContain('console.log');
    const again = await app.inject({
      url: '/admin/assets/app-1a2b3c.js',
      headers: { 'if-none-match': String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const br = await app.inject({
      url: '/admin/assets/app-1a2b3c.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    const svg = await app.inject({ url: '/admin/logo.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toContain('must-revalidate');
  });

  it('a missing file is a 404, and the API under the prefix keeps its JSON answers', async () => {
    expect((await app.inject({ url: '/admin/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/admin/v1/ping' })).json()).toEqual({ ok: true });
    const unknown = await app.inject({ url: '/admin/v1/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('says so when the app is not built', async () => {
    const bare = await createHttpApp(platform);
    serveStaticApp(bare, { dir: join(dir, 'missing'), prefix: '/console', notBuiltMessage: 'run the build' });
    const res = await bare.inject({ url: '/console/x' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('run the build');
    await bare.close();
  });
});

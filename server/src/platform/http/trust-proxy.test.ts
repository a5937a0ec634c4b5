import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, testConfig, type TestPlatform } from '../../../test/harness.ts';
import { loadConfig } from '../config.ts';
import { createHttpApp, type App } from './app.ts';

/**
 * Who the client is: by default the TCP peer, whatever X-Forwarded-For says — otherwise any client
 * could pick its own address and dodge per-IP rate limits and sign-in lockouts. With TRUST_PROXY
 * naming the proxy, the address it forwards counts.
 */
describe('TRUST_PROXY', () => {
  let platform: TestPlatform;
  const apps: App[] = [];

  /** A real HTTP server with Carton's conventions and one route echoing the client address. */
  async function serve(env: Record<string, string>): Promise<string> {
    const app = await createHttpApp({ ...platform, config: testConfig(env) });
    app.get('/admin/v1/whoami', async (req) => ({ ip: req.ip }));
    apps.push(app);
    return app.listen({ host: '127.0.0.1', port: 0 });
  }
  const whoami = async (base: string, forwardedFor?: string) => {
    const res = await fetch(`${base}/admin/v1/whoami`, {
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return ((await res.json()) as { ip: string }).ip;
  };

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await platform?.close();
  });

  it('ignores a spoofed X-Forwarded-For by default', async () => {
    const base = await serve({});
    expect(await whoami(base)).toBe('127.0.0.1');
    expect(await whoami(base, '203.0.113.7')).toBe('127.0.0.1');
    expect(await whoami(base, '198.51.100.1, 203.0.113.7')).toBe('127.0.0.1');
  });

  it('believes the proxies it names, and only the hops they add', async () => {
    const base = await serve({ TRUST_PROXY: '127.0.0.1' });
    expect(await whoami(base, '203.0.113.7')).toBe('203.0.113.7');
    // A client behind the proxy prepending its own entry: the proxy's is the rightmost untrusted one.
    expect(await whoami(base, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await whoami(base)).toBe('127.0.0.1');

    const cidr = await serve({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.0/8' });
    expect(await whoami(cidr, '198.51.100.1, 10.1.2.3')).toBe('198.51.100.1');

    // A proxy list that does not include the peer: the header is not believed.
    const elsewhere = await serve({ TRUST_PROXY: '192.0.2.10' });
    expect(await whoami(elsewhere, '203.0.113.7')).toBe('127.0.0.1');

    const all = await serve({ TRUST_PROXY: 'true' });
    expect(await whoami(all, '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('parses the setting, and refuses what it cannot trust safely', () => {
    const parse = (TRUST_PROXY?: string) =>
      loadConfig({ CARTON_SECRET: 'x'.repeat(32), ...(TRUST_PROXY === undefined ? {} : { TRUST_PROXY }) })
        .TRUST_PROXY;
    expect(parse()).toBe(false);
    expect(parse('')).toBe(false);
    expect(parse('false')).toBe(false);
    expect(parse('TRUE')).toBe(true);
    expect(parse('10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['1', 'proxy.internal', '10.0.0.0/33', '10.0.0.1/8/2', '10.0.0.1,,']) {
      expect(() => parse(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

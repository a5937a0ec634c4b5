import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('CORS', () => {
  let open: Server;
  let listed: Server;
  beforeAll(async () => {
    [open, listed] = await Promise.all([
      startTestServer(),
      startTestServer({ overrides: { CORS_ORIGINS: 'https://shop.example, https://admin.example' } }),
    ]);
  });
  afterAll(() => Promise.all([open.close(), listed.close()]));

  it('answers a cross-origin request with the CORS headers a browser needs', async () => {
    const res = await fetch(`${open.url}/health`, { headers: { origin: 'https://anywhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('sends no CORS headers to a request without an Origin, but still varies on it', async () => {
    const res = await fetch(`${open.url}/health`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('admits only the configured origins, preflight included', async () => {
    const ok = await fetch(`${listed.url}/admin/v1/store`, {
      method: 'OPTIONS',
      headers: { origin: 'https://admin.example', 'access-control-request-method': 'PATCH' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(ok.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    const foreign = await fetch(`${listed.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

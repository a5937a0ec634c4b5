import { afterAll, beforeAll, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../src/platform/http/app.ts';
import { startTestServer } from './harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('sends the security headers and a request id on every answer, errors included', async () => {
  for (const path of ['/health', '/no/such/route', '/admin/v1/store']) {
    const res = await fetch(`${server.url}${path}`);
    await res.arrayBuffer();
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  }
});

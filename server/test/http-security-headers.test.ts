import { afterAll, beforeAll, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS, SECURITY_HEADERS } from '../src/platform/http/app.ts';
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

it('adds the page headers to the API docs page only', async () => {
  const page = await fetch(`${server.url}/docs/`);
  expect(page.headers.get('content-type')).toContain('text/html');
  await page.arrayBuffer();
  for (const [name, value] of Object.entries({ ...SECURITY_HEADERS, ...PAGE_SECURITY_HEADERS }))
    expect(page.headers.get(name), name).toBe(value);
  const json = await fetch(`${server.url}/health`);
  await json.arrayBuffer();
  for (const name of Object.keys(PAGE_SECURITY_HEADERS)) expect(json.headers.get(name), name).toBeNull();
});

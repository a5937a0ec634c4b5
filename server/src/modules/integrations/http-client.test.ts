/** The platforms' HTTP client against a local server: retries, backoff, Retry-After, refusals, private addresses. */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getJson,
  PlatformRefusedError,
  PlatformUnavailableError,
  retryAfterMsOf,
  type FetchPolicy,
} from './http-client.ts';

type Reply = { status: number; body?: string; headers?: Record<string, string> };
const replies: Reply[] = [];
let hits = 0;
let url = '';
const server = createServer((req, res) => {
  hits++;
  const r = replies.shift() ?? { status: 200, body: '{"ok": true}' };
  res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
  res.end(r.body ?? '{}');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/x?token=secret-in-query`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const waits: number[] = [];
const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
  timeoutMs: 2000,
  attempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  allowPrivateNetworks: true,
  sleep: async (ms) => void waits.push(ms),
  ...over,
});

describe('getJson', () => {
  it('retries 5xx with doubling backoff and 429 after Retry-After, then answers', async () => {
    waits.length = 0;
    replies.push({ status: 503 }, { status: 502 }, { status: 429, headers: { 'retry-after': '2' } });
    const answer = await getJson(url, {}, policy());
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    expect(waits).toEqual([100, 200, 2000]);
  });

  it('gives up after its attempts, and hands back a Retry-After longer than it waits', async () => {
    replies.push({ status: 500 }, { status: 500 });
    const spent = await getJson(url, {}, policy({ attempts: 2 })).catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(PlatformUnavailableError);
    expect((spent as Error).message).toBe(`127.0.0.1:${new URL(url).port} answered 500`);
    expect((spent as Error).message).not.toContain('secret');
    hits = 0;
    replies.push({ status: 429, headers: { 'retry-after': '600' } });
    const later = (await getJson(url, {}, policy()).catch((e: unknown) => e)) as PlatformUnavailableError;
    expect(later.retryAfterMs).toBe(600_000);
    expect(hits).toBe(1);
  });

  it('does not retry a refusal; 404 is an answer; a 200 that is not JSON is not', async () => {
    hits = 0;
    replies.push({ status: 401, body: '{"message": "no"}' });
    await expect(getJson(url, {}, policy())).rejects.toBeInstanceOf(PlatformRefusedError);
    expect(hits).toBe(1);
    replies.push({ status: 404, body: '{"title": "Not Found"}' });
    expect((await getJson(url, {}, policy())).status).toBe(404);
    replies.push({ status: 200, body: '<html>' });
    await expect(getJson(url, {}, policy({ attempts: 1 }))).rejects.toBeInstanceOf(PlatformUnavailableError);
  });

  it('refuses private addresses when told to', async () => {
    const err = (await getJson(url, {}, policy({ attempts: 1, allowPrivateNetworks: false })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err.message).toMatch(/private address/);
  });

  it('reads Retry-After in seconds or as a date, and BigCommerce’s reset header', () => {
    const now = Date.parse('2024-03-05T10:00:00Z');
    expect(retryAfterMsOf({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMsOf({ 'retry-after': 'Tue, 05 Mar 2024 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMsOf({ 'x-rate-limit-time-reset-ms': '1500' }, now)).toBe(1500);
    expect(retryAfterMsOf({}, now)).toBeNull();
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../../../server/test/harness.ts';
import { apiTypesSource } from '../scripts/api-types.ts';

/**
 * The console's API types (`src/api/schema.d.ts`) are generated from the server's OpenAPI
 * document; this fails when they no longer match, and rewrites them with UPDATE_API_TYPES=1
 * (`npm run gen:api -w web/admin`).
 */
const target = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

it('src/api/schema.d.ts matches the OpenAPI document the server serves', async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  const source = await apiTypesSource(doc);
  if (process.env.UPDATE_API_TYPES === '1') await writeFile(target, source);
  const committed = await readFile(target, 'utf8').catch(() => '');
  expect(committed === source, 'src/api/schema.d.ts is stale: run `npm run gen:api -w web/admin`').toBe(true);
});

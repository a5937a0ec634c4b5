import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules } from '../../server/src/modules/index.ts';
import { buildOpenApiDocument } from '../../server/src/platform/http/openapi-document.ts';
import { createTestPlatform } from '../../server/test/harness.ts';
import { generateClientSchema, SCHEMA_FILE } from './generate.ts';

const ROOT = join(import.meta.dirname, '../..');

/**
 * The committed client must match the server's OpenAPI document. `npm run client:generate` runs
 * this file with CARTON_WRITE_CLIENT=1, which writes the client instead of comparing.
 */
describe('sdk/client', () => {
  it('is generated from the current OpenAPI document', async () => {
    const platform = await createTestPlatform();
    try {
      const document = await buildOpenApiDocument(platform, modules);
      const generated = await generateClientSchema(document);
      const file = join(ROOT, SCHEMA_FILE);
      if (process.env.CARTON_WRITE_CLIENT === '1') writeFileSync(file, generated);
      const committed = readFileSync(file, 'utf8');
      expect(
        committed === generated,
        `${SCHEMA_FILE} is stale: the API changed. Run \`npm run client:generate\` and commit the result.`,
      ).toBe(true);
    } finally {
      await platform.close();
    }
  });
});

import openapiTS, { astToString } from 'openapi-typescript';

/** Where the generated types live, relative to the repository root. */
export const SCHEMA_FILE = 'sdk/client/src/schema.d.ts';

const HEADER =
  "/**\n * Generated from Carton's OpenAPI document by sdk/client/generate.ts: do not edit.\n" +
  ' * Regenerate with `npm run client:generate`.\n */\n\n';

/**
 * The client's types (openapi-typescript's `paths`, `components`, `operations`) for an OpenAPI
 * document, as the text of `src/schema.d.ts`. Deterministic: the same document gives the same text.
 */
export async function generateClientSchema(document: unknown): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
    // Response fields with defaults are always present in what the API sends.
    defaultNonNullable: true,
  });
  return HEADER + astToString(ast);
}

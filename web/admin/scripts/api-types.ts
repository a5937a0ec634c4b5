import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `/**
 * Types of Carton's admin API (/admin/v1), generated from the server's OpenAPI document by
 * \`npm run gen:api -w web/admin\` (test/api-types.test.ts). Do not edit by hand.
 */
`;

interface OpenApiDocument {
  paths: Record<string, unknown>;
}

/** The text of `src/api/schema.d.ts` for an OpenAPI document: its admin surface only. */
export async function apiTypesSource(doc: OpenApiDocument): Promise<string> {
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([p]) => p.startsWith('/admin/v1/')));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ast = await openapiTS({ ...doc, paths } as any, { alphabetize: true });
  return HEADER + astToString(ast);
}

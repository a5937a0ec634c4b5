import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Most JavaScript the product page may load, gzipped (issue #5). */
export const PRODUCT_PAGE_JS_BUDGET = 150 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/**
 * The JavaScript a server-rendered page loads before it is interactive: the entry chunk and every
 * chunk it imports statically (the checkout, order and account chunks are imported on demand and
 * not counted). Every page shares this set; route code is in it except the lazy routes.
 */
export function initialJs(distClient: string): { files: string[]; bytes: number; gzipBytes: number } {
  const manifest = JSON.parse(readFileSync(join(distClient, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.values(manifest).find((c) => c.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const files = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const key of chunk.imports ?? []) visit(manifest[key]!);
  };
  visit(entry);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const body = readFileSync(join(distClient, file));
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: [...files], bytes, gzipBytes };
}

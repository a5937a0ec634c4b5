import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertSafeKey, type FileStorage, type StoredFile } from './storage.ts';

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/**
 * Files on local disk under `root`, served by Carton itself at `publicPath` (see the catalog's
 * file route). The content type is derived from the key's extension, so no sidecar is needed.
 */
export function localFileStorage(opts: { root: string; publicPath: string }): FileStorage {
  const pathOf = (key: string) => {
    assertSafeKey(key);
    return join(opts.root, key);
  };
  return {
    kind: 'local',
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    },
    async get(key): Promise<StoredFile | null> {
      try {
        const bytes = await readFile(pathOf(key));
        const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
        return { bytes, contentType: TYPES[ext] ?? 'application/octet-stream' };
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    urlFor(key) {
      return `${opts.publicPath.replace(/\/$/, '')}/${key}`;
    },
  };
}

import { join, resolve } from 'node:path';

/** The repository's web/ folder: each app's sources and, once built, its dist/. */
export const WEB_ROOT = resolve(import.meta.dirname, '../../../web');

export const storefrontDist = join(WEB_ROOT, 'storefront', 'dist');

import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { localFileStorage } from './local.ts';
import { s3FileStorage } from './s3.ts';
import type { FileStorage } from './storage.ts';

export type { FileStorage, StoredFile } from './storage.ts';
export { sniffImage, type ImageType } from './image-type.ts';

/** The file storage the configuration asks for (FILE_STORAGE=local|s3). */
export function createFileStorage(config: Config): FileStorage {
  if (config.FILE_STORAGE === 's3') {
    const missing = (
      ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
    ).filter((k) => !config[k]);
    if (missing.length) throw new Error(`FILE_STORAGE=s3 needs ${missing.join(', ')}`);
    return s3FileStorage({
      endpoint: config.S3_ENDPOINT!,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
      forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      publicUrl: config.S3_PUBLIC_URL,
    });
  }
  return localFileStorage({
    root: resolve(join(config.CARTON_DATA_DIR, 'files')),
    publicPath: config.FILES_PUBLIC_PATH,
  });
}

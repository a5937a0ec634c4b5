import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';

/**
 * CARTON_SECRET signs tokens and encrypts credentials. Production must set it; in development
 * we generate one once and keep it beside the embedded data, so restarts keep sessions and
 * encrypted data readable.
 */
export function resolveSecret(config: Config): string {
  if (config.CARTON_SECRET) return config.CARTON_SECRET;
  if (config.NODE_ENV === 'production') throw new Error('CARTON_SECRET must be set in production');
  const file = join(config.CARTON_DATA_DIR, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.CARTON_DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** The embedded server's superuser password, kept beside its data. */
export function embeddedDatabasePassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

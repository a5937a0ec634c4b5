import {
  createCipheriv,
  createDecipheriv,
  hash,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from './errors.ts';

/**
 * Keys are derived from CARTON_SECRET with HKDF, one per purpose, so that a token-signing key
 * never doubles as an encryption key. Derivation is cached per (secret, purpose).
 */
const derived = new Map<string, Buffer>();

export function deriveKey(secret: string, purpose: string, length = 32): Buffer {
  if (!secret) throw new Error('CARTON_SECRET is not set');
  const cacheKey = `${purpose}\0${length}\0${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'carton', `carton/${purpose}`, length));
    derived.set(cacheKey, key);
  }
  return key;
}

const CIPHER_VERSION = 'v1';

/**
 * AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url). `context` is bound as additional data,
 * so a ciphertext copied to another row or purpose does not decrypt.
 */
export function encryptSecret(secret: string, plaintext: string, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, 'encryption'), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [CIPHER_VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(secret: string, sealed: string, context = ''): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== CIPHER_VERSION || !iv || !tag || body === undefined) {
    throw new AppError('INTERNAL', 'An encrypted value is not in a format this version reads.');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    deriveKey(secret, 'encryption'),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (err) {
    throw new AppError('INTERNAL', 'An encrypted value could not be decrypted (wrong CARTON_SECRET?).', {
      cause: err,
    });
  }
}

/** SHA-256 hex of a high-entropy token (refresh tokens, API keys, single-use links). Not for passwords. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex'); // one-shot: a third of createHash's cost, on every keyed request
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** `bytes` random bytes as base64url (32 bytes → 43 characters, 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A uniformly random string over `alphabet` (no modulo bias): API keys, recovery codes. */
export function randomString(length: number, alphabet = BASE62): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

import { createHmac } from 'node:crypto';
import { deriveKey } from '../../platform/crypto.ts';

/** HMAC-SHA256 (base64url) under a key derived from CARTON_SECRET for `purpose`. */
export function hmac(secret: string, purpose: string, text: string, bytes = 32): string {
  return createHmac('sha256', deriveKey(secret, purpose))
    .update(text)
    .digest()
    .subarray(0, bytes)
    .toString('base64url');
}

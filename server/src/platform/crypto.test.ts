import { describe, expect, it } from 'vitest';
import { decryptSecret, deriveKey, encryptSecret, hashToken, randomString, randomToken } from './crypto.ts';

const SECRET = 'unit-test-secret-unit-test-secret-0123456';

describe('encryptSecret / decryptSecret', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = encryptSecret(SECRET, 'JBSWY3DPEHPK3PXP', 'mfa:user_1');
    const b = encryptSecret(SECRET, 'JBSWY3DPEHPK3PXP', 'mfa:user_1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(decryptSecret(SECRET, a, 'mfa:user_1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a tampered ciphertext, another context or another key', () => {
    const sealed = encryptSecret(SECRET, 'payload', 'ctx');
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(() =>
      decryptSecret(SECRET, [v, iv, tag, flipped.toString('base64url')].join('.'), 'ctx'),
    ).toThrow();
    expect(() => decryptSecret(SECRET, sealed, 'other')).toThrow();
    expect(() => decryptSecret('another-secret-another-secret-another-secret', sealed, 'ctx')).toThrow();
    expect(() => decryptSecret(SECRET, 'garbage', 'ctx')).toThrow();
  });
});

describe('keys and tokens', () => {
  it('derives distinct keys per purpose', () => {
    expect(deriveKey(SECRET, 'jwt').equals(deriveKey(SECRET, 'encryption'))).toBe(false);
    expect(deriveKey(SECRET, 'jwt')).toHaveLength(32);
  });

  it('hashes tokens as SHA-256 hex and makes random ones', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomString(32)).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(new Set(Array.from({ length: 100 }, () => randomString(12))).size).toBe(100);
  });
});

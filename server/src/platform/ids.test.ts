import { describe, expect, it } from 'vitest';
import { isId, newId, newRequestId, ulid } from './ids.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Reference decoder: base32 body back to 128 bits. */
function decode(body: string): bigint {
  let n = 0n;
  for (const c of body) n = n * 32n + BigInt(ALPHABET.indexOf(c));
  return n;
}

describe('ids', () => {
  it('are prefixed, 26 Crockford characters, and recognised by isId', () => {
    const id = newId('prod');
    expect(id).toMatch(/^prod_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId(id, 'prod')).toBe(true);
    expect(isId(id, 'ord')).toBe(false);
  });

  it('encode the millisecond time in the first 48 bits', () => {
    // Ahead of the clock (ids are monotonic: a time at or before the last id's reuses that time).
    const at = Date.now() + 10_000_123;
    expect(Number(decode(ulid(at)) >> 80n)).toBe(at);
  });

  it('sort in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => ulid());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('increment the random part by one within a millisecond', () => {
    const t = Date.now() + 20_000_000;
    const a = decode(ulid(t));
    const b = decode(ulid(t));
    expect(b - a).toBe(1n);
  });
});

describe('newRequestId', () => {
  it('is unique and names this process', () => {
    const ids = Array.from({ length: 10_000 }, () => newRequestId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^req_[0-9a-f]{16}[0-9a-z]+$/);
    expect(ids[0]!.slice(0, 20)).toBe(ids[9_999]!.slice(0, 20));
  });
});

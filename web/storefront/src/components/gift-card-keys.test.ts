import { describe, expect, it } from 'vitest';
import { giftCardKey, isApplied, notApplied } from './gift-card-keys.ts';

describe('applied gift cards are told apart by code or id, never by their last characters', () => {
  it('two different codes that end alike are two cards', () => {
    const a = { code: 'AAAA-BBBB-CCCC-1234' };
    const b = { code: 'DDDD-EEEE-FFFF-1234' };
    expect(giftCardKey(a)).not.toBe(giftCardKey(b));
    expect(isApplied([a], b)).toBe(false);
  });

  it('one code spelled two ways is one card', () => {
    expect(isApplied([{ code: 'aaaa-bbbb cccc-1234' }], { code: 'AAAABBBBCCCC1234' })).toBe(true);
  });

  it('an own card is applied by its id; one ending like an applied code is still offered', () => {
    const own = [
      { id: 'gc_1', last_characters: '1234' },
      { id: 'gc_2', last_characters: '1234' },
    ];
    const applied = [{ code: 'AAAA-BBBB-CCCC-1234' }, { id: 'gc_1' }];
    expect(notApplied(own, applied).map((c) => c.id)).toEqual(['gc_2']);
    expect(giftCardKey({ id: 'gc_1' })).not.toBe(giftCardKey({ id: 'gc_2' }));
  });

  it('an own card whose code was typed is applied, not offered again', () => {
    const own = [
      { id: 'gc_1', last_characters: '1234' },
      { id: 'gc_2', last_characters: '5678' },
    ];
    const byCode = [{ code: 'AAAA-BBBB-CCCC-5678', cardId: 'gc_2' }];
    expect(notApplied(own, byCode, byCode).map((c) => c.id)).toEqual(['gc_1']);
  });

  it('an id and a code never share a key', () => {
    expect(giftCardKey({ id: 'X1234567' })).not.toBe(giftCardKey({ code: 'X1234567' }));
  });
});

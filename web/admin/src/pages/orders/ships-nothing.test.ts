import { describe, expect, it } from 'vitest';
import { shipsNothing } from './ships-nothing.ts';

describe('shipsNothing', () => {
  it('is true when no line ships', () => {
    expect(shipsNothing([{ requires_shipping: false }, { requires_shipping: false }])).toBe(true);
  });
  it('is false when one line ships', () => {
    expect(shipsNothing([{ requires_shipping: false }, { requires_shipping: true }])).toBe(false);
  });
  it('is false without lines: nothing to fulfil at all', () => {
    expect(shipsNothing([])).toBe(false);
  });
});

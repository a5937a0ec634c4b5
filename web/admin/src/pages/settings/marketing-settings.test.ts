import { describe, expect, it } from 'vitest';
import { marketingChanges } from './marketing-settings.ts';

/** The "Marketing consent" form ↔ the API's settings, without a browser. */

describe('marketing settings form', () => {
  it('sends double opt-in only when it changed, either way', () => {
    expect(marketingChanges({ double_opt_in: false }, { double_opt_in: false })).toBeNull();
    expect(marketingChanges({ double_opt_in: true }, { double_opt_in: true })).toBeNull();
    expect(marketingChanges({ double_opt_in: false }, { double_opt_in: true })).toEqual({
      double_opt_in: true,
    });
    expect(marketingChanges({ double_opt_in: true }, { double_opt_in: false })).toEqual({
      double_opt_in: false,
    });
  });
});

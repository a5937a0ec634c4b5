import { describe, expect, it } from 'vitest';
import { trackingUrlFor } from './tracking.ts';

describe('trackingUrlFor', () => {
  it('makes the tracking link of a known carrier, whatever the case and spacing of its name', () => {
    expect(trackingUrlFor('UPS', '1Z999AA10123456784')).toBe(
      'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    );
    expect(trackingUrlFor(' fedex ', '1234 5678')).toBe(
      'https://www.fedex.com/fedextrack/?trknbr=1234%205678',
    );
    expect(trackingUrlFor('Royal  Mail', 'AB123456789GB')).toBe(
      'https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB',
    );
  });
  it('knows nothing of another carrier, or of a parcel without a number', () => {
    expect(trackingUrlFor('VNPost', 'EE123456789VN')).toBeNull();
    expect(trackingUrlFor('UPS', undefined)).toBeNull();
    expect(trackingUrlFor(undefined, '123')).toBeNull();
  });
});

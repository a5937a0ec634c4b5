import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/catalog.ts';
import { vi } from '../../i18n/vi.ts';
import { CONSENT_SOURCE_LABELS, consentLine, consentSourceLabel, type ChannelConsent } from './consent.ts';

/** The customer page's consent card: what it says of each channel, without a browser. */

const none: ChannelConsent = {
  channel: 'email',
  status: 'none',
  source: null,
  changed_at: null,
  awaiting_confirmation_since: null,
};

describe('marketing consent card', () => {
  it('names every source, messaging included, in English and Vietnamese, each differently', () => {
    const sources = Object.keys(CONSENT_SOURCE_LABELS);
    expect(sources).toEqual(['checkout', 'account', 'import', 'admin', 'recovery', 'messaging']);
    for (const catalogue of [en, vi]) {
      const labels = Object.values(CONSENT_SOURCE_LABELS).map((key) => catalogue[key]);
      expect(labels.every((l) => l.trim().length > 0)).toBe(true);
      expect(new Set(labels).size).toBe(sources.length);
    }
    expect(en[consentSourceLabel('messaging')!]).toBe('Messaging (unsubscribe, sign-up form)');
    expect(consentSourceLabel(null)).toBeNull();
  });

  it('says where a channel stands, where it was stated and when', () => {
    expect(consentLine(none)).toEqual({
      status: 'customers.consent.none',
      source: null,
      changedAt: null,
      awaitingSince: null,
    });
    const unsubscribed: ChannelConsent = {
      ...none,
      status: 'withdrawn',
      source: 'messaging',
      changed_at: '2026-03-02T09:00:00.000Z',
    };
    expect(consentLine(unsubscribed)).toEqual({
      status: 'customers.consent.withdrawn',
      source: 'consent.source.messaging',
      changedAt: '2026-03-02T09:00:00.000Z',
      awaitingSince: null,
    });
  });

  it('shows a grant waiting for the shopper’s confirmation beside the standing it does not change yet', () => {
    const since = '2026-03-03T10:00:00.000Z';
    expect(consentLine({ ...none, awaiting_confirmation_since: since })).toMatchObject({
      status: 'customers.consent.none',
      awaitingSince: since,
    });
    const withdrawn: ChannelConsent = {
      ...none,
      status: 'withdrawn',
      source: 'account',
      changed_at: '2026-03-01T00:00:00.000Z',
      awaiting_confirmation_since: since,
    };
    expect(consentLine(withdrawn)).toMatchObject({
      status: 'customers.consent.withdrawn',
      source: 'consent.source.account',
      awaitingSince: since,
    });
    // Granted meanwhile (by staff): nothing waits any more.
    const granted: ChannelConsent = { ...withdrawn, status: 'granted', source: 'admin' };
    expect(consentLine(granted).awaitingSince).toBeNull();
  });
});

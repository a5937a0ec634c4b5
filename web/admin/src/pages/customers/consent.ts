import type { Answer } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/catalog.ts';

/** One channel's standing in a customer's `marketing_consent` (`GET /admin/v1/customers/{id}`). */
export type ChannelConsent = Answer<'/admin/v1/customers/{customerId}', 'get'>['marketing_consent'][number];
/** One statement of `GET /admin/v1/customers/{id}/consent/history`. */
export type ConsentStatement = Answer<
  '/admin/v1/customers/{customerId}/consent/history',
  'get'
>['data'][number];
/** Where a statement of consent was made. */
export type ConsentSource = ConsentStatement['source'];

/**
 * Each source as staff read it. Every source the API names must be here: a new one is a type
 * error until it has its label (`messaging`: an unsubscribe link, a spam report, a sign-up form).
 */
export const CONSENT_SOURCE_LABELS: Record<ConsentSource, MessageKey> = {
  checkout: 'consent.source.checkout',
  account: 'consent.source.account',
  import: 'consent.source.import',
  admin: 'consent.source.admin',
  recovery: 'consent.source.recovery',
  messaging: 'consent.source.messaging',
};

/** The label of a source; null for a channel never stated. */
export const consentSourceLabel = (source: ConsentSource | null): MessageKey | null =>
  source ? CONSENT_SOURCE_LABELS[source] : null;

/** What the consent card shows of one channel. */
export interface ConsentLine {
  status: MessageKey;
  /** Where the standing statement was made (null: never asked). */
  source: MessageKey | null;
  changedAt: string | null;
  /**
   * Double opt-in: since when a grant the shopper asked for has waited for them to confirm it from
   * the link e-mailed to them. It does not count yet, so the standing stays as it was (not asked,
   * withdrawn); a channel already granted waits for nothing.
   */
  awaitingSince: string | null;
}

export function consentLine(c: ChannelConsent): ConsentLine {
  return {
    status: `customers.consent.${c.status}`,
    source: consentSourceLabel(c.source),
    changedAt: c.changed_at,
    awaitingSince: c.status === 'granted' ? null : c.awaiting_confirmation_since,
  };
}

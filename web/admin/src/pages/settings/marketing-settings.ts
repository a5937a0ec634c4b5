import type { Answer, Body } from '../../api/client.ts';

/** The store's marketing consent settings (`GET /admin/v1/marketing-consents/settings`). */
export type MarketingSettings = Answer<'/admin/v1/marketing-consents/settings', 'get'>;
export type MarketingSettingsBody = Body<'/admin/v1/marketing-consents/settings', 'patch'>;

/** What to send: only what changed, or null when nothing did. */
export function marketingChanges(
  saved: MarketingSettings,
  draft: MarketingSettings,
): MarketingSettingsBody | null {
  const body: MarketingSettingsBody = {};
  if (draft.double_opt_in !== saved.double_opt_in) body.double_opt_in = draft.double_opt_in;
  return Object.keys(body).length ? body : null;
}

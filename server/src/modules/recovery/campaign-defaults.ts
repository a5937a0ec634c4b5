import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Tx } from '../../platform/db/database.ts';
import { ensureDefaultTemplates } from '../messaging/service.ts';
import { CampaignInput } from './campaign-model.ts';
import { insertCampaignInTx } from './campaigns.ts';

/**
 * Every store starts with one active campaign, made the first time recovery looks (the campaign
 * list, or the store's first abandoned cart): an e-mail after 1 hour, an e-mail with a unique
 * 10 % code after 24 hours, an SMS after 48 hours — with messaging's default recovery templates
 * (created if missing). A merchant edits or pauses it like any other; it is never made twice.
 */
export const DEFAULT_CAMPAIGN = CampaignInput.parse({
  name: 'Abandoned cart (default)',
  priority: -100,
  steps: [
    { delay_minutes: 60, channel: 'email', template_handle: 'recovery-reminder' },
    {
      delay_minutes: 24 * 60,
      channel: 'email',
      template_handle: 'recovery-discount',
      discount: { kind: 'percentage', value: 10, expires_in_hours: 72 },
    },
    { delay_minutes: 48 * 60, channel: 'sms', template_handle: 'recovery-sms' },
  ],
});

// Stores known to have theirs: the check costs a query per abandoned cart otherwise.
const known = new Set<string>();

async function hasDefault(tx: Tx, storeId: string): Promise<boolean> {
  const { rows } = await tx.execute(sql`
    SELECT 1 FROM recovery_campaigns WHERE store_id = ${storeId} AND is_default`);
  return rows.length > 0;
}

/** The store's default campaign, made (with its templates) if it has none; idempotent and race-safe. */
export async function ensureDefaultCampaign(platform: Platform, o: { storeId: string }): Promise<void> {
  if (known.has(o.storeId)) return;
  const made = await withStore(platform.db, o.storeId, (tx) => hasDefault(tx, o.storeId));
  if (!made) {
    await ensureDefaultTemplates(platform, { storeId: o.storeId });
    await withStore(platform.db, o.storeId, (tx) =>
      insertCampaignInTx(tx, o.storeId, { ...DEFAULT_CAMPAIGN, status: 'active', isDefault: true }),
    );
  }
  if (known.size > 10_000) known.clear();
  known.add(o.storeId);
}

/** In the caller's transaction (the `cart.abandoned` subscriber); templates in their own. */
export async function ensureDefaultCampaignInTx(platform: Platform, tx: Tx, storeId: string): Promise<void> {
  if (known.has(storeId)) return;
  if (!(await hasDefault(tx, storeId))) {
    await ensureDefaultTemplates(platform, { storeId });
    await insertCampaignInTx(tx, storeId, { ...DEFAULT_CAMPAIGN, status: 'active', isDefault: true });
  }
  // Known only once the caller commits; until then a repeat costs one query.
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';

/** A store's recovery settings; defaults until staff change them. */
export interface RecoverySettings {
  storeId: string;
  abandonAfterMinutes: number;
  attributionWindowDays: number;
  allowedOrigins: string[];
  requireConsent: boolean;
  cartUrl: string | null;
}

export const DEFAULT_ABANDON_AFTER_MINUTES = 60;
export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;

const Origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'an origin such as https://shop.example.com (no path)')
  .transform((o) => o.toLowerCase());

export const RecoverySettingsInput = z
  .strictObject({
    abandon_after_minutes: z
      .number()
      .int()
      .min(15)
      .max(43_200)
      .describe(
        'A cart with a contact and no purchase this long after its last activity is abandoned (≥ 15)',
      ),
    attribution_window_days: z
      .number()
      .int()
      .min(1)
      .max(90)
      .describe('Recovered revenue goes to the last message clicked (or sent) within this many days'),
    allowed_origins: z
      .array(Origin)
      .max(50)
      .describe('Origins whose pages may send tracker events; empty: any origin'),
    require_consent: z
      .boolean()
      .describe('The tracker sends nothing, and the ingest accepts nothing, without the visitor’s consent'),
    cart_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .describe('Where a restored Carton cart is opened; `{cart_id}` is replaced by its id'),
  })
  .partial();
export type RecoverySettingsInput = z.input<typeof RecoverySettingsInput>;

export const RecoverySettingsView = z.object({
  abandon_after_minutes: z.number().int(),
  attribution_window_days: z.number().int(),
  allowed_origins: z.array(z.string()),
  require_consent: z.boolean(),
  cart_url: z.string().nullable(),
});
export type RecoverySettingsView = z.infer<typeof RecoverySettingsView>;

export const settingsView = (s: RecoverySettings): RecoverySettingsView => ({
  abandon_after_minutes: s.abandonAfterMinutes,
  attribution_window_days: s.attributionWindowDays,
  allowed_origins: s.allowedOrigins,
  require_consent: s.requireConsent,
  cart_url: s.cartUrl,
});

type SettingsRow = {
  abandon_after_minutes: number;
  attribution_window_days: number;
  allowed_origins: string[];
  require_consent: boolean;
  cart_url: string | null;
};

const fromRow = (storeId: string, r: SettingsRow | undefined): RecoverySettings => ({
  storeId,
  abandonAfterMinutes: r?.abandon_after_minutes ?? DEFAULT_ABANDON_AFTER_MINUTES,
  attributionWindowDays: r?.attribution_window_days ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  allowedOrigins: r?.allowed_origins ?? [],
  requireConsent: r?.require_consent ?? false,
  cartUrl: r?.cart_url ?? null,
});

/** The store's settings, read with `db` (inside a store-scoped transaction, or the Db). */
export async function readRecoverySettings(db: DbOrTx, storeId: string): Promise<RecoverySettings> {
  const { rows } = await db.execute<SettingsRow>(sql`
    SELECT abandon_after_minutes, attribution_window_days, allowed_origins, require_consent, cart_url
    FROM recovery_settings WHERE store_id = ${storeId}`);
  return fromRow(storeId, rows[0]);
}

export async function getRecoverySettings(db: Db, storeId: string): Promise<RecoverySettings> {
  return withStore(db, storeId, (tx) => readRecoverySettings(tx, storeId));
}

// The ingest reads the settings on every batch: each process keeps them a few seconds.
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; settings: Promise<RecoverySettings> }>();

export function cachedRecoverySettings(db: Db, storeId: string): Promise<RecoverySettings> {
  const hit = cache.get(storeId);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.settings;
  const settings = getRecoverySettings(db, storeId);
  settings.catch(() => cache.delete(storeId));
  if (cache.size > 10_000) cache.clear();
  cache.set(storeId, { at: now, settings });
  return settings;
}

/**
 * Change the settings (fields left out stay). A new delay re-times every active cart's abandonment.
 * Emits `recovery_settings.updated`; audited.
 */
export async function updateRecoverySettings(
  db: Db,
  options: { storeId: string; input: RecoverySettingsInput; actor?: Actor },
): Promise<RecoverySettings> {
  const input = parseInput(RecoverySettingsInput, options.input);
  const { storeId } = options;
  const fields = Object.keys(input);
  const result = await withStore(db, storeId, async (tx) => {
    const before = await readRecoverySettings(tx, storeId);
    const next: RecoverySettings = {
      ...before,
      ...(input.abandon_after_minutes !== undefined && { abandonAfterMinutes: input.abandon_after_minutes }),
      ...(input.attribution_window_days !== undefined && {
        attributionWindowDays: input.attribution_window_days,
      }),
      ...(input.allowed_origins !== undefined && { allowedOrigins: [...new Set(input.allowed_origins)] }),
      ...(input.require_consent !== undefined && { requireConsent: input.require_consent }),
      ...(input.cart_url !== undefined && { cartUrl: input.cart_url }),
    };
    await tx.execute(sql`
      INSERT INTO recovery_settings (store_id, abandon_after_minutes, attribution_window_days, allowed_origins,
                                     require_consent, cart_url, updated_at)
      VALUES (${storeId}, ${next.abandonAfterMinutes}, ${next.attributionWindowDays},
              ${sql.param(next.allowedOrigins)}::text[], ${next.requireConsent}, ${next.cartUrl}, now())
      ON CONFLICT (store_id) DO UPDATE SET
        abandon_after_minutes = EXCLUDED.abandon_after_minutes,
        attribution_window_days = EXCLUDED.attribution_window_days,
        allowed_origins = EXCLUDED.allowed_origins, require_consent = EXCLUDED.require_consent,
        cart_url = EXCLUDED.cart_url, updated_at = now()`);
    if (next.abandonAfterMinutes !== before.abandonAfterMinutes) {
      await tx.execute(sql`
        UPDATE recovery_carts SET abandon_due_at = last_activity_at + make_interval(mins => ${next.abandonAfterMinutes})
        WHERE store_id = ${storeId} AND status = 'active' AND abandon_due_at IS NOT NULL`);
    }
    await emitEvent(tx, {
      storeId,
      type: 'recovery_settings.updated',
      aggregateType: 'recovery_settings',
      aggregateId: storeId,
      payload: { fields },
    });
    await auditAs(tx, options.actor, {
      storeId,
      action: 'recovery_settings.updated',
      entityType: 'recovery_settings',
      entityId: storeId,
      before: settingsView(before),
      after: settingsView(next),
    });
    return next;
  });
  cache.delete(storeId);
  return result;
}

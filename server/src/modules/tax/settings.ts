import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { withStore, type Db } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { parseInput } from '../../platform/validation.ts';
import { taxProvider, taxProviderCodes } from './providers.ts';
import { taxSettings, type TaxSettings } from './schema.ts';
import { audit, taxWrite, type Actor } from './shared.ts';
import { taxSettingsView } from './views.ts';

/**
 * A store's tax settings live in this module's own `tax_settings` table (one row per store, under
 * row-level security) rather than in the free-form `stores.settings`: they are typed, validated,
 * audited and emit `tax_settings.updated` like every other tax change. No row: the defaults.
 */

export const TaxSettingsPatch = z
  .strictObject({
    prices_include_tax: z
      .boolean()
      .describe(
        'true: prices and shipping rates include tax (it is extracted); false: tax is added at checkout',
      ),
    provider: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .refine((code) => taxProvider(code) !== undefined, {
        error: () => `unknown tax provider; this installation has: ${taxProviderCodes().join(', ')}`,
      })
      .describe('The tax provider that calculates tax (`table`: the store’s own rates)'),
  })
  .partial();
export type TaxSettingsPatch = z.input<typeof TaxSettingsPatch>;

/** The store's settings, or null while it has the defaults (prices without tax, `table`). */
export async function getTaxSettings(db: Db, storeId: string): Promise<TaxSettings | null> {
  const [row] = await withStore(db, storeId, (tx) =>
    tx.select().from(taxSettings).where(eq(taxSettings.storeId, storeId)),
  );
  return row ?? null;
}

export async function updateTaxSettings(
  db: Db,
  options: { storeId: string; patch: TaxSettingsPatch; actor?: Actor },
): Promise<TaxSettings> {
  const patch = parseInput(TaxSettingsPatch, options.patch);
  const { storeId } = options;
  return taxWrite(db, storeId, async (tx) => {
    // Make sure the row exists, then lock it: concurrent first changes queue instead of racing.
    await tx.insert(taxSettings).values({ storeId }).onConflictDoNothing();
    const [before] = await tx
      .select()
      .from(taxSettings)
      .where(eq(taxSettings.storeId, storeId))
      .for('update');
    const set: PgUpdateSetSource<typeof taxSettings> = { updatedAt: sql`now()` };
    if (patch.prices_include_tax !== undefined) set.pricesIncludeTax = patch.prices_include_tax;
    if (patch.provider !== undefined) set.provider = patch.provider;
    const [after] = await tx.update(taxSettings).set(set).where(eq(taxSettings.storeId, storeId)).returning();
    const providers = taxProviderCodes();
    await emitEvent(tx, {
      storeId,
      type: 'tax_settings.updated',
      aggregateType: 'tax_settings',
      aggregateId: storeId,
      payload: taxSettingsView(after!, providers),
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'tax_settings.updated',
      entityType: 'tax_settings',
      entityId: storeId,
      before: taxSettingsView(before!, providers),
      after: taxSettingsView(after!, providers),
    });
    return after!;
  });
}

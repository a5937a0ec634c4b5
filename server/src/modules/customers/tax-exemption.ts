import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { readRowsInStore } from '../../platform/db/scope.ts';
import { parseInput } from '../../platform/validation.ts';
import { dayOf, exemptionActive, lockProfile, taxExemptionView, today, type ProfileRow } from './profiles.ts';
import { audit, emitCustomerEvent, type Actor } from './shared.ts';
import type { TaxExemptionView } from './views.ts';

/**
 * Tax-exempt customers (a reseller with a certificate, a charity, a public body): staff mark the
 * account, and the cart and checkout charge it no tax (see docs/customers.md). Kept on the
 * customer's profile with what it rests on, for the merchant's records.
 */

export const TaxExemptionInput = z
  .strictObject({
    exempt: z.boolean(),
    reference: z.string().trim().min(1).max(100).nullable().optional(),
    expires_on: z.iso.date().nullable().optional().describe('The last day it applies (UTC); null: no end'),
  })
  .refine((v) => !v.exempt || !v.expires_on || v.expires_on >= today(), {
    path: ['expires_on'],
    message: 'an exemption that has already expired cannot be granted',
  });
export type TaxExemptionInput = z.input<typeof TaxExemptionInput>;

/**
 * Mark a customer tax exempt, or no longer, until a day or not. A reference or last day left out
 * keeps the one recorded; past its last day the exemption no longer applies. Audited
 * and announced (`customer.tax_exemption_changed`); the customer's cart is taxed accordingly at its
 * next change. An erased customer is 409.
 */
export async function setTaxExemption(
  db: Db,
  options: { storeId: string; customerId: string; input: TaxExemptionInput; actor?: Actor },
): Promise<TaxExemptionView> {
  const input = parseInput(TaxExemptionInput, options.input);
  const { storeId, customerId } = options;
  return withStore(db, storeId, async (tx) => {
    const before = await lockProfile(tx, storeId, customerId);
    const reference = input.reference === undefined ? before.tax_exemption_reference : input.reference;
    const expiresOn =
      input.expires_on === undefined ? dayOf(before.tax_exemption_expires_on) : input.expires_on;
    if (
      before.tax_exempt === input.exempt &&
      before.tax_exemption_reference === reference &&
      dayOf(before.tax_exemption_expires_on) === expiresOn
    ) {
      return taxExemptionView(before);
    }
    const { rows } = await tx.execute<ProfileRow>(sql`
      UPDATE customer_profiles SET tax_exempt = ${input.exempt}, tax_exemption_reference = ${reference},
             tax_exemption_expires_on = ${expiresOn}::date, tax_exemption_updated_at = now(), updated_at = now()
      WHERE store_id = ${storeId} AND customer_id = ${customerId}
      RETURNING *`);
    await emitCustomerEvent(tx, storeId, customerId, 'customer.tax_exemption_changed', {
      exempt: input.exempt,
    });
    // The reference is the merchant's record of the buyer: not copied into the audit log.
    await audit(tx, options.actor, {
      storeId,
      action: 'customer.tax_exemption_changed',
      entityType: 'customer',
      entityId: customerId,
      after: { exempt: input.exempt, reference_recorded: reference !== null, expires_on: expiresOn },
    });
    return taxExemptionView(rows[0]!);
  });
}

/** What prices and taxes a shopper's cart: the groups they are in and whether they are tax exempt today, in one read. */
export async function customerPricingFacts(
  db: DbOrTx,
  storeId: string,
  customerId: string,
): Promise<{ groupIds: string[]; taxExempt: boolean }> {
  const [row] = await readRowsInStore<{
    group_ids: string[] | null;
    tax_exempt: boolean | null;
    expires_on: string | null;
  }>(
    db,
    storeId,
    sql`SELECT (SELECT array_agg(group_id) FROM customer_group_members
                 WHERE store_id = ${storeId} AND customer_id = ${customerId}) AS group_ids,
               p.tax_exempt, p.tax_exemption_expires_on::text AS expires_on
          FROM (SELECT 1) AS one
          LEFT JOIN customer_profiles p ON p.store_id = ${storeId} AND p.customer_id = ${customerId}`,
  );
  return {
    groupIds: (row?.group_ids ?? []).sort(),
    taxExempt: exemptionActive(row?.tax_exempt === true, row?.expires_on ?? null),
  };
}

/** The customers marked tax exempt (expired ones included), from the profiles' partial index. */
export async function taxExemptIds(tx: DbOrTx, storeId: string): Promise<string[]> {
  const { rows } = await tx.execute<{ customer_id: string }>(
    sql`SELECT customer_id FROM customer_profiles WHERE store_id = ${storeId} AND tax_exempt`,
  );
  return rows.map((r) => r.customer_id);
}

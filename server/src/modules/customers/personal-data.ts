import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.ts';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { redactEventsAbout } from '../../platform/events/erasure.ts';
import { redactWebhookDeliveriesAbout } from '../webhooks/service.ts';
import { forgetShopperSessions, requireShopper } from './identity-port.ts';
import { lockProfile, type ProfileRow } from './profiles.ts';
import { audit, emitCustomerEvent, type Actor } from './shared.ts';
import { iso, isoOf, type CustomerExportView, type ErasureView } from './views.ts';

/**
 * GDPR export and erasure across modules. Each module that holds personal data about shoppers
 * registers a handler at import time (identity and customers now; cart and orders when they
 * exist). Export is every handler's JSON, read in one snapshot; erasure runs every handler's
 * eraser in one transaction — all of them or none.
 */

/** Whom an export or erasure is about: the shopper as they are before anything is erased. */
export interface PersonalDataSubject {
  storeId: string;
  customerId: string;
  /** Lowercase; erasers also find guest records kept under it (consent given before registering). */
  email: string;
}

export interface PersonalDataHandler {
  /** Stable, lowercase: the key of this module's section in the export and its name in the erasure record. */
  name: string;
  /** Everything the module holds about the subject, as JSON (never secrets such as password hashes). */
  export(db: DbOrTx, subject: PersonalDataSubject): Promise<unknown>;
  /**
   * Remove or replace the subject's personal data (names, e-mail → `erased+<id>@invalid`, phone,
   * addresses); keep financial records, with references anonymised. Runs inside the one erasure
   * transaction (store-scoped); must be idempotent. Returns counts for the audit log — never
   * personal data.
   */
  erase(tx: Tx, subject: PersonalDataSubject): Promise<Record<string, number | boolean> | void>;
}

const handlers = new Map<string, PersonalDataHandler>();

/** Register a module's personal-data handler (at import time). Names are unique. */
export function registerPersonalDataHandler(handler: PersonalDataHandler): PersonalDataHandler {
  if (!/^[a-z][a-z0-9_]{0,49}$/.test(handler.name)) {
    throw new Error(`Personal-data handler name "${handler.name}" must be lowercase letters, digits and _`);
  }
  const existing = handlers.get(handler.name);
  if (existing && existing !== handler) {
    throw new Error(`A personal-data handler named "${handler.name}" is already registered`);
  }
  handlers.set(handler.name, handler);
  return handler;
}

/** The registered handlers, in registration order. */
export function personalDataHandlers(): PersonalDataHandler[] {
  return [...handlers.values()];
}

/**
 * Everything held about a shopper, one section per registered module, read in one consistent
 * snapshot (REPEATABLE READ). Emits no event; audited as `customer.exported` (the actor may be
 * staff or the shopper themselves). 404 for a shopper not in this store.
 */
export async function exportCustomerData(
  db: Db,
  options: { storeId: string; customerId: string; actor?: Actor },
): Promise<CustomerExportView> {
  const { storeId, customerId } = options;
  return withStore(db, storeId, async (tx) => {
    // Before any query: every section sees the same moment.
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    const shopper = await requireShopper(tx, storeId, customerId);
    const subject: PersonalDataSubject = { storeId, customerId, email: shopper.email.toLowerCase() };
    const data: Record<string, unknown> = {};
    for (const handler of personalDataHandlers()) data[handler.name] = await handler.export(tx, subject);
    const { rows } = await tx.execute<{ now: Date | string }>(sql`SELECT now() AS now`);
    await audit(tx, options.actor, {
      storeId,
      action: 'customer.exported',
      entityType: 'customer',
      entityId: customerId,
      after: { sections: Object.keys(data) },
    });
    return {
      format: 'carton.customer-export.v1',
      store_id: storeId,
      customer_id: customerId,
      exported_at: isoOf(rows[0]!.now),
      data,
    };
  });
}

const erasureView = (p: ProfileRow, alreadyErased: boolean): ErasureView => ({
  customer_id: p.customer_id,
  erased_at: iso(p.erased_at)!,
  erased_by: { type: p.erased_by_type, id: p.erased_by_id },
  already_erased: alreadyErased,
  modules: p.erased_modules,
});

/**
 * GDPR erasure of a shopper: every registered module's eraser runs in one transaction, then the
 * profile records when and by whom. The caller confirms by sending the shopper's current e-mail
 * address (a mismatch is 422 CONFIRMATION_MISMATCH and changes nothing). Idempotent: erasing an
 * erased shopper returns the first erasure (`already_erased: true`) and emits nothing. Emits
 * `customer.erased`; audited without personal data.
 */
export async function eraseCustomer(
  platform: Platform,
  options: { storeId: string; customerId: string; confirmEmail: string; actor?: Actor },
): Promise<ErasureView> {
  const { storeId, customerId } = options;
  const result = await withStore(platform.db, storeId, async (tx) => {
    // The profile lock: a second erasure of the same shopper waits here, then finds it done.
    const profile = await lockProfile(tx, storeId, customerId, { allowErased: true });
    if (profile.erased_at) return erasureView(profile, true);
    const shopper = await requireShopper(tx, storeId, customerId);
    if (options.confirmEmail.trim().toLowerCase() !== shopper.email.toLowerCase()) {
      throw new AppError(
        'CONFIRMATION_MISMATCH',
        "The confirmation does not match the customer's e-mail address.",
        {
          errors: [{ path: 'body.confirm_email', message: "must be the customer's e-mail address" }],
        },
      );
    }
    const subject: PersonalDataSubject = { storeId, customerId, email: shopper.email.toLowerCase() };
    const summary: Record<string, unknown> = {};
    for (const handler of personalDataHandlers())
      summary[handler.name] = (await handler.erase(tx, subject)) ?? {};
    // Last, after every module's eraser (which may emit events): the history of what happened
    // keeps no trace of who it happened to.
    const redaction = { needles: [subject.email, customerId], replacement: `erased+${customerId}@invalid` };
    const history = {
      events_redacted: await redactEventsAbout(tx, storeId, redaction),
      webhook_deliveries_redacted: await redactWebhookDeliveriesAbout(tx, storeId, redaction),
    };
    const actor = options.actor?.actor;
    const { rows } = await tx.execute<ProfileRow>(sql`
      UPDATE customer_profiles SET
        erased_at = now(), erased_by_type = ${actor?.type ?? 'system'}, erased_by_id = ${actor?.id ?? null},
        erased_modules = ${sql.param(Object.keys(summary))}::text[], updated_at = now()
      WHERE store_id = ${storeId} AND customer_id = ${customerId}
      RETURNING *`);
    const erased = rows[0]!;
    await emitCustomerEvent(tx, storeId, customerId, 'customer.erased', {
      erasedAt: isoOf(erased.erased_at!),
      modules: erased.erased_modules,
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'customer.erased',
      entityType: 'customer',
      entityId: customerId,
      after: { modules: summary, history },
    });
    return erasureView(erased, false);
  });
  // This process stops honouring the shopper's access tokens at once (others within their cache TTL).
  if (!result.already_erased) await forgetShopperSessions(platform, storeId, customerId);
  return result;
}

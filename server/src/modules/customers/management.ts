import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { AddressInput } from '../../platform/address.ts';
import type { Platform } from '../../platform/context.ts';
import { withStore, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { Tag, tagSet } from '../../platform/tags.ts';
import { parseInput } from '../../platform/validation.ts';
import { addAddressInTx } from './addresses.ts';
import { Email, recordMarketingConsentInTx } from './consent.ts';
import { getCustomerDetail } from './directory.ts';
import {
  changeShopper,
  createShopper,
  forgetShopperSessions,
  inviteShopper,
  requireShopper,
  setShopperStatus,
} from './identity-port.ts';
import { erasedError, lockProfile, Locale, Phone, readProfile, type ProfileRow } from './profiles.ts';
import { audit, emitCustomerEvent, type Actor } from './shared.ts';
import { CONSENT_CHANNELS, type CustomerDetailView } from './views.ts';

/**
 * Staff keep their customers: add one (a phone order, a wholesale buyer met at a fair), correct
 * names and e-mail, keep a private note and tags, invite a customer they added to choose a
 * password, disable an account. Identity owns the login record (reached through
 * `identity-port.ts`); the profile row here holds the rest and is the shopper's lock.
 */

const MAX_TAGS_PER_CUSTOMER = 20;
const Name = z.string().trim().min(1).max(100);
const Note = z.string().trim().min(1).max(5000).describe("Staff's own note; the customer never sees it");
const Tags = z
  .array(Tag)
  .max(MAX_TAGS_PER_CUSTOMER)
  .describe(`All of the customer's tags (replaces what they had; at most ${MAX_TAGS_PER_CUSTOMER})`);

export const NewCustomerInput = z.strictObject({
  email: Email,
  first_name: Name.optional(),
  last_name: Name.optional(),
  phone: Phone.optional(),
  locale: Locale.optional().describe('The language of their e-mails'),
  note: Note.optional(),
  tags: Tags.optional(),
  address: AddressInput.optional().describe('Their first address: the default for shipping and billing'),
  marketing_consent: z
    .array(z.enum(CONSENT_CHANNELS))
    .max(CONSENT_CHANNELS.length)
    .optional()
    .describe('The channels the customer agreed to receive marketing on (recorded with source `admin`)'),
  send_invite: z
    .boolean()
    .default(false)
    .describe('E-mail them a link to choose a password (their account, with the orders it will hold)'),
});
export type NewCustomerInput = z.input<typeof NewCustomerInput>;

export const CustomerPatch = z.strictObject({
  email: Email.optional().describe('Also where an account signs in'),
  first_name: Name.nullable().optional(),
  last_name: Name.nullable().optional(),
  phone: Phone.nullable().optional(),
  locale: Locale.nullable().optional(),
  note: Note.nullable().optional(),
  tags: Tags.optional(),
});
export type CustomerPatch = z.input<typeof CustomerPatch>;

export const AccountStatusInput = z.strictObject({
  status: z.enum(['active', 'disabled']).describe('`disabled`: they sign in no more and every session ends'),
});
export type AccountStatusInput = z.input<typeof AccountStatusInput>;

/**
 * Add a customer: the login record (no password yet), the profile with phone, language, note and
 * tags, the first address and the consent they gave, in one transaction — a taken e-mail (an
 * account or a guest who checked out) is 409 and nothing is kept. Emits `customer.created`;
 * audited with the fields given, never their values. With `send_invite` they are then e-mailed a
 * link to choose a password; an e-mail that cannot be sent leaves the customer made and no
 * invitation out (the detail's `account_invitation` is null: send it again).
 */
export async function createCustomer(
  platform: Platform,
  o: { storeId: string; input: NewCustomerInput; actor?: Actor },
): Promise<CustomerDetailView> {
  const input = parseInput(NewCustomerInput, o.input);
  const { storeId } = o;
  const customerId = await withStore(platform.db, storeId, (tx) =>
    addCustomerInTx(tx, { storeId, input, consentSource: 'admin', actor: o.actor }),
  );
  if (input.send_invite) {
    await inviteToAccount(platform, { storeId, customerId, actor: o.actor }).catch((err: unknown) =>
      platform.log.warn({ err, customerId }, 'new customer made; their invitation was not sent'),
    );
  }
  return getCustomerDetail(platform.db, { storeId, customerId });
}

/**
 * `createCustomer`'s writes in the caller's store-scoped transaction (an import adds many, each
 * in its own): the record, profile, first address and consent, `customer.created`, the audit.
 */
export async function addCustomerInTx(
  tx: Tx,
  o: {
    storeId: string;
    input: z.output<typeof NewCustomerInput>;
    consentSource: 'admin' | 'import';
    actor?: Actor;
  },
): Promise<string> {
  const { storeId, input } = o;
  const shopper = await createShopper(tx, storeId, {
    email: input.email,
    firstName: input.first_name ?? null,
    lastName: input.last_name ?? null,
  });
  await tx.execute(sql`
    INSERT INTO customer_profiles (customer_id, store_id, phone, locale, note, tags)
    VALUES (${shopper.id}, ${storeId}, ${input.phone ?? null}, ${input.locale ?? null}, ${input.note ?? null},
            ${sql.param(tagSet(input.tags ?? []))}::text[])`);
  if (input.address) {
    await addAddressInTx(tx, { storeId, customerId: shopper.id, input: { address: input.address } });
  }
  for (const channel of new Set(input.marketing_consent ?? [])) {
    await recordMarketingConsentInTx(tx, {
      storeId,
      customerId: shopper.id,
      channel,
      status: 'granted',
      source: o.consentSource,
      actor: o.actor,
    });
  }
  await emitCustomerEvent(tx, storeId, shopper.id, 'customer.created', {
    source: o.consentSource === 'import' ? 'import' : 'staff',
  });
  await audit(tx, o.actor, {
    storeId,
    action: 'customer.created',
    entityType: 'customer',
    entityId: shopper.id,
    after: { fields: givenFields(input), marketing_consent: input.marketing_consent ?? [] },
  });
  return shopper.id;
}

/** The names of the fields given (for the audit log: which, never what). */
function givenFields(input: Record<string, unknown>): string[] {
  return Object.keys(input).filter(
    (k) => input[k] !== undefined && k !== 'send_invite' && k !== 'marketing_consent',
  );
}

/**
 * Correct a customer's e-mail, names, phone, language, note or tags (left out: unchanged; null
 * clears one). The same values again change nothing. An e-mail another record of the store has is
 * 409; an erased customer is 409. Emits `customer.profile_updated` with the fields' names and is
 * audited with them.
 */
export async function updateCustomer(
  platform: Platform,
  o: { storeId: string; customerId: string; input: CustomerPatch; actor?: Actor },
): Promise<CustomerDetailView> {
  const patch = parseInput(CustomerPatch, o.input);
  const { storeId, customerId } = o;
  await withStore(platform.db, storeId, async (tx) => {
    const before = await lockProfile(tx, storeId, customerId);
    const shopper = await requireShopper(tx, storeId, customerId);
    const identity = {
      email: differs(patch.email, shopper.email.toLowerCase()),
      firstName: differs(patch.first_name, shopper.firstName),
      lastName: differs(patch.last_name, shopper.lastName),
    };
    const tags = patch.tags === undefined ? undefined : tagSet(patch.tags);
    const profile = {
      phone: differs(patch.phone, before.phone),
      locale: differs(patch.locale, before.locale),
      note: differs(patch.note, before.note),
      tags: tags && differs(tags.join(','), tagSet(before.tags).join(',')) !== undefined ? tags : undefined,
    };
    const fields = [
      ...(identity.email !== undefined ? ['email'] : []),
      ...(identity.firstName !== undefined ? ['first_name'] : []),
      ...(identity.lastName !== undefined ? ['last_name'] : []),
      ...(Object.keys(profile) as (keyof typeof profile)[]).filter((k) => profile[k] !== undefined),
    ];
    if (fields.length === 0) return;
    if (identity.email !== undefined || identity.firstName !== undefined || identity.lastName !== undefined) {
      await changeShopper(tx, storeId, customerId, identity);
    }
    if (Object.values(profile).some((v) => v !== undefined)) await writeProfile(tx, before, profile);
    await emitCustomerEvent(tx, storeId, customerId, 'customer.profile_updated', { fields });
    await audit(tx, o.actor, {
      storeId,
      action: 'customer.updated',
      entityType: 'customer',
      entityId: customerId,
      after: { fields },
    });
  });
  return getCustomerDetail(platform.db, { storeId, customerId });
}

/** The value asked when it is one and not what is there: what a PATCH changes. */
const differs = <T>(asked: T | undefined, was: T): T | undefined =>
  asked !== undefined && asked !== was ? asked : undefined;

async function writeProfile(
  tx: DbOrTx,
  before: ProfileRow,
  change: { phone?: string | null; locale?: string | null; note?: string | null; tags?: string[] },
): Promise<void> {
  const keep = <T>(v: T | undefined, was: T): T => (v === undefined ? was : v);
  await tx.execute(sql`
    UPDATE customer_profiles SET
      phone = ${keep(change.phone, before.phone)},
      locale = ${keep(change.locale, before.locale)},
      note = ${keep(change.note, before.note)},
      tags = ${sql.param(keep(change.tags, before.tags))}::text[],
      updated_at = now()
    WHERE store_id = ${before.store_id} AND customer_id = ${before.customer_id}`);
}

/**
 * Disable a customer's account — they sign in no more, every session ends at once and links
 * to reset their password or accept an invitation stop working — or enable it again. Their
 * orders and data stay. Emits `customer.account_disabled` / `customer.account_enabled`;
 * audited. An erased customer is 409 (erasure disabled it for good).
 */
export async function setAccountStatus(
  platform: Platform,
  o: { storeId: string; customerId: string; input: AccountStatusInput; actor?: Actor },
): Promise<CustomerDetailView> {
  const { status } = parseInput(AccountStatusInput, o.input);
  const { storeId, customerId } = o;
  const ended = await withStore(platform.db, storeId, async (tx) => {
    await lockProfile(tx, storeId, customerId);
    const before = await requireShopper(tx, storeId, customerId);
    if (before.status === status) return false;
    await setShopperStatus(tx, storeId, customerId, status);
    const action = status === 'disabled' ? 'customer.account_disabled' : 'customer.account_enabled';
    await emitCustomerEvent(tx, storeId, customerId, action, {});
    await audit(tx, o.actor, {
      storeId,
      action,
      entityType: 'customer',
      entityId: customerId,
      after: { status },
    });
    return status === 'disabled';
  });
  if (ended) await forgetShopperSessions(platform, storeId, customerId);
  return getCustomerDetail(platform.db, { storeId, customerId });
}

/**
 * E-mail a customer without a password (one staff added, or a guest who checked out) a link to
 * choose one, in their language; an earlier invitation stops working. 409 when they have an
 * account already, it is disabled or they were erased; 503 when the e-mail could not be sent
 * (nothing is left out then). Audited.
 */
export async function inviteToAccount(
  platform: Platform,
  o: { storeId: string; customerId: string; actor?: Actor },
): Promise<{ emailed_to: string; expires_at: string }> {
  const { storeId, customerId } = o;
  const profile = await withStore(platform.db, storeId, async (tx) => {
    await requireShopper(tx, storeId, customerId);
    const row = await readProfile(tx, storeId, customerId);
    if (row?.erased_at) throw erasedError(customerId);
    return row;
  });
  const sent = await inviteShopper(platform, storeId, customerId, profile?.locale ?? null);
  await withStore(platform.db, storeId, (tx) =>
    audit(tx, o.actor, {
      storeId,
      action: 'customer.invited',
      entityType: 'customer',
      entityId: customerId,
      after: { expires_at: sent.expiresAt },
    }),
  );
  return { emailed_to: sent.emailedTo, expires_at: sent.expiresAt };
}

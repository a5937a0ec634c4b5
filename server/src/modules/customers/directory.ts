import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, withStoreSnapshot, type Db, type DbOrTx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { TagFilter, tagsOf } from '../../platform/tags.ts';
import { parseInput } from '../../platform/validation.ts';
import { addressRows, addressView } from './addresses.ts';
import { marketingConsentOf } from './consent.ts';
import {
  findShoppers,
  isRegistered,
  pendingInvitation,
  pendingInvitations,
  requireShopper,
  searchShoppers,
  type Shopper,
} from './identity-port.ts';
import { groupsOf, readGroup } from './groups.ts';
import { emptyProfile, profileView, readProfile } from './profiles.ts';
import { iso, isoOf, type CustomerDetailView, type CustomerSummaryView } from './views.ts';
import { taxExemptIds } from './tax-exemption.ts';
import { wishlistOf } from './wishlist.ts';

/** The merchant's view of their shoppers: a searchable list and one shopper's whole profile. */

export const CustomerListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Part of the e-mail address, first name, last name or "first last" (case-insensitive)'),
  tax_exempt: z
    .enum(['true'])
    .optional()
    .describe('Only customers marked tax exempt, expired exemptions included (a tax audit’s list)'),
  tag: TagFilter.optional().describe('Comma-separated tags: customers who have all of them (any case)'),
});
export type CustomerListQuery = z.input<typeof CustomerListQuery>;

interface ProfileFacts {
  erased: boolean;
  tags: string[];
  /** An open invitation to choose a password works until then. */
  invitedUntil?: Date | null;
}
const NO_PROFILE: ProfileFacts = { erased: false, tags: [] };

const summaryView = (s: Shopper, facts: ProfileFacts): CustomerSummaryView => ({
  id: s.id,
  email: s.email,
  first_name: s.firstName,
  last_name: s.lastName,
  status: s.status,
  registered: isRegistered(s),
  erased: facts.erased,
  tags: facts.tags,
  invited_until: facts.invitedUntil ? isoOf(facts.invitedUntil) : null,
  created_at: isoOf(s.createdAt),
  last_login_at: iso(s.lastLoginAt),
});

/**
 * What a list shows of these shoppers beyond the login record: erased or not and their tags (their
 * profiles), and an open invitation for those without a password.
 */
async function profileFacts(
  tx: DbOrTx,
  storeId: string,
  shoppers: readonly Shopper[],
): Promise<Map<string, ProfileFacts>> {
  if (shoppers.length === 0) return new Map();
  const ids = shoppers.map((s) => s.id);
  const { rows } = await tx.execute<{ customer_id: string; erased: boolean; tags: string[] }>(sql`
    SELECT customer_id, erased_at IS NOT NULL AS erased, tags FROM customer_profiles
    WHERE store_id = ${storeId} AND customer_id = ANY(${sql.param(ids)}::text[])`);
  const unregistered = shoppers.filter((s) => !isRegistered(s)).map((s) => s.id);
  const invited = await pendingInvitations(tx, storeId, unregistered);
  const facts = new Map(rows.map((r) => [r.customer_id, { erased: r.erased, tags: r.tags }]));
  return new Map(
    ids.map((id) => [id, { ...(facts.get(id) ?? NO_PROFILE), invitedUntil: invited.get(id) ?? null }]),
  );
}

/** The customers having all these tags, from the profiles' partial index of tagged ones. */
async function taggedIds(tx: DbOrTx, storeId: string, tags: string[]): Promise<string[]> {
  const { rows } = await tx.execute<{ customer_id: string }>(sql`
    SELECT customer_id FROM customer_profiles
    WHERE store_id = ${storeId} AND tags @> ${sql.param(tags)}::text[] AND tags <> '{}'`);
  return rows.map((r) => r.customer_id);
}

/** The ids the list's filters allow, or undefined when no filter narrows it. */
async function filteredIds(tx: DbOrTx, storeId: string, q: { tax_exempt?: 'true'; tag?: string }) {
  let ids: string[] | undefined;
  if (q.tax_exempt) ids = await taxExemptIds(tx, storeId);
  const tags = tagsOf(q.tag);
  if (tags.length) {
    const tagged = await taggedIds(tx, storeId, tags);
    ids = ids ? tagged.filter((id) => ids!.includes(id)) : tagged;
  }
  return ids;
}

/** A page's cursor (the last shopper's id), or 400 when this API did not issue it. */
function idCursor(text: string | undefined): { id: string } | null {
  const cursor = decodeCursor<{ id: string }>(text);
  if (cursor && typeof cursor.id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
      errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
    });
  }
  return cursor;
}

/** The store's shoppers (accounts and guest records), newest first, with search and cursor pagination. */
export async function listCustomers(
  db: Db,
  options: { storeId: string; query: CustomerListQuery },
): Promise<Page<CustomerSummaryView>> {
  const q = parseInput(CustomerListQuery, options.query, 'querystring');
  const cursor = idCursor(q.cursor);
  const { storeId } = options;
  return withStoreSnapshot(db, storeId, async (tx) => {
    const ids = await filteredIds(tx, storeId, q);
    const rows = await searchShoppers(tx, {
      storeId,
      search: q.q,
      before: cursor?.id,
      limit: q.limit + 1,
      ...(ids ? { ids } : {}),
    });
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    const facts = await profileFacts(tx, storeId, page.data);
    return {
      data: page.data.map((s) => summaryView(s, facts.get(s.id) ?? NO_PROFILE)),
      next_cursor: page.next_cursor,
    };
  });
}

/** One shopper with their profile, address book, marketing consent, wish list and groups. */
export async function getCustomerDetail(
  db: Db,
  options: { storeId: string; customerId: string },
): Promise<CustomerDetailView> {
  const { storeId, customerId } = options;
  return withStore(db, storeId, async (tx) => {
    const shopper = await requireShopper(tx, storeId, customerId);
    const profile = await readProfile(tx, storeId, customerId);
    const invitation = isRegistered(shopper) ? null : await pendingInvitation(tx, storeId, customerId);
    return {
      ...summaryView(shopper, {
        erased: profile?.erased_at != null,
        tags: profile?.tags ?? [],
        invitedUntil: invitation?.expiresAt ?? null,
      }),
      note: profile?.note ?? null,
      account_invitation: invitation
        ? { sent_at: isoOf(invitation.sentAt), expires_at: isoOf(invitation.expiresAt) }
        : null,
      profile: profile ? profileView(profile) : emptyProfile(customerId),
      addresses: (await addressRows(tx, storeId, customerId)).map(addressView),
      marketing_consent: await marketingConsentOf(tx, { storeId, customerId }),
      wishlist: await wishlistOf(tx, storeId, customerId),
      groups: await groupsOf(tx, storeId, customerId),
    };
  });
}

export const GroupMembersQuery = PageQuery;
export type GroupMembersQuery = z.input<typeof GroupMembersQuery>;

/** The group's shoppers, newest first, with cursor pagination. */
export async function listGroupMembers(
  db: Db,
  options: { storeId: string; groupId: string; query: GroupMembersQuery },
): Promise<Page<CustomerSummaryView>> {
  const q = parseInput(GroupMembersQuery, options.query, 'querystring');
  const cursor = idCursor(q.cursor);
  const { storeId, groupId } = options;
  return withStoreSnapshot(db, storeId, async (tx) => {
    await readGroup(tx, storeId, groupId);
    const { rows } = await tx.execute<{ customer_id: string }>(sql`
      SELECT customer_id FROM customer_group_members
      WHERE store_id = ${storeId} AND group_id = ${groupId}
        ${cursor ? sql`AND customer_id < ${cursor.id}` : sql``}
      ORDER BY customer_id DESC LIMIT ${q.limit + 1}`);
    const page = toPage(rows, q.limit, (r) => ({ id: r.customer_id }));
    const ids = page.data.map((r) => r.customer_id);
    const shoppers = await findShoppers(tx, storeId, ids);
    const facts = await profileFacts(tx, storeId, shoppers);
    return {
      data: shoppers.map((s) => summaryView(s, facts.get(s.id) ?? NO_PROFILE)),
      next_cursor: page.next_cursor,
    };
  });
}

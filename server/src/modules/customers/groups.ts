import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { readRowsInStore } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { findShoppers } from './identity-port.ts';
import { audit, isUniqueViolation, type Actor } from './shared.ts';
import { isoOf, type CustomerGroupView } from './views.ts';

/**
 * Customer groups: the merchant sorts shoppers into groups (wholesale, VIP, staff). A price list or
 * price rule limited to groups (`customer_group_ids`) prices the carts of those groups' members;
 * nobody else sees it. A shopper may be in many groups; deleting a group takes its members out.
 */

/** Groups a store may keep: staff pick from them by name, so a few dozen is the norm. */
const MAX_CUSTOMER_GROUPS = 200;
/** Shoppers added in one request. */
const MAX_MEMBERS_PER_REQUEST = 500;

const Name = z.string().trim().min(1).max(100);
const Description = z.string().trim().max(500);

export const CustomerGroupInput = z.strictObject({
  name: Name.describe('Unique in the store, whatever its case'),
  description: Description.optional(),
});
export type CustomerGroupInput = z.input<typeof CustomerGroupInput>;

export const CustomerGroupPatch = z
  .strictObject({ name: Name.optional(), description: Description.nullable().optional() })
  .refine((p) => p.name !== undefined || p.description !== undefined, {
    message: 'Send a name or a description to change',
  });
export type CustomerGroupPatch = z.input<typeof CustomerGroupPatch>;

export const GroupMembersInput = z.strictObject({
  customer_ids: z
    .array(z.string().trim().min(1).max(64))
    .min(1)
    .max(MAX_MEMBERS_PER_REQUEST)
    .describe(`Shoppers of this store to put in the group (at most ${MAX_MEMBERS_PER_REQUEST})`),
});
export type GroupMembersInput = z.input<typeof GroupMembersInput>;

interface GroupRow {
  [column: string]: unknown;
  id: string;
  name: string;
  description: string | null;
  member_count: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const groupView = (r: GroupRow): CustomerGroupView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  member_count: Number(r.member_count),
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

const groupSelect = (storeId: string) => sql`
  SELECT g.id, g.name, g.description, g.created_at, g.updated_at,
         (SELECT count(*) FROM customer_group_members m WHERE m.group_id = g.id)::int AS member_count
  FROM customer_groups g WHERE g.store_id = ${storeId}`;

const notFound = (groupId: string) => new AppError('NOT_FOUND', `Customer group ${groupId} does not exist.`);

const nameTaken = (name: string) =>
  new AppError('CONFLICT', `A customer group named "${name}" already exists in this store.`, {
    errors: [{ path: 'body.name', message: 'already taken' }],
  });

export async function readGroup(tx: Tx, storeId: string, groupId: string): Promise<GroupRow> {
  const { rows } = await tx.execute<GroupRow>(sql`${groupSelect(storeId)} AND g.id = ${groupId}`);
  if (!rows[0]) throw notFound(groupId);
  return rows[0];
}

/** Lock the group for a change of it or its members (a concurrent delete waits, or we find it gone). */
async function lockGroup(tx: Tx, storeId: string, groupId: string): Promise<void> {
  const { rows } = await tx.execute(
    sql`SELECT 1 FROM customer_groups WHERE store_id = ${storeId} AND id = ${groupId} FOR UPDATE`,
  );
  if (rows.length === 0) throw notFound(groupId);
}

function emitGroupEvent(
  tx: Tx,
  storeId: string,
  groupId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<unknown> {
  return emitEvent(tx, {
    storeId,
    type,
    aggregateType: 'customer_group',
    aggregateId: groupId,
    payload: { groupId, ...payload },
  });
}

/** Every group of the store, by name, with how many shoppers each holds. */
export async function listCustomerGroups(db: Db, options: { storeId: string }): Promise<CustomerGroupView[]> {
  return withStore(db, options.storeId, async (tx) => {
    const { rows } = await tx.execute<GroupRow>(sql`${groupSelect(options.storeId)} ORDER BY lower(g.name)`);
    return rows.map(groupView);
  });
}

export async function getCustomerGroup(
  db: Db,
  options: { storeId: string; groupId: string },
): Promise<CustomerGroupView> {
  return withStore(db, options.storeId, async (tx) =>
    groupView(await readGroup(tx, options.storeId, options.groupId)),
  );
}

/** A new group; 409 when the name is taken or the store has MAX_CUSTOMER_GROUPS. Audited. */
export async function createCustomerGroup(
  db: Db,
  options: { storeId: string; input: CustomerGroupInput; actor?: Actor },
): Promise<CustomerGroupView> {
  const input = parseInput(CustomerGroupInput, options.input);
  const { storeId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      // One count at a time per store: two creations racing for the last place cannot both pass.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('customer_groups:' || ${storeId}))`);
      const { rows } = await tx.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM customer_groups WHERE store_id = ${storeId}`,
      );
      if (rows[0]!.n >= MAX_CUSTOMER_GROUPS) {
        throw new AppError('LIMIT_REACHED', `A store keeps at most ${MAX_CUSTOMER_GROUPS} customer groups.`);
      }
      const id = newId('cgrp');
      await tx.execute(sql`
        INSERT INTO customer_groups (id, store_id, name, description)
        VALUES (${id}, ${storeId}, ${input.name}, ${input.description ?? null})`);
      await emitGroupEvent(tx, storeId, id, 'customer_group.created', { name: input.name });
      await audit(tx, options.actor, {
        storeId,
        action: 'customer_group.create',
        entityType: 'customer_group',
        entityId: id,
        after: { name: input.name },
      });
      return groupView(await readGroup(tx, storeId, id));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

/** Rename or describe a group. Audited. */
export async function updateCustomerGroup(
  db: Db,
  options: { storeId: string; groupId: string; patch: CustomerGroupPatch; actor?: Actor },
): Promise<CustomerGroupView> {
  const patch = parseInput(CustomerGroupPatch, options.patch);
  const { storeId, groupId } = options;
  try {
    return await withStore(db, storeId, async (tx) => {
      await lockGroup(tx, storeId, groupId);
      await tx.execute(sql`
        UPDATE customer_groups SET
          name = coalesce(${patch.name ?? null}, name),
          description = ${patch.description === undefined ? sql`description` : patch.description},
          updated_at = now()
        WHERE store_id = ${storeId} AND id = ${groupId}`);
      const fields = Object.keys(patch);
      await emitGroupEvent(tx, storeId, groupId, 'customer_group.updated', { fields });
      await audit(tx, options.actor, {
        storeId,
        action: 'customer_group.update',
        entityType: 'customer_group',
        entityId: groupId,
        after: patch,
      });
      return groupView(await readGroup(tx, storeId, groupId));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(patch.name!);
    throw err;
  }
}

/**
 * Delete a group and take its members out of it. Price lists and rules that name it keep the id and
 * apply to nobody until they are edited. Audited.
 */
export async function deleteCustomerGroup(
  db: Db,
  options: { storeId: string; groupId: string; actor?: Actor },
): Promise<void> {
  const { storeId, groupId } = options;
  await withStore(db, storeId, async (tx) => {
    await lockGroup(tx, storeId, groupId); // members added meanwhile wait, then are counted
    const group = await readGroup(tx, storeId, groupId);
    await tx.execute(sql`DELETE FROM customer_groups WHERE store_id = ${storeId} AND id = ${groupId}`);
    await emitGroupEvent(tx, storeId, groupId, 'customer_group.deleted', {
      name: group.name,
      memberCount: Number(group.member_count),
    });
    await audit(tx, options.actor, {
      storeId,
      action: 'customer_group.delete',
      entityType: 'customer_group',
      entityId: groupId,
      after: { name: group.name, member_count: Number(group.member_count) },
    });
  });
}

/**
 * Put shoppers in the group. All or nothing: an id that is not a shopper of this store refuses the
 * whole request (422, listing them). Shoppers already in it stay as they were. Audited.
 */
export async function addGroupMembers(
  db: Db,
  options: { storeId: string; groupId: string; input: GroupMembersInput; actor?: Actor },
): Promise<{ added: number; member_count: number }> {
  const input = parseInput(GroupMembersInput, options.input);
  const { storeId, groupId } = options;
  const ids = [...new Set(input.customer_ids)];
  return withStore(db, storeId, async (tx) => {
    await lockGroup(tx, storeId, groupId);
    const known = new Set((await findShoppers(tx, storeId, ids)).map((s) => s.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new AppError('VALIDATION_FAILED', `${unknown.length} of these are not customers of this store.`, {
        errors: unknown.slice(0, 20).map((id) => ({
          path: `body.customer_ids[${input.customer_ids.indexOf(id)}]`,
          message: `customer ${id} does not exist in this store`,
        })),
      });
    }
    const { rows } = await tx.execute<{ customer_id: string }>(sql`
      INSERT INTO customer_group_members (group_id, customer_id, store_id)
      SELECT ${groupId}, id, ${storeId} FROM unnest(${sql.param(ids)}::text[]) AS id
      ON CONFLICT DO NOTHING RETURNING customer_id`);
    const added = rows.map((r) => r.customer_id);
    if (added.length) {
      await emitGroupEvent(tx, storeId, groupId, 'customer_group.members_added', { customerIds: added });
      await audit(tx, options.actor, {
        storeId,
        action: 'customer_group.add_members',
        entityType: 'customer_group',
        entityId: groupId,
        after: { customer_ids: added },
      });
    }
    return {
      added: added.length,
      member_count: Number((await readGroup(tx, storeId, groupId)).member_count),
    };
  });
}

/** Take a shopper out of the group; 404 when they are not in it. Audited. */
export async function removeGroupMember(
  db: Db,
  options: { storeId: string; groupId: string; customerId: string; actor?: Actor },
): Promise<void> {
  const { storeId, groupId, customerId } = options;
  await withStore(db, storeId, async (tx) => {
    await lockGroup(tx, storeId, groupId);
    const { rows } = await tx.execute(sql`
      DELETE FROM customer_group_members
      WHERE store_id = ${storeId} AND group_id = ${groupId} AND customer_id = ${customerId}
      RETURNING 1`);
    if (rows.length === 0) {
      throw new AppError('NOT_FOUND', `Customer ${customerId} is not in customer group ${groupId}.`);
    }
    await emitGroupEvent(tx, storeId, groupId, 'customer_group.member_removed', { customerId });
    await audit(tx, options.actor, {
      storeId,
      action: 'customer_group.remove_member',
      entityType: 'customer_group',
      entityId: groupId,
      after: { customer_id: customerId },
    });
  });
}

/** The groups a shopper is in, by name (their customer page). */
export async function groupsOf(
  tx: DbOrTx,
  storeId: string,
  customerId: string,
): Promise<{ id: string; name: string }[]> {
  return readRowsInStore<{ id: string; name: string }>(
    tx,
    storeId,
    sql`SELECT g.id, g.name FROM customer_group_members m JOIN customer_groups g ON g.id = m.group_id
        WHERE m.store_id = ${storeId} AND m.customer_id = ${customerId} ORDER BY lower(g.name)`,
  );
}

/**
 * The ids of the groups a shopper is in, for pricing their cart: one round trip outside a
 * transaction (a cart change asks before it opens one).
 */
export async function customerGroupIds(db: DbOrTx, storeId: string, customerId: string): Promise<string[]> {
  const rows = await readRowsInStore<{ group_id: string }>(
    db,
    storeId,
    sql`SELECT group_id FROM customer_group_members WHERE store_id = ${storeId} AND customer_id = ${customerId}`,
  );
  return rows.map((r) => r.group_id).sort();
}

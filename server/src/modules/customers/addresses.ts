import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { AddressInput, type Address } from '../../platform/address.ts';
import { parseInput } from '../../platform/validation.ts';
import { lockProfile, readProfile } from './profiles.ts';
import { requireShopper } from './identity-port.ts';
import { audit, emitCustomerEvent, type Actor } from './shared.ts';
import { isoOf, type AddressView } from './views.ts';

/**
 * The address book. Invariant: a shopper with any address has exactly one default shipping and
 * exactly one default billing address — the first address becomes both, a new default replaces
 * the old one, and removing a default promotes the newest remaining address. Every change runs
 * under the shopper's profile lock; partial unique indexes back the "at most one" half.
 */

/** Addresses a shopper may keep when the caller does not say (config: CUSTOMER_MAX_ADDRESSES). */
export const DEFAULT_MAX_ADDRESSES = 20;

const Label = z.string().trim().min(1).max(50);

export const AddressBookEntryInput = z.strictObject({
  label: Label.optional(),
  address: AddressInput,
  default_shipping: z.boolean().optional().describe('Make it the default shipping address'),
  default_billing: z.boolean().optional().describe('Make it the default billing address'),
});
export type AddressBookEntryInput = z.input<typeof AddressBookEntryInput>;

export const AddressBookEntryPatch = z.strictObject({
  label: Label.nullable().optional(),
  address: AddressInput.optional().describe('Replaces the whole address'),
  default_shipping: z
    .literal(true)
    .optional()
    .describe('Make it the default shipping address (to change the default, choose another one)'),
  default_billing: z.literal(true).optional().describe('Make it the default billing address'),
});
export type AddressBookEntryPatch = z.input<typeof AddressBookEntryPatch>;

interface AddressRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  customer_id: string;
  label: string | null;
  address: Address;
  is_default_shipping: boolean;
  is_default_billing: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export const addressView = (r: AddressRow): AddressView => ({
  id: r.id,
  label: r.label,
  address: r.address,
  is_default_shipping: r.is_default_shipping,
  is_default_billing: r.is_default_billing,
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

/** A shopper's addresses, oldest first. */
export async function addressRows(tx: DbOrTx, storeId: string, customerId: string): Promise<AddressRow[]> {
  const { rows } = await tx.execute<AddressRow>(sql`
    SELECT * FROM customer_addresses WHERE store_id = ${storeId} AND customer_id = ${customerId} ORDER BY id`);
  return rows;
}

async function findAddress(
  tx: Tx,
  storeId: string,
  customerId: string,
  addressId: string,
): Promise<AddressRow> {
  // Scoped to the shopper: another shopper's address id is simply not found.
  const { rows } = await tx.execute<AddressRow>(sql`
    SELECT * FROM customer_addresses
    WHERE store_id = ${storeId} AND customer_id = ${customerId} AND id = ${addressId}`);
  if (!rows[0]) throw new AppError('NOT_FOUND', `Address ${addressId} does not exist.`);
  return rows[0];
}

/** Take the default of one kind away from every address of the shopper (before giving it to one). */
async function clearDefault(tx: Tx, storeId: string, customerId: string, kind: 'shipping' | 'billing') {
  await tx.execute(
    kind === 'shipping'
      ? sql`UPDATE customer_addresses SET is_default_shipping = false, updated_at = now()
            WHERE store_id = ${storeId} AND customer_id = ${customerId} AND is_default_shipping`
      : sql`UPDATE customer_addresses SET is_default_billing = false, updated_at = now()
            WHERE store_id = ${storeId} AND customer_id = ${customerId} AND is_default_billing`,
  );
}

export async function listAddresses(
  db: Db,
  options: { storeId: string; customerId: string },
): Promise<AddressView[]> {
  return withStore(db, options.storeId, async (tx) => {
    const rows = await addressRows(tx, options.storeId, options.customerId);
    if (rows.length === 0 && !(await readProfile(tx, options.storeId, options.customerId))) {
      await requireShopper(tx, options.storeId, options.customerId);
    }
    return rows.map(addressView);
  });
}

export async function getAddress(
  db: Db,
  options: { storeId: string; customerId: string; addressId: string },
): Promise<AddressView> {
  return withStore(db, options.storeId, async (tx) =>
    addressView(await findAddress(tx, options.storeId, options.customerId, options.addressId)),
  );
}

/**
 * Add an address; 409 LIMIT_REACHED when the book is full. Emits `customer.address_added`. With an
 * `actor` (staff editing a shopper's book) the change is audited — ids only, never the address.
 */
export async function addAddress(db: Db, options: AddAddressOptions): Promise<AddressView> {
  return withStore(db, options.storeId, (tx) => addAddressInTx(tx, options));
}

interface AddAddressOptions {
  storeId: string;
  customerId: string;
  input: AddressBookEntryInput;
  maxAddresses?: number;
  actor?: Actor;
}

/** `addAddress` in the caller's store-scoped transaction (staff adding a customer with their address). */
export async function addAddressInTx(tx: Tx, options: AddAddressOptions): Promise<AddressView> {
  const input = parseInput(AddressBookEntryInput, options.input);
  const { storeId, customerId } = options;
  const max = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  await lockProfile(tx, storeId, customerId);
  const existing = await addressRows(tx, storeId, customerId);
  if (existing.length >= max) {
    throw new AppError('LIMIT_REACHED', `An address book holds at most ${max} addresses; remove one first.`);
  }
  // The first address is the default of both kinds, whatever was asked.
  const shipping = input.default_shipping === true || !existing.some((a) => a.is_default_shipping);
  const billing = input.default_billing === true || !existing.some((a) => a.is_default_billing);
  if (shipping) await clearDefault(tx, storeId, customerId, 'shipping');
  if (billing) await clearDefault(tx, storeId, customerId, 'billing');
  const { rows } = await tx.execute<AddressRow>(sql`
    INSERT INTO customer_addresses (id, store_id, customer_id, label, address, is_default_shipping, is_default_billing)
    VALUES (${newId('addr')}, ${storeId}, ${customerId}, ${input.label ?? null}, ${JSON.stringify(input.address)}::jsonb,
            ${shipping}, ${billing})
    RETURNING *`);
  const row = rows[0]!;
  await emitCustomerEvent(tx, storeId, customerId, 'customer.address_added', {
    addressId: row.id,
    country: row.address.country,
    defaultShipping: shipping,
    defaultBilling: billing,
  });
  await auditAddress(tx, options.actor, storeId, customerId, 'customer.address_added', row.id);
  return addressView(row);
}

/**
 * Change an address's label or address, or make it a default. Un-defaulting the default is
 * refused (409): choose another address as the default instead. Emits `customer.address_updated`.
 */
export async function updateAddress(
  db: Db,
  options: {
    storeId: string;
    customerId: string;
    addressId: string;
    patch: AddressBookEntryPatch;
    actor?: Actor;
  },
): Promise<AddressView> {
  const patch = parseInput(AddressBookEntryPatch, options.patch);
  const { storeId, customerId, addressId } = options;
  return withStore(db, storeId, async (tx) => {
    await lockProfile(tx, storeId, customerId);
    const before = await findAddress(tx, storeId, customerId, addressId);
    const shipping = patch.default_shipping === true && !before.is_default_shipping;
    const billing = patch.default_billing === true && !before.is_default_billing;
    if (shipping) await clearDefault(tx, storeId, customerId, 'shipping');
    if (billing) await clearDefault(tx, storeId, customerId, 'billing');
    const { rows } = await tx.execute<AddressRow>(sql`
      UPDATE customer_addresses SET
        label = ${patch.label !== undefined ? patch.label : before.label},
        address = ${JSON.stringify(patch.address ?? before.address)}::jsonb,
        is_default_shipping = is_default_shipping OR ${shipping},
        is_default_billing = is_default_billing OR ${billing},
        updated_at = now()
      WHERE store_id = ${storeId} AND id = ${addressId}
      RETURNING *`);
    const after = rows[0]!;
    const fields = [
      ...(patch.label !== undefined && patch.label !== before.label ? ['label'] : []),
      ...(patch.address && JSON.stringify(patch.address) !== JSON.stringify(before.address)
        ? ['address']
        : []),
      ...(shipping ? ['default_shipping'] : []),
      ...(billing ? ['default_billing'] : []),
    ];
    if (fields.length) {
      await emitCustomerEvent(tx, storeId, customerId, 'customer.address_updated', {
        addressId,
        fields,
        country: after.address.country,
        defaultShipping: after.is_default_shipping,
        defaultBilling: after.is_default_billing,
      });
      await auditAddress(
        tx,
        options.actor,
        storeId,
        customerId,
        'customer.address_updated',
        addressId,
        fields,
      );
    }
    return addressView(after);
  });
}

/**
 * Remove an address. If it was a default, the newest remaining address becomes that default.
 * Emits `customer.address_removed` (with the new defaults, if any changed).
 */
export async function removeAddress(
  db: Db,
  options: { storeId: string; customerId: string; addressId: string; actor?: Actor },
): Promise<void> {
  const { storeId, customerId, addressId } = options;
  await withStore(db, storeId, async (tx) => {
    await lockProfile(tx, storeId, customerId);
    const removed = await findAddress(tx, storeId, customerId, addressId);
    await tx.execute(sql`DELETE FROM customer_addresses WHERE store_id = ${storeId} AND id = ${addressId}`);
    const promote = async (kind: 'shipping' | 'billing', was: boolean): Promise<string | null> => {
      if (!was) return null;
      const { rows } = await tx.execute<{ id: string }>(
        kind === 'shipping'
          ? sql`UPDATE customer_addresses SET is_default_shipping = true, updated_at = now()
                WHERE id = (SELECT id FROM customer_addresses WHERE store_id = ${storeId} AND customer_id = ${customerId}
                            ORDER BY id DESC LIMIT 1)
                RETURNING id`
          : sql`UPDATE customer_addresses SET is_default_billing = true, updated_at = now()
                WHERE id = (SELECT id FROM customer_addresses WHERE store_id = ${storeId} AND customer_id = ${customerId}
                            ORDER BY id DESC LIMIT 1)
                RETURNING id`,
      );
      return rows[0]?.id ?? null;
    };
    const shipping = await promote('shipping', removed.is_default_shipping);
    const billing = await promote('billing', removed.is_default_billing);
    await emitCustomerEvent(tx, storeId, customerId, 'customer.address_removed', {
      addressId,
      ...(shipping ? { newDefaultShippingAddressId: shipping } : {}),
      ...(billing ? { newDefaultBillingAddressId: billing } : {}),
    });
    await auditAddress(tx, options.actor, storeId, customerId, 'customer.address_removed', addressId);
  });
}

/** Staff changed a shopper's address book: who, which address of whom, which fields (never the address). */
async function auditAddress(
  tx: Tx,
  actor: Actor,
  storeId: string,
  customerId: string,
  action: string,
  addressId: string,
  fields?: string[],
): Promise<void> {
  await audit(tx, actor, {
    storeId,
    action,
    entityType: 'customer',
    entityId: customerId,
    after: { address_id: addressId, ...(fields ? { fields } : {}) },
  });
}

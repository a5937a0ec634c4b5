import { z } from 'zod';
import { AddressInput, type Address } from '../../platform/address.ts';
import { withStore, type Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { Email } from '../identity/passwords.ts';
import { emitOrderEvent } from './events.ts';
import { audit, lockOrder, patchOrder, viewOf, type Actor } from './shared.ts';
import type { OrderRow } from './schema.ts';
import type { OrderView } from './views.ts';

export const OrderDetailsInput = z
  .strictObject({
    email: Email.optional().describe('Where the e-mails about the order go'),
    shipping_address: AddressInput.optional().describe(
      'While units are still to ship; in the same country and region (the tax and shipping charged depend on them)',
    ),
    billing_address: AddressInput.nullable().optional().describe('Null: the same as the shipping address'),
  })
  .refine(
    (i) => Object.values(i).some((v) => v !== undefined),
    'Name at least one of email, shipping_address, billing_address',
  );
export type OrderDetailsInput = z.input<typeof OrderDetailsInput>;

type Field = 'email' | 'shipping_address' | 'billing_address';

/**
 * Staff correct an order's contact and addresses after it was placed: the shopper mistyped their
 * e-mail, or the street, or asks for the parcel at their office. The shipping address changes
 * only while something is still to ship (confirmed or processing), and within the country and
 * region the order was taxed and its shipping priced for — anything further is a new order.
 * Nothing is re-priced. Changes nothing when the values are the same; otherwise audited
 * `order.details_changed` and announced by the event of that name — both with the fields' names,
 * never the addresses. An order whose shopper's data was erased is 409.
 */
export async function updateOrderDetails(
  db: Db,
  o: { storeId: string; orderId: string; input: OrderDetailsInput; actor?: Actor },
): Promise<OrderView> {
  const input = parseInput(OrderDetailsInput, o.input);
  const { storeId } = o;
  return withStore(db, storeId, async (tx) => {
    const row = await lockOrder(tx, storeId, o.orderId);
    if (row.email.endsWith('@invalid') && (row.shippingAddress ?? row.billingAddress)?.line1 === 'erased') {
      throw new AppError('CONFLICT', `The customer's personal data was erased from order ${row.id}.`);
    }
    const changed: Field[] = [];
    const patch: Partial<Pick<OrderRow, 'email' | 'shippingAddress' | 'billingAddress'>> = {};
    if (input.email !== undefined && input.email !== row.email) {
      patch.email = input.email;
      changed.push('email');
    }
    if (input.shipping_address !== undefined && !sameAddress(input.shipping_address, row.shippingAddress)) {
      assertShippingAddressMayChange(row, input.shipping_address);
      patch.shippingAddress = input.shipping_address;
      changed.push('shipping_address');
    }
    if (
      input.billing_address !== undefined &&
      !sameAddress(input.billing_address, row.billingAddress ?? null)
    ) {
      patch.billingAddress = input.billing_address;
      changed.push('billing_address');
    }
    if (changed.length === 0) return viewOf(tx, row);
    const after = await patchOrder(tx, row, patch);
    await emitOrderEvent(
      tx,
      storeId,
      'order.details_changed',
      { type: 'order', id: row.id },
      {
        orderId: row.id,
        number: row.number,
        status: row.status,
        customerId: row.customerId,
        changed,
      },
    );
    await audit(tx, o.actor, {
      storeId,
      action: 'order.details_changed',
      entityType: 'order',
      entityId: row.id,
      before: { changed },
      after: { changed },
    });
    return viewOf(tx, after);
  });
}

function assertShippingAddressMayChange(row: OrderRow, next: Address): void {
  if (row.status !== 'confirmed' && row.status !== 'processing') {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Order ${row.id} is ${row.status}; its shipping address can change only while units are still to ship.`,
    );
  }
  // A pickup order was taxed at its pickup point and ships nowhere: the shopper's address is theirs to correct.
  if (row.shipping?.pickup) return;
  const was = row.shippingAddress;
  if (!was) {
    throw new AppError(
      'UNPROCESSABLE',
      `Nothing in order ${row.id} ships: it has no shipping address to change.`,
      {
        errors: [{ path: 'body.shipping_address', message: 'nothing in this order ships' }],
      },
    );
  }
  const region = (a: Address) => (a.region ?? '').trim().toLowerCase();
  const errors = [
    ...(next.country !== was.country
      ? [
          {
            path: 'body.shipping_address.country',
            message: `must stay ${was.country}: the order was taxed and its shipping priced for it`,
          },
        ]
      : []),
    ...(next.country === was.country && region(next) !== region(was)
      ? [
          {
            path: 'body.shipping_address.region',
            message: `must stay ${was.region ?? '(none)'}: the order was taxed for it`,
          },
        ]
      : []),
  ];
  if (errors.length) {
    throw new AppError(
      'UNPROCESSABLE',
      'An order ships within the country and region it was taxed and priced for; cancel it and place a new one to send it elsewhere.',
      { errors },
    );
  }
}

function sameAddress(a: Address | null, b: Address | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Address)[]);
  return [...keys].every((k) => (a[k] ?? undefined) === (b[k] ?? undefined));
}

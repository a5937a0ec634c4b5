import { sql } from 'drizzle-orm';
import { readInStore, type Db, type Tx } from '../../platform/db/database.ts';
import { cartView, emitCartEvent, lockCart, readCart, workingCart } from './cart-rows.ts';
import { iso, type CartView } from './views.ts';

/**
 * The personal data carts hold (a customer link, an e-mail, addresses), for the customers
 * module's GDPR export and erasure. A shopper is a customer id, an e-mail, or both.
 */
export interface CartShopper {
  storeId: string;
  customerId?: string | null;
  email?: string | null;
}

function shopperIds(s: CartShopper): { customerId: string | null; email: string | null } {
  return { customerId: s.customerId ?? null, email: s.email?.trim().toLowerCase() || null };
}

/** Every cart of the shopper (any status), oldest first: what an export lists. */
export async function cartsOfShopper(db: Db, shopper: CartShopper): Promise<CartView[]> {
  const { customerId, email } = shopperIds(shopper);
  if (!customerId && !email) return [];
  const ids = await readInStore<{ id: string }>(
    db,
    shopper.storeId,
    `SELECT id FROM carts WHERE store_id = $1 AND (customer_id = $2 OR lower(email) = $3) ORDER BY id`,
    [shopper.storeId, customerId, email],
  );
  const out: CartView[] = [];
  for (const { id } of ids) {
    const row = await readCart(db, shopper.storeId, id);
    if (row) out.push(cartView(workingCart(row)));
  }
  return out;
}

/**
 * Erasure, in the caller's transaction: the shopper's carts lose their customer link, e-mail,
 * addresses and note (lines and amounts stay, anonymous). Each erased cart emits `cart.contact_updated`
 * with `reason: 'erased'`. Others' carts buying the shopper a gift card lose the line's properties
 * that name them. Returns how many of the shopper's carts were erased.
 */
export async function eraseShopperFromCarts(tx: Tx, shopper: CartShopper): Promise<number> {
  const { customerId, email } = shopperIds(shopper);
  if (!customerId && !email) return 0;
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT id FROM carts WHERE store_id = ${shopper.storeId}
      AND (customer_id = ${customerId} OR lower(email) = ${email}) ORDER BY id`);
  let erased = 0;
  for (const { id } of rows) {
    const row = await lockCart(tx, shopper.storeId, id);
    if (!row) continue;
    const { rows: saved } = await tx.execute<{ version: number; updated_at: Date }>(sql`
      UPDATE carts SET customer_id = NULL, email = NULL, shipping_address = NULL, billing_address = NULL,
                       note = NULL, version = version + 1, updated_at = now()
      WHERE id = ${id} RETURNING version, updated_at`);
    // What the shopper told about the items (an engraving, a gift card's recipient and message).
    await tx.execute(
      sql`UPDATE cart_lines SET properties = '{}' WHERE cart_id = ${id} AND properties <> '{}'`,
    );
    const cart = workingCart(row);
    const told = cart.lines.some((l) => Object.keys(l.properties).length > 0);
    for (const l of cart.lines) l.properties = {};
    const changed = [
      ...(cart.customerId ? ['customer'] : []),
      ...(cart.email ? ['email'] : []),
      ...(cart.shippingAddress ? ['shipping_address'] : []),
      ...(cart.billingAddress ? ['billing_address'] : []),
      ...(cart.note ? ['note'] : []),
      ...(told ? ['properties'] : []),
    ];
    Object.assign(cart, {
      customerId: null,
      email: null,
      shippingAddress: null,
      billingAddress: null,
      note: null,
    });
    cart.version = saved[0]!.version;
    cart.updatedAt = iso(saved[0]!.updated_at);
    await emitCartEvent(tx, cart, 'cart.contact_updated', { changed, reason: 'erased' });
    erased++;
  }
  if (email) {
    // A gift card someone else is buying for the shopper names them in that cart's line (the
    // recipient's e-mail, name and message): those properties go, the cart's version moves on.
    await tx.execute(sql`
      WITH cleared AS (
        UPDATE cart_lines SET properties = '{}'
        WHERE store_id = ${shopper.storeId} AND lower(properties->>'Recipient email') = ${email}
        RETURNING cart_id)
      UPDATE carts SET version = version + 1, updated_at = now()
      WHERE id IN (SELECT cart_id FROM cleared)`);
  }
  return erased;
}

import type { RestockLine } from '../inventory/service.ts';
import type { OrderLineRow } from './schema.ts';

/**
 * Where each unit of each order line was reserved: the reservation's lines of a variant, in
 * order, hand out its units to the order's lines of that variant in position order. A line's
 * units are a list as long as its quantity (shorter only if the reservation held fewer).
 */
export function locationsOfUnits(
  reserved: readonly { variant_id: string; location_id: string; quantity: number }[],
  lines: readonly Pick<OrderLineRow, 'id' | 'variantId' | 'quantity' | 'position'>[],
): Map<string, string[]> {
  const pool = new Map<string, string[]>();
  for (const r of reserved) {
    const units = pool.get(r.variant_id) ?? [];
    for (let i = 0; i < r.quantity; i++) units.push(r.location_id);
    pool.set(r.variant_id, units);
  }
  const out = new Map<string, string[]>();
  for (const line of [...lines].sort((a, b) => a.position - b.position)) {
    const units = pool.get(line.variantId) ?? [];
    out.set(line.id, units.splice(0, line.quantity));
  }
  return out;
}

/** One restock line per variant and location. */
export function mergeRestock(units: readonly RestockLine[]): RestockLine[] {
  const merged = new Map<string, RestockLine>();
  for (const u of units) {
    const key = `${u.variantId}\u0000${u.locationId}`;
    const m = merged.get(key);
    if (m) m.quantity += u.quantity;
    else merged.set(key, { ...u });
  }
  return [...merged.values()];
}

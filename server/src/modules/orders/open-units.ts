import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { OrderLineRow } from './schema.ts';

/** Units of some of an order's lines, as staff ask to ship or cancel them. */
export const LineUnits = z
  .array(
    z.strictObject({
      order_line_id: z.string().min(1).max(64),
      quantity: z.number().int('must be a whole number').positive('must be greater than 0').max(1_000_000),
    }),
  )
  .min(1)
  .max(500);

/** Units of a line neither shipped nor cancelled: what can still be shipped, or cancelled. */
export const openUnits = (l: Pick<OrderLineRow, 'quantity' | 'fulfilledQuantity' | 'cancelledQuantity'>) =>
  l.quantity - l.fulfilledQuantity - l.cancelledQuantity;

/**
 * The units asked of each line (a line named twice adds up), checked against its open units
 * (`open`: by default those neither shipped nor cancelled): 422 `refusal` with an error per line
 * not of the order or asking too many (`tooMany(open)`).
 */
export function takeOpenUnits(
  lines: readonly OrderLineRow[],
  wanted: readonly { order_line_id: string; quantity: number }[],
  words: { refusal: string; tooMany: (open: number) => string },
  open: (l: OrderLineRow) => number = openUnits,
  /** The body's field the units were asked in (for the errors' paths). */
  field = 'lines',
): Map<string, number> {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const take = new Map<string, number>();
  const errors: { path: string; message: string }[] = [];
  wanted.forEach((w, i) => {
    const line = byId.get(w.order_line_id);
    if (!line) {
      errors.push({ path: `body.${field}.${i}.order_line_id`, message: 'not a line of this order' });
      return;
    }
    const quantity = (take.get(line.id) ?? 0) + w.quantity;
    const left = open(line);
    if (quantity > left) errors.push({ path: `body.${field}.${i}.quantity`, message: words.tooMany(left) });
    take.set(line.id, quantity);
  });
  if (errors.length) throw new AppError('UNPROCESSABLE', words.refusal, { errors });
  return take;
}

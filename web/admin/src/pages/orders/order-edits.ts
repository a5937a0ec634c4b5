import type { MessageKey } from '../../i18n/catalog.ts';

/** What the payment does after an edit (`not_covered`: only in a preview, the edit is refused). */
type EditOutcome = 'nothing' | 'refund' | 'capture_less' | 'amount_due' | 'not_covered';

/** The sentence saying what the payment does, to be filled with `{ amount }`. */
export const paymentOutcomeKey = (outcome: EditOutcome): MessageKey => `orderEdits.payment.${outcome}`;

type Line = { id: string; title: string; variant_title: string | null };
type EditLine = { order_line_id: string; quantity: number };

/** An order line as people read it: "Shirt — Size L" (the id when the line is unknown). */
export const lineName = (lines: Line[], lineId: string): string => {
  const line = lines.find((l) => l.id === lineId);
  if (!line) return lineId;
  return line.variant_title ? `${line.title} — ${line.variant_title}` : line.title;
};

/** An edit's lines as the Edits card lists them: "+1 × Shirt — Size L", then "−1 × Shirt — Size M". */
export function editLineLabels(lines: Line[], edit: { added: EditLine[]; removed: EditLine[] }): string[] {
  return [
    ...edit.added.map((l) => `+${l.quantity} × ${lineName(lines, l.order_line_id)}`),
    ...edit.removed.map((l) => `\u2212${l.quantity} × ${lineName(lines, l.order_line_id)}`),
  ];
}

/** An item staff add in the edit dialog: the price typed as text, empty for the catalog's. */
export type AddedItem = { variantId: string; name: string; quantity: number; price: string };

/**
 * The body of an edit (and of its preview) from the dialog's fields: the units to take out (zero
 * left out, and the list left out when empty), the items to add (a price only when typed; `null` when one cannot be read), the reason.
 */
export function editBody(
  remove: Record<string, number>,
  add: AddedItem[],
  options: { reason: string; restock: boolean; notify: boolean },
  parsePrice: (text: string) => number | null,
): {
  add?: { variant_id: string; quantity: number; unit_price?: number }[];
  remove?: { order_line_id: string; quantity: number }[];
  reason?: string;
  restock: boolean;
  notify_customer: boolean;
} | null {
  const added: { variant_id: string; quantity: number; unit_price?: number }[] = [];
  for (const a of add) {
    if (a.quantity <= 0) continue;
    const price = a.price.trim() ? parsePrice(a.price) : undefined;
    if (price === null) return null;
    added.push({
      variant_id: a.variantId,
      quantity: a.quantity,
      ...(price === undefined ? {} : { unit_price: price }),
    });
  }
  const removed = Object.entries(remove)
    .filter(([, q]) => q > 0)
    .map(([order_line_id, quantity]) => ({ order_line_id, quantity }));
  // The API takes no empty list: one left out is none.
  return {
    ...(added.length > 0 ? { add: added } : {}),
    ...(removed.length > 0 ? { remove: removed } : {}),
    ...(options.reason.trim() ? { reason: options.reason.trim() } : {}),
    restock: options.restock,
    notify_customer: options.notify,
  };
}

/** The server's message for a line's units to remove, by order line id (`body.remove.0.quantity`). */
export function removeErrors(
  errors: { path: string; message: string }[],
  sent: { order_line_id: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const m = /^body\.remove\.(\d+)\.(quantity|order_line_id)$/.exec(e.path);
    const line = m ? sent?.[Number(m[1])] : undefined;
    if (line) out[line.order_line_id] = e.message;
  }
  return out;
}

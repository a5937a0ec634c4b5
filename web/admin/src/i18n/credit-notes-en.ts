/** English messages of the order page's credit notes; `credit-notes-vi.ts` carries every key. */
export const creditNotesEn = {
  'creditNotes.title': 'Credit notes',
  'creditNotes.for.return': 'Return',
  'creditNotes.for.cancelled_items': 'Items cancelled before shipping',
  'creditNotes.for.cancelled_order': 'Order cancelled',
  'creditNotes.for.refund': 'Refund',
  'creditNotes.amount': 'Credited',
  'creditNotes.tax': 'Of which tax',
  'creditNotes.download': 'Download credit note {number} (PDF)',
  'creditNotes.reasonHint': 'The customer sees it on the credit note of the refund.',
  'creditNotes.pending': 'Refund of {amount}: its credit note is issued in a moment.',
} satisfies Record<string, string>;

/** English messages of the orders list's bulk actions; `order-bulk-vi.ts` carries every key. */
export const orderBulkEn = {
  'orders.bulk.select': 'Select order {number}',
  'orders.bulk.selectPage': 'Select all orders on this page',
  'orders.bulk.label': 'Bulk actions',
  'orders.bulk.selected.one': '1 order selected',
  'orders.bulk.selected.other': '{n} orders selected',
  'orders.bulk.tooMany': 'At most {max} orders at a time: clear some of the selection.',
  'orders.bulk.clear': 'Clear selection',
  'orders.bulk.fulfil': 'Fulfil',
  'orders.bulk.capture': 'Capture payment / Mark as paid',
  'orders.bulk.addTag': 'Add tag',
  'orders.bulk.removeTag': 'Remove tag',
  'orders.bulk.print': 'Print packing slips',

  'orders.bulk.fulfilTitle': 'Fulfil orders',
  'orders.bulk.fulfilExplain':
    'Every unit not yet shipped is marked shipped, one parcel per order; pickup orders become ready for pickup. Orders with nothing left to ship are skipped.',
  'orders.bulk.carrierHint': 'Optional: the carrier of every parcel. Add tracking numbers on each order.',
  'orders.bulk.notify': 'E-mail each customer a shipping notice',
  'orders.bulk.captureTitle': 'Capture payments',
  'orders.bulk.captureExplain':
    'Card payments still authorized are captured for what is owed (cancelled items are not charged); bank transfers and cash on delivery are marked paid. Orders already paid or cancelled are skipped.',
  'orders.bulk.addTagTitle': 'Add a tag',
  'orders.bulk.removeTagTitle': 'Remove a tag',
  'orders.bulk.tagLabel': 'Tag',
  'orders.bulk.tagHint': 'Several separated by commas; stored in lower case, only staff see them.',
  'orders.bulk.tagRequired': 'Type a tag.',

  'orders.bulk.action.fulfil': 'Fulfil',
  'orders.bulk.action.capture': 'Capture payment / Mark as paid',
  'orders.bulk.action.add_tags': 'Add tag',
  'orders.bulk.action.remove_tags': 'Remove tag',
  'orders.bulk.summary': '{action}: {done} done, {skipped} skipped, {failed} failed',
  'orders.bulk.failedList': 'Not done',
  'orders.bulk.skippedList': 'Skipped (nothing to do)',
  'orders.bulk.dismiss': 'Dismiss',
} satisfies Record<string, string>;

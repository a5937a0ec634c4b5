/**
 * English messages of line properties — what the customer tells about an item (an engraving, a
 * gift wrap note, a gift card's recipient) — on orders and draft orders; `line-properties-vi.ts`
 * carries every key.
 */
export const linePropertiesEn = {
  'lineProperties.details': 'Details',
  'lineProperties.detailsOf': 'Details of {item}',
  'lineProperties.explain':
    'What the customer tells about this item: an engraving, a gift wrap note. Each detail is a name and its text; they show on the order, its e-mail and its packing slip. A detail left without text is dropped.',
  'lineProperties.giftCardExplain':
    'Sent to someone else, a gift card names them: “Recipient email” (their address), “Recipient name” and “Message”, spelled so.',
  'lineProperties.none': 'No details yet.',
  'lineProperties.row': 'Detail {n}',
  'lineProperties.name': 'Name',
  'lineProperties.text': 'Text',
  'lineProperties.add': 'Add a detail',
  'lineProperties.remove': 'Remove detail {n}',
  'lineProperties.atMost': 'At most {n} details.',
  'lineProperties.nameNeeded': 'Give the detail a name.',
  'lineProperties.nameTwice': 'Another detail has this name.',
  'lineProperties.savedToast': 'Details saved.',
} satisfies Record<string, string>;

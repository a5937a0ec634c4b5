/**
 * English messages of product personalization — what the shopper fills in when buying (an
 * engraving) — on the product form and in a draft order line's details; `personalization-vi.ts`
 * carries every key.
 */
export const personalizationEn = {
  'personalization.title': 'Personalization',
  'personalization.hint':
    'What the shopper fills in when buying, e.g. an engraving. Their answers are shown on the order and the packing slip.',
  'personalization.none': 'Nothing to fill in.',
  'personalization.row': 'Field {n}',
  'personalization.name': 'Name',
  'personalization.namePlaceholder': 'Engraving',
  'personalization.required': 'Required',
  'personalization.longest': 'Longest (characters)',
  'personalization.add': 'Add a field',
  'personalization.remove': 'Remove field {n}',
  'personalization.atMost': 'At most {n} fields.',
  'personalization.nameTwice': 'Another field has this name.',
  'personalization.longestRange': 'Enter a whole number from 1 to 500.',
  'personalization.askedRequired': 'The product asks for this: required, at most {n} characters.',
  'personalization.askedOptional': 'The product asks for this: optional, at most {n} characters.',
} satisfies Record<string, string>;

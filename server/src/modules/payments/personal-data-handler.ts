import { registerPersonalDataHandler } from '../customers/service.ts';
import { eraseSavedCards, savedCardsExport } from './saved-cards.ts';

/**
 * The payments' part of a shopper's GDPR export and erasure: their saved cards (brand, last four,
 * expiry). Erased here at once; the provider's customer, with every card it keeps, is deleted at
 * the provider by the payments sweep. Payments themselves are financial records and stay.
 */
export const savedCardsPersonalData = registerPersonalDataHandler({
  name: 'saved_cards',
  export: (tx, s) => savedCardsExport(tx, { storeId: s.storeId, customerId: s.customerId }),
  erase: (tx, s) => eraseSavedCards(tx, { storeId: s.storeId, customerId: s.customerId }),
});

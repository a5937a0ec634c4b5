import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import './personal-data-handler.ts';
import { giftCardRoutes } from './routes.ts';

/**
 * Gift cards: issued by staff (the code shown once and e-mailed to the recipient), spent at
 * checkout beside a card or alone, given back by a failed checkout or the order's refunds; every
 * balance change a ledger entry.
 */
export const giftCardsModule: CartonModule = {
  name: 'gift-cards',
  routes: giftCardRoutes,
};

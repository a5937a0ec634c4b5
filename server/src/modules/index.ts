import type { CartonModule } from '../platform/module.ts';
import { auditModule } from './audit/module.ts';
import { identityModule } from './identity/module.ts';
import { tenancyModule } from './tenancy/routes.ts';
import { eventsModule } from '../platform/events/module.ts';
import { webhooksModule } from './webhooks/module.ts';
import { searchModule } from './search/module.ts';
import { storefrontModule } from './storefront/module.ts';
import { catalogCsvModule } from './catalog/csv/module.ts';
import { catalogModule } from './catalog/module.ts';
import { pricingModule } from './pricing/module.ts';
import { inventoryModule } from './inventory/module.ts';
import { shippingModule } from './shipping/module.ts';
import { taxModule } from './tax/module.ts';
import { paymentsModule } from './payments/module.ts';
import { customersModule } from './customers/module.ts';
import { promotionsModule } from './promotions/module.ts';
import { giftCardsModule } from './gift-cards/module.ts';
import { cartModule } from './cart/module.ts';
import { ordersModule } from './orders/module.ts';
import { checkoutModule } from './checkout/module.ts';
import { draftOrdersModule } from './draft-orders/module.ts';
import { reportsModule } from './reports/module.ts';
import { messagingModule } from './messaging/module.ts';
import { integrationsModule } from './integrations/module.ts';
import { recoveryModule } from './recovery/module.ts';
import { webModule } from '../web/module.ts';

/**
 * Every bounded context, in start order. A module adds HTTP routes, background workers, or both.
 */
// identity stays first (it authenticates every request); audit right after it.
export const modules: CartonModule[] = [
  identityModule,
  auditModule,
  tenancyModule,
  eventsModule,
  webhooksModule,
  searchModule,
  storefrontModule,
  catalogCsvModule,
  pricingModule,
  inventoryModule,
  catalogModule,
  shippingModule,
  taxModule,
  paymentsModule,
  customersModule,
  promotionsModule,
  giftCardsModule,
  cartModule,
  ordersModule,
  checkoutModule,
  draftOrdersModule,
  reportsModule,
  messagingModule,
  integrationsModule,
  recoveryModule,
  // The web apps last: their pages call the API routes above (in process).
  webModule,
];

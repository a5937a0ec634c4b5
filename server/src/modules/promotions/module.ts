import type { CartonModule } from '../../platform/module.ts';
import './events.ts';
import { promotionsRoutes } from './routes.ts';

/**
 * Promotions: coupon codes (percentage, fixed amount per currency, free shipping; minimum
 * subtotal; product or category scope; validity window; global and per-customer limits), applied
 * to carts by the cart module and redeemed, race-safely, by orders.
 */
export const promotionsModule: CartonModule = {
  name: 'promotions',
  routes: promotionsRoutes,
};

/**
 * The checkout module's public functions: completing a cart (the durable checkout workflow) and
 * reading its attempt, and the fraud hook the Convert pillar registers a screen with.
 */
import './events.ts';

export {
  checkoutOpen,
  checkoutView,
  completeCheckout,
  CompleteCheckoutInput,
  getCheckout,
  orderAccess,
  type CheckoutAnswer,
} from './checkout.ts';
export {
  allowAll,
  registerFraudScreen,
  type FraudCheckInput,
  type FraudScreen,
  type FraudVerdict,
} from './fraud.ts';
export { prepareCheckout, type CheckoutPlan } from './plan.ts';
export type { CheckoutStatus } from './checkout-states.ts';
export { CheckoutView } from './views.ts';
export { setCheckoutStepObserver, type CheckoutOutcome } from './workflows.ts';

/**
 * The orders module's public functions: what checkout, customers and the routes call. The
 * checkout's four (`createOrder`, `confirmOrder`, `abandonPendingOrder`, `getOrderByCart`) work in
 * the caller's transaction; the rest open their own (and call payments and inventory).
 */
export {
  abandonPendingOrder,
  confirmOrder,
  createOrder,
  placeOrder,
  isCartOrderTaken,
  FIRST_ORDER_NUMBER,
  getOrder,
  getOrderByCart,
  getOrderDetail,
  getOrderSummary,
  type OrderSummary,
  getShopperOrder,
  markDelivered,
  startProcessing,
  type CreateOrderInput,
  type OrderLineInput,
} from './orders.ts';
export { fulfilOrder, FulfilmentInput } from './fulfilment.ts';
export {
  CancelInput,
  cancelOrder,
  cancelOrderByShopper,
  cancellationRefundKey,
  settleCancellation,
} from './cancellation.ts';
export { cancelItems, CancelItemsInput } from './item-cancellation.ts';
export { OrderRefundInput, refundOrder } from './refunds.ts';
export {
  approveReturn,
  getReturn,
  listReturns,
  receiveReturn,
  refundReturn,
  rejectReturn,
  requestReturn,
  returnRefundKey,
  ReturnListQuery,
  ReturnReceiptInput,
  ReturnRefundInput,
  ReturnRequestInput,
} from './returns.ts';
export { listCustomerOrders, listOrders, OrderListQuery } from './listing.ts';
export { getInvoicePdf, renderInvoicePdf } from './invoice.ts';
export { getPackingSlipPdf } from './packing-slip.ts';
export { assertOrderAccess, orderAccessToken } from './access.ts';
export { attachGuestOrders } from './guest-orders.ts';
export {
  eraseOrdersPersonalData,
  exportOrdersPersonalData,
  type OrdersDataSubject,
} from './personal-data.ts';
export { settleDueMoney } from './settlement.ts';
export { formatMoney } from './formatting.ts';
export { paymentLinkEmail } from './emails.ts';
export type { OrderStatus } from './order-states.ts';
export type { ReturnStatus } from './return-states.ts';
export type { OrderDetailView, OrderView, ReturnView, FulfilmentView, ShopperOrderView } from './views.ts';
export { dailySales, type DailySales } from './daily-sales.ts';

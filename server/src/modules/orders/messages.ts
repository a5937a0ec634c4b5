/**
 * The words of the orders module's e-mails and invoices, per language. The order's locale (from
 * the cart) picks one, else the store's; a language not listed falls back to English.
 */
const en = {
  hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
  confirmedSubject: (order: string, store: string) => `Order ${order} confirmed — ${store}`,
  thanks: (order: string, store: string) =>
    `Thank you for your order ${order} at ${store}. We will let you know when it ships.`,
  shippedSubject: (order: string, store: string) => `Order ${order} has shipped — ${store}`,
  onItsWay: (order: string, partial: boolean) =>
    `Good news: ${partial ? 'part of your order' : 'your order'} ${order} is on its way.`,
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  taxIncluded: 'Tax (included)',
  total: 'Total',
  refunded: 'Refunded',
  shippingTo: 'Shipping to',
  billingAddress: 'Billing address',
  seeYourOrder: 'See your order',
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  trackIt: 'Track it',
  sku: 'SKU',
  invoiceTitle: (order: string) => `Invoice ${order}`,
  invoiceFor: (order: string) => `Invoice for order ${order}`,
  orderSubject: (order: string) => `Order ${order}`,
  date: 'Date',
  orderId: 'Order id',
  billTo: 'Bill to',
  shipTo: 'Ship to',
  item: 'Item',
  qty: 'Qty',
  unitPrice: 'Unit price',
  amountsIn: (currency: string) => `Amounts in ${currency}.`,
};

export type OrderMessages = typeof en;

const vi: OrderMessages = {
  hello: (name) => (name ? `Xin chào ${name},` : 'Xin chào,'),
  confirmedSubject: (order, store) => `Đơn hàng ${order} đã được xác nhận — ${store}`,
  thanks: (order, store) =>
    `Cảm ơn bạn đã đặt đơn hàng ${order} tại ${store}. Chúng tôi sẽ báo cho bạn khi hàng được gửi đi.`,
  shippedSubject: (order, store) => `Đơn hàng ${order} đã được gửi đi — ${store}`,
  onItsWay: (order, partial) =>
    `Tin vui: ${partial ? 'một phần đơn hàng' : 'đơn hàng'} ${order} của bạn đang trên đường giao.`,
  subtotal: 'Tạm tính',
  discount: 'Giảm giá',
  shipping: 'Phí vận chuyển',
  tax: 'Thuế',
  taxIncluded: 'Thuế (đã bao gồm)',
  total: 'Tổng cộng',
  refunded: 'Đã hoàn tiền',
  shippingTo: 'Giao đến',
  billingAddress: 'Địa chỉ thanh toán',
  seeYourOrder: 'Xem đơn hàng',
  carrier: 'Đơn vị vận chuyển',
  trackingNumber: 'Mã vận đơn',
  trackIt: 'Theo dõi',
  sku: 'Mã SKU',
  invoiceTitle: (order) => `Hóa đơn ${order}`,
  invoiceFor: (order) => `Hóa đơn cho đơn hàng ${order}`,
  orderSubject: (order) => `Đơn hàng ${order}`,
  date: 'Ngày',
  orderId: 'Mã đơn hàng',
  billTo: 'Người thanh toán',
  shipTo: 'Người nhận',
  item: 'Sản phẩm',
  qty: 'SL',
  unitPrice: 'Đơn giá',
  amountsIn: (currency) => `Số tiền tính bằng ${currency}.`,
};

const catalogues: Record<string, OrderMessages> = { en, vi };

/** The messages for a locale such as `vi`, `vi-VN` or `en-US`. */
export function orderMessages(locale: string | null | undefined): OrderMessages {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  return catalogues[language] ?? en;
}

import type { ReturnNews } from './return-states.ts';

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
  readySubject: (order: string, store: string) => `Order ${order} is ready for pickup — ${store}`,
  readyForPickup: (order: string, partial: boolean) =>
    `Good news: ${partial ? 'part of your order' : 'your order'} ${order} is ready for you to collect.`,
  pickUpAt: 'Pick up at',
  onItsWay: (order: string, partial: boolean) =>
    `Good news: ${partial ? 'part of your order' : 'your order'} ${order} is on its way.`,
  cancelledSubject: (order: string, store: string) => `Order ${order} cancelled — ${store}`,
  cancelled: (order: string) => `Your order ${order} was cancelled.`,
  cancelledRefund: (amount: string) =>
    `We are refunding ${amount} to the card you paid with; it can take a few days to show.`,
  cancelledNothingCharged: 'Nothing was charged; any hold on your card is released.',
  itemsCancelledSubject: (order: string, store: string) => `Items cancelled from order ${order} — ${store}`,
  itemsCancelled: (order: string) => `We had to cancel these items of your order ${order}:`,
  itemsNotCharged: (amount: string, total: string) =>
    `You will not be charged for them (${amount}); your order now comes to ${total}.`,
  itemsRestShips: 'The rest of your order ships as planned.',
  editedSubject: (order: string, store: string) => `Your order ${order} was updated — ${store}`,
  edited: (order: string) => `We updated your order ${order} as agreed:`,
  editedAdded: (quantity: number, item: string) => `Added: ${quantity} × ${item}`,
  editedRemoved: (quantity: number, item: string) => `Removed: ${quantity} × ${item}`,
  editedTotal: (total: string) => `Your order now comes to ${total}.`,
  editedRefund: (amount: string) =>
    `We are refunding ${amount} to the card you paid with; it can take a few days to show.`,
  editedDue: (amount: string) => `The amount to pay is now ${amount}.`,
  disputeSubject: (order: string, amount: string, store: string) =>
    `Chargeback on order ${order} (${amount}) — ${store}`,
  dispute: (order: string, amount: string, reason: string) =>
    `The cardholder disputed the payment of order ${order}: their bank took back ${amount} (reason: ${reason}).`,
  disputeDue: (at: string) =>
    `Answer with evidence (tracking, the customer's messages, your policy) by ${at}, or accept it.`,
  disputeNoDeadline: 'Open the order to see the dispute and what the bank asks.',
  disputeReminderSubject: (order: string, amount: string, store: string) =>
    `Reminder: the chargeback on order ${order} (${amount}) is still unanswered — ${store}`,
  cancelledItems: 'Cancelled items',
  totalAfterCancellations: 'Total after cancellations',
  unitsCancelled: (n: number) => `${n} cancelled`,
  reason: 'Reason',
  howToPay: 'How to pay',
  yourNote: 'Your note',
  reminderSubject: (order: string, store: string) => `Order ${order} is waiting for your payment — ${store}`,
  notPaidYet: (order: string) => `We have not received the payment for your order ${order} yet.`,
  payBy: (date: string) => `If it has not arrived by ${date}, the order will be cancelled.`,
  payOnDelivery: (amount: string) => `Cash on delivery: please have ${amount} ready when your order arrives.`,
  payByTransfer: (amount: string, order: string) =>
    `Bank transfer: please send ${amount} with the reference ${order}.`,
  linkSubject: (order: string, store: string) => `Your order ${order} — ${store}`,
  linkAsked: (order: string) =>
    `You asked for a link to your order ${order}. It shows where your order is, its invoice and returns.`,
  returnSubject: (ret: string, status: ReturnNews, store: string) =>
    `Return ${ret} ${status === 'approved' ? 'approved' : status === 'rejected' ? 'declined' : 'refunded'} — ${store}`,
  returnApproved: (ret: string) =>
    `We approved your return ${ret}. Please send these items back; we refund them once they arrive:`,
  returnRejected: (ret: string) => `We could not accept your return ${ret}.`,
  returnRefunded: (ret: string, amount: string) => `We refunded ${amount} for your return ${ret}.`,
  newOrderSubject: (order: string, total: string, store: string) =>
    `New order ${order} (${total}) — ${store}`,
  newOrder: (order: string, total: string, who: string) => `${who} placed order ${order} for ${total}:`,
  openInConsole: 'Open it in the admin console',
  refundSubject: (order: string, store: string) => `Refund for order ${order} — ${store}`,
  refundIssued: (order: string, amount: string) => `We refunded ${amount} for your order ${order}.`,
  refundToCard: (amount: string) =>
    `${amount} goes back to the card you paid with; it can take a few days to show.`,
  refundToGiftCards: (amount: string) => `${amount} went back to the gift cards you paid with.`,
  refundAsStoreCredit: (amount: string) =>
    `${amount} is yours as store credit: a gift card, its code in a separate e-mail.`,
  refundedItems: 'Refunded items',
  refundedShipping: (amount: string) => `Shipping: ${amount}`,
  subtotal: 'Subtotal',
  discount: 'Discount',
  shipping: 'Shipping',
  tax: 'Tax',
  taxIncluded: 'Tax (included)',
  taxExempt: 'Tax (exempt)',
  taxExemption: 'Tax exemption',
  total: 'Total',
  paidWithGiftCards: 'Paid with gift cards',
  giftCardEnding: (last: string) => `Gift card ••••${last}`,
  remainingPayment: 'Remaining payment',
  refunded: 'Refunded',
  shippingTo: 'Shipping to',
  delivery: 'Delivery',
  nothingShips: 'Nothing to ship: digital goods and services',
  deliveredSubject: (order: string, store: string) => `Order ${order} delivered — ${store}`,
  deliveredDigitally: (order: string, partial: boolean) =>
    `Good news: ${partial ? 'part of your order' : 'your order'} ${order} has been delivered.`,
  billingAddress: 'Billing address',
  seeYourOrder: 'See your order',
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  trackIt: 'Track it',
  sku: 'SKU',
  invoiceTitle: (order: string) => `Invoice ${order}`,
  packingSlipTitle: (order: string) => `Packing slip ${order}`,
  packingSlipFor: (order: string) => `Packing slip for order ${order}`,
  shippingMethod: 'Shipping method',
  toShip: 'To ship',
  customerNote: 'Note from the customer',
  invoiceFor: (order: string) => `Invoice for order ${order}`,
  creditNoteTitle: (note: string) => `Credit note ${note}`,
  creditNoteFor: (note: string, order: string) => `Credit note ${note} for order ${order}`,
  creditNote: 'Credit note',
  creditNoteNumber: 'Number',
  issued: 'Issued',
  correctsInvoice: (order: string) => `Corrects the invoice of order ${order}`,
  refund: 'Refund',
  creditForReturn: (ret: string) =>
    ret ? `Refund of the items returned (${ret})` : 'Refund of the items returned',
  creditForCancelledItems: 'Refund of the items cancelled before shipping',
  creditForCancelledOrder: 'Refund of the cancelled order',
  netCredited: 'Net credited',
  totalCredited: 'Total credited',
  orderSubject: (order: string) => `Order ${order}`,
  date: 'Date',
  orderId: 'Order id',
  billTo: 'Bill to',
  shipTo: 'Ship to',
  item: 'Item',
  qty: 'Qty',
  unitPrice: 'Unit price',
  amountsIn: (currency: string) => `Amounts in ${currency}.`,
  payLinkSubject: (store: string) => `Your order from ${store} is ready to pay`,
  payLinkIntro: (store: string) =>
    `${store} has prepared an order for you. Review it and pay on the page below: it is placed as soon as you pay.`,
  payLinkTotal: (amount: string) => `Total: ${amount}`,
  reviewAndPay: 'Review and pay',
};

export type OrderMessages = typeof en;

const vi: OrderMessages = {
  hello: (name) => (name ? `Xin chào ${name},` : 'Xin chào,'),
  confirmedSubject: (order, store) => `Đơn hàng ${order} đã được xác nhận — ${store}`,
  thanks: (order, store) =>
    `Cảm ơn bạn đã đặt đơn hàng ${order} tại ${store}. Chúng tôi sẽ báo cho bạn khi hàng được gửi đi.`,
  shippedSubject: (order, store) => `Đơn hàng ${order} đã được gửi đi — ${store}`,
  readySubject: (order, store) => `Đơn hàng ${order} đã sẵn sàng để nhận — ${store}`,
  readyForPickup: (order, partial) =>
    `Tin vui: ${partial ? 'một phần đơn hàng' : 'đơn hàng'} ${order} của bạn đã sẵn sàng để bạn đến nhận.`,
  pickUpAt: 'Nhận hàng tại',
  onItsWay: (order, partial) =>
    `Tin vui: ${partial ? 'một phần đơn hàng' : 'đơn hàng'} ${order} của bạn đang trên đường giao.`,
  cancelledSubject: (order, store) => `Đơn hàng ${order} đã bị huỷ — ${store}`,
  cancelled: (order) => `Đơn hàng ${order} của bạn đã bị huỷ.`,
  cancelledRefund: (amount) =>
    `Chúng tôi đang hoàn ${amount} về thẻ bạn đã dùng để thanh toán; có thể mất vài ngày để hiển thị.`,
  cancelledNothingCharged: 'Bạn chưa bị trừ tiền; mọi khoản tạm giữ trên thẻ đã được giải phóng.',
  itemsCancelledSubject: (order, store) => `Một số sản phẩm trong đơn hàng ${order} đã bị huỷ — ${store}`,
  itemsCancelled: (order) => `Chúng tôi buộc phải huỷ các sản phẩm sau trong đơn hàng ${order} của bạn:`,
  itemsNotCharged: (amount, total) =>
    `Bạn sẽ không bị tính tiền cho các sản phẩm này (${amount}); tổng đơn hàng của bạn nay là ${total}.`,
  itemsRestShips: 'Phần còn lại của đơn hàng sẽ được giao như dự kiến.',
  editedSubject: (order, store) => `Đơn hàng ${order} của bạn đã được cập nhật — ${store}`,
  edited: (order) => `Chúng tôi đã cập nhật đơn hàng ${order} của bạn như đã thống nhất:`,
  editedAdded: (quantity, item) => `Thêm: ${quantity} × ${item}`,
  editedRemoved: (quantity, item) => `Bỏ: ${quantity} × ${item}`,
  editedTotal: (total) => `Tổng đơn hàng của bạn nay là ${total}.`,
  editedRefund: (amount) =>
    `Chúng tôi đang hoàn ${amount} về thẻ bạn đã dùng để thanh toán; có thể mất vài ngày để hiển thị.`,
  editedDue: (amount) => `Số tiền cần thanh toán nay là ${amount}.`,
  disputeSubject: (order, amount, store) => `Khiếu nại bồi hoàn cho đơn hàng ${order} (${amount}) — ${store}`,
  dispute: (order, amount, reason) =>
    `Chủ thẻ đã khiếu nại khoản thanh toán của đơn hàng ${order}: ngân hàng của họ đã thu hồi ${amount} (lý do: ${reason}).`,
  disputeDue: (at) =>
    `Hãy gửi bằng chứng (mã vận đơn, tin nhắn của khách, chính sách của cửa hàng) trước ${at}, hoặc chấp nhận khiếu nại.`,
  disputeNoDeadline: 'Mở đơn hàng để xem khiếu nại và những gì ngân hàng yêu cầu.',
  disputeReminderSubject: (order, amount, store) =>
    `Nhắc nhở: khiếu nại bồi hoàn cho đơn hàng ${order} (${amount}) vẫn chưa được trả lời — ${store}`,
  cancelledItems: 'Sản phẩm đã huỷ',
  totalAfterCancellations: 'Tổng sau khi huỷ',
  unitsCancelled: (n) => `đã huỷ ${n}`,
  reason: 'Lý do',
  howToPay: 'Cách thanh toán',
  yourNote: 'Ghi chú của bạn',
  reminderSubject: (order, store) => `Đơn hàng ${order} đang chờ bạn thanh toán — ${store}`,
  notPaidYet: (order) => `Chúng tôi chưa nhận được khoản thanh toán cho đơn hàng ${order}.`,
  payBy: (date) => `Nếu đến ${date} vẫn chưa nhận được, đơn hàng sẽ bị huỷ.`,
  payOnDelivery: (amount) => `Thanh toán khi nhận hàng: vui lòng chuẩn bị ${amount} khi nhận hàng.`,
  payByTransfer: (amount, order) =>
    `Chuyển khoản ngân hàng: vui lòng chuyển ${amount} với nội dung ${order}.`,
  linkSubject: (order, store) => `Đơn hàng ${order} của bạn — ${store}`,
  linkAsked: (order) =>
    `Bạn đã yêu cầu đường dẫn đến đơn hàng ${order}. Tại đó bạn xem được tình trạng đơn, hóa đơn và yêu cầu trả hàng.`,
  returnSubject: (ret, status, store) =>
    `Yêu cầu trả hàng ${ret} ${status === 'approved' ? 'đã được chấp nhận' : status === 'rejected' ? 'bị từ chối' : 'đã được hoàn tiền'} — ${store}`,
  returnApproved: (ret) =>
    `Chúng tôi đã chấp nhận yêu cầu trả hàng ${ret}. Vui lòng gửi lại các sản phẩm này; chúng tôi sẽ hoàn tiền khi nhận được hàng:`,
  returnRejected: (ret) => `Chúng tôi không thể chấp nhận yêu cầu trả hàng ${ret}.`,
  returnRefunded: (ret, amount) => `Chúng tôi đã hoàn ${amount} cho yêu cầu trả hàng ${ret}.`,
  newOrderSubject: (order, total, store) => `Đơn hàng mới ${order} (${total}) — ${store}`,
  newOrder: (order, total, who) => `${who} đã đặt đơn hàng ${order} trị giá ${total}:`,
  openInConsole: 'Mở trong trang quản trị',
  refundSubject: (order, store) => `Hoàn tiền cho đơn hàng ${order} — ${store}`,
  refundIssued: (order, amount) => `Chúng tôi đã hoàn ${amount} cho đơn hàng ${order} của bạn.`,
  refundToCard: (amount) =>
    `${amount} được hoàn về thẻ bạn đã dùng để thanh toán; có thể mất vài ngày để hiển thị.`,
  refundToGiftCards: (amount) => `${amount} đã được hoàn vào thẻ quà tặng bạn đã dùng.`,
  refundAsStoreCredit: (amount) =>
    `${amount} được hoàn dưới dạng tín dụng cửa hàng: một thẻ quà tặng, mã thẻ được gửi trong e-mail riêng.`,
  refundedItems: 'Sản phẩm được hoàn tiền',
  refundedShipping: (amount) => `Phí vận chuyển: ${amount}`,
  subtotal: 'Tạm tính',
  discount: 'Giảm giá',
  shipping: 'Phí vận chuyển',
  tax: 'Thuế',
  taxIncluded: 'Thuế (đã bao gồm)',
  taxExempt: 'Thuế (được miễn)',
  taxExemption: 'Miễn thuế',
  total: 'Tổng cộng',
  paidWithGiftCards: 'Thanh toán bằng thẻ quà tặng',
  giftCardEnding: (last) => `Thẻ quà tặng ••••${last}`,
  remainingPayment: 'Phần thanh toán còn lại',
  refunded: 'Đã hoàn tiền',
  shippingTo: 'Giao đến',
  delivery: 'Giao hàng',
  nothingShips: 'Không có hàng cần giao: hàng kỹ thuật số và dịch vụ',
  deliveredSubject: (order: string, store: string) => `Đơn hàng ${order} đã được giao — ${store}`,
  deliveredDigitally: (order: string, partial: boolean) =>
    `Tin vui: ${partial ? 'một phần đơn hàng' : 'đơn hàng'} ${order} của bạn đã được giao.`,
  billingAddress: 'Địa chỉ thanh toán',
  seeYourOrder: 'Xem đơn hàng',
  carrier: 'Đơn vị vận chuyển',
  trackingNumber: 'Mã vận đơn',
  trackIt: 'Theo dõi',
  sku: 'Mã SKU',
  invoiceTitle: (order) => `Hóa đơn ${order}`,
  packingSlipTitle: (order) => `Phiếu đóng gói ${order}`,
  packingSlipFor: (order) => `Phiếu đóng gói cho đơn hàng ${order}`,
  shippingMethod: 'Phương thức vận chuyển',
  toShip: 'Cần giao',
  customerNote: 'Ghi chú của khách',
  invoiceFor: (order) => `Hóa đơn cho đơn hàng ${order}`,
  creditNoteTitle: (note) => `Phiếu ghi có ${note}`,
  creditNoteFor: (note, order) => `Phiếu ghi có ${note} cho đơn hàng ${order}`,
  creditNote: 'Phiếu ghi có',
  creditNoteNumber: 'Số',
  issued: 'Ngày lập',
  correctsInvoice: (order) => `Điều chỉnh hóa đơn của đơn hàng ${order}`,
  refund: 'Hoàn tiền',
  creditForReturn: (ret) => (ret ? `Hoàn tiền cho hàng trả lại (${ret})` : 'Hoàn tiền cho hàng trả lại'),
  creditForCancelledItems: 'Hoàn tiền cho sản phẩm đã hủy trước khi giao',
  creditForCancelledOrder: 'Hoàn tiền cho đơn hàng đã hủy',
  netCredited: 'Giá trị trước thuế',
  totalCredited: 'Tổng ghi có',
  orderSubject: (order) => `Đơn hàng ${order}`,
  date: 'Ngày',
  orderId: 'Mã đơn hàng',
  billTo: 'Người thanh toán',
  shipTo: 'Người nhận',
  item: 'Sản phẩm',
  qty: 'SL',
  unitPrice: 'Đơn giá',
  amountsIn: (currency) => `Số tiền tính bằng ${currency}.`,
  payLinkSubject: (store) => `Đơn hàng từ ${store} đang chờ bạn thanh toán`,
  payLinkIntro: (store) =>
    `${store} đã chuẩn bị một đơn hàng cho bạn. Hãy xem lại và thanh toán tại trang dưới đây: đơn hàng được đặt ngay khi bạn thanh toán.`,
  payLinkTotal: (amount) => `Tổng cộng: ${amount}`,
  reviewAndPay: 'Xem và thanh toán',
};

const catalogues: Record<string, OrderMessages> = { en, vi };

/** The messages for a locale such as `vi`, `vi-VN` or `en-US`. */
export function orderMessages(locale: string | null | undefined): OrderMessages {
  const language = (locale ?? 'en').toLowerCase().split(/[-_]/)[0]!;
  return catalogues[language] ?? en;
}

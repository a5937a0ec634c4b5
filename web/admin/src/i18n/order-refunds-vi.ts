import type { orderRefundsEn } from './order-refunds-en.ts';

/** Tiếng Việt for the order page's refunds: every key of `order-refunds-en.ts`. */
export const orderRefundsVi: Record<keyof typeof orderRefundsEn, string> = {
  'orderRefunds.title': 'Hoàn tiền',
  'orderRefunds.explain':
    'Hoàn tiền cho sản phẩm đã giao mà khách giữ lại, phí vận chuyển, hoặc một khoản thiện chí. Sản phẩm được hoàn theo số tiền khách đã trả.',
  'orderRefunds.noItems':
    'Không còn sản phẩm đã giao nào để hoàn: hãy hoàn phí vận chuyển hoặc một khoản tiền.',
  'orderRefunds.shipping': 'Hoàn phí vận chuyển ({currency})',
  'orderRefunds.shippingHint': 'Tối đa {amount}: phí vận chuyển đã thu kèm thuế, trừ phần đã hoàn.',
  'orderRefunds.extra': 'Khoản hoàn thêm ({currency})',
  'orderRefunds.extraHint': 'Khoản thiện chí hoặc điều chỉnh giá, ngoài sản phẩm và phí vận chuyển.',
  'orderRefunds.amountInvalid': 'Nhập số tiền từ 0 trở lên.',
  'orderRefunds.shippingTooMuch': 'Tối đa {max}.',
  'orderRefunds.storeCredit': 'Hoàn tiền bằng tín dụng cửa hàng',
  'orderRefunds.storeCreditHint':
    'Một thẻ quà tặng mới với số tiền này, mã thẻ được gửi cho khách; khoản thanh toán giữ nguyên.',
  'orderRefunds.notify': 'Báo cho khách hàng',
  'orderRefunds.total': 'Tổng tiền hoàn',
  'orderRefunds.itemsEstimate': 'Sản phẩm (khoảng {amount}; máy chủ tính theo số tiền khách đã trả)',
  'orderRefunds.giftCardsFirst':
    'Thẻ quà tặng đã dùng để thanh toán đơn được hoàn phần của chúng trước, phần còn lại hoàn về thanh toán.',
  'orderRefunds.refundedToast': 'Đã hoàn tiền {number}.',
  'orderRefunds.pendingToast':
    'Đã yêu cầu hoàn tiền {number}: nhà cung cấp thanh toán chưa trả lời; hệ thống sẽ hỏi lại.',
  'orderRefunds.amount': 'Số tiền: {amount}',
  'orderRefunds.refundedAmount': 'đã hoàn {amount}',
  'orderRefunds.toGiftCards': 'Về thẻ quà tặng: {amount}',
  'orderRefunds.items': 'Sản phẩm: {items}',
  'orderRefunds.shippingPart': 'Phí vận chuyển: {amount}',
  'orderRefunds.extraPart': 'Hoàn thêm: {amount}',
  'orderRefunds.failed': 'Bị từ chối: {message}',
  'orderRefunds.nRefunded': 'đã hoàn {n}',
};

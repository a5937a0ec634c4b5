import type { digitalGoodsEn } from './digital-goods-en.ts';

/** Tiếng Việt for products that ship nothing (digital goods, services): every key of `digital-goods-en.ts`. */
export const digitalGoodsVi: Record<keyof typeof digitalGoodsEn, string> = {
  'digital.requiresShipping': 'Giao hàng cho khách',
  'digital.requiresShippingHint':
    'Bỏ chọn cho hàng số, dịch vụ và giấy phép: khi thanh toán, khách không phải nhập địa chỉ giao hàng hay chọn phương thức vận chuyển.',
  'digital.badge': 'Hàng số',

  'digital.nothingToShip': 'Không có gì để giao — hàng số hoặc dịch vụ.',
  'digital.noShipping': 'Không giao hàng',
  'digital.markFulfilled': 'Đánh dấu đã hoàn tất',
  'digital.fulfilledToast': 'Đã đánh dấu hoàn tất.',
  'digital.fulfilExplain':
    'Không có gì để giao: ghi nhận rằng khách đã nhận được thứ họ mua (đã gửi mã bản quyền, đã cho tải về, đã làm xong dịch vụ). Không cần hãng vận chuyển hay mã vận đơn.',
  'digital.fulfilMixedExplain':
    'Sản phẩm ghi “Không giao hàng” không cần hãng vận chuyển hay mã vận đơn; chỉ điền cho kiện hàng, nếu có gửi.',
  'digital.notifyFulfilled': 'Gửi thông báo cho khách rằng đã hoàn tất',

  'digital.draftNothingShips':
    'Đơn nháp này không có gì để giao (hàng số hoặc dịch vụ): không cần địa chỉ giao hàng hay phương thức vận chuyển. Địa chỉ thanh toán được dùng để tính thuế và lập hóa đơn.',
  'digital.billingNeeded': 'Cần có: địa chỉ của khách để tính thuế và lập hóa đơn.',
  'digital.shippingAddressOptional':
    'Không bắt buộc: không có gì để giao. Nếu có, thuế được tính theo địa chỉ này thay vì địa chỉ thanh toán.',
  'digital.removeShippingAddress': 'Bỏ địa chỉ giao hàng',
  'drafts.missing.billing_address': 'Hãy lưu địa chỉ thanh toán.',
  'error.code.SHIPPING_NOT_REQUIRED': 'Không có gì để giao: không cần phương thức vận chuyển.',
};

import type { draftOrdersEn } from './draft-orders-en.ts';

/** Tiếng Việt for the draft-order pages: every key of `draft-orders-en.ts`. */
export const draftOrdersVi: Record<keyof typeof draftOrdersEn, string> = {
  'nav.draftOrders': 'Đơn hàng nháp',

  'status.expired': 'Đã hết hạn',
  'status.merged': 'Đã gộp',

  'error.code.CHECKOUT_INCOMPLETE': 'Đơn hàng chưa sẵn sàng.',
  'error.code.CHECKOUT_TOTAL_CHANGED':
    'Tổng tiền đã thay đổi trong lúc đó. Hãy kiểm tra và thử lại; chưa có đơn nào được đặt.',
  'error.code.CART_CHANGED': 'Đơn nháp đã thay đổi trong lúc đó. Hãy kiểm tra và thử lại.',
  'error.code.CART_NOT_ACTIVE': 'Đơn nháp này đã được đặt hoặc đã đóng.',
  'error.code.CART_EXPIRED': 'Đơn nháp này đã hết hạn vì lâu không có thay đổi.',
  'error.code.CART_LIMIT_EXCEEDED': 'Đơn nháp có quá nhiều dòng hoặc quá nhiều sản phẩm.',
  'error.code.COUPON_NOT_FOUND': 'Không có mã giảm giá nào như vậy.',
  'error.code.COUPON_EXPIRED': 'Mã giảm giá đã hết hạn.',
  'error.code.COUPON_NOT_YET_VALID': 'Mã giảm giá chưa có hiệu lực.',
  'error.code.COUPON_MINIMUM_NOT_MET': 'Đơn hàng chưa đạt giá trị tối thiểu của mã giảm giá.',
  'error.code.COUPON_NOT_APPLICABLE': 'Mã giảm giá không áp dụng cho các sản phẩm này.',
  'error.code.COUPON_LIMIT_REACHED': 'Mã giảm giá đã hết lượt sử dụng.',
  'error.code.NO_SHIPPING_TO_ADDRESS': 'Cửa hàng không giao hàng đến địa chỉ này.',
  'error.code.SHIPPING_METHOD_UNAVAILABLE':
    'Phương thức vận chuyển này không phục vụ địa chỉ hoặc các sản phẩm này.',

  'drafts.new': 'Tạo đơn hàng nháp',
  'drafts.newExplain':
    'Chọn một khách hàng đã đăng ký, hoặc nhập địa chỉ e-mail của người nhận đơn. Bạn cũng có thể để trống cả hai và điền sau.',
  'drafts.create': 'Tạo đơn nháp',
  'drafts.findCustomer': 'Tìm khách hàng đã đăng ký',
  'drafts.findCustomerHint': 'Tên hoặc địa chỉ e-mail',
  'drafts.customerResults': 'Khách hàng tìm thấy',
  'drafts.noCustomerFound': 'Không tìm thấy khách hàng nào.',
  'drafts.chooseCustomer': 'Chọn {name} ({email})',
  'drafts.changeCustomer': 'Chọn người khác',
  'drafts.otherCustomer': 'Khách hàng khác',
  'drafts.forCustomer': 'Cho một khách hàng đã đăng ký',
  'drafts.noAccountInstead': 'Không tài khoản: chỉ e-mail',
  'drafts.orEmail': 'Hoặc một địa chỉ e-mail',
  'drafts.email': 'Địa chỉ e-mail',
  'drafts.emailHint': 'Xác nhận đơn hàng và liên kết thanh toán được gửi đến địa chỉ này.',
  'drafts.saveEmail': 'Lưu e-mail',

  'drafts.customer': 'Khách hàng',
  'drafts.noCustomer': 'Chưa có khách hàng',
  'drafts.items': 'Sản phẩm',
  'drafts.itemsTotal': 'Tiền hàng',
  'drafts.lastChanged': 'Thay đổi lần cuối',
  'drafts.viewOrder': 'Xem đơn hàng',
  'drafts.none.active': 'Không có đơn nháp nào đang mở.',
  'drafts.none.completed': 'Chưa có đơn nháp nào được đặt.',
  'drafts.none.expired': 'Không có đơn nháp nào hết hạn.',

  'drafts.draftOrder': 'Đơn hàng nháp',
  'drafts.readOnly': 'Bạn có thể xem đơn nháp này; muốn thay đổi cần quyền quản lý đơn hàng.',
  'drafts.completed': 'Đơn nháp này đã được đặt thành đơn hàng.',
  'drafts.expired': 'Đơn nháp này đã hết hạn vì lâu không có thay đổi; không thể đặt được nữa.',
  'drafts.notices': 'Ngoài yêu cầu của bạn, đơn nháp còn thay đổi như sau:',
  'drafts.dismiss': 'Ẩn',
  'drafts.summary': 'Tóm tắt',
  'drafts.created': 'Ngày tạo',
  'drafts.expires': 'Hết hạn',
  'drafts.registeredCustomer': 'Khách hàng đã đăng ký',
  'drafts.noAccount': 'Không có tài khoản khách hàng: đơn được đặt theo địa chỉ e-mail.',

  'drafts.noLines': 'Chưa có sản phẩm nào. Hãy tìm sản phẩm ở bên dưới để thêm.',
  'drafts.findProduct': 'Thêm sản phẩm',
  'drafts.findProductHint': 'Tên hoặc mã SKU',
  'drafts.productResults': 'Sản phẩm tìm thấy',
  'drafts.noProductFound': 'Không tìm thấy sản phẩm đang bán nào.',
  'drafts.chooseProduct': 'Chọn {title}',
  'drafts.variantsOf': 'Các biến thể của {title}',
  'drafts.addVariant': 'Thêm {item} ({sku})',
  'drafts.otherProduct': 'Sản phẩm khác',
  'drafts.removeLine': 'Xóa {item}',
  'drafts.priceOf': 'Đơn giá của {item}',
  'drafts.agreedPrice': 'Giá thỏa thuận',
  'drafts.useCatalogPrice': 'Dùng lại giá niêm yết',

  'drafts.fromAddressBook': 'Từ sổ địa chỉ của khách hàng',
  'drafts.chooseSavedAddress': 'Chọn một địa chỉ đã lưu',
  'drafts.saveAddress': 'Lưu địa chỉ',
  'drafts.noAddress': 'Chưa có địa chỉ giao hàng.',
  'drafts.billShippingAddress': 'Dùng địa chỉ giao hàng để thanh toán',

  'drafts.shippingMethod': 'Phương thức vận chuyển',
  'drafts.shippingNeeds': 'Hãy thêm sản phẩm và lưu địa chỉ giao hàng để xem phí vận chuyển.',
  'drafts.noShippingOptions': 'Không có phương thức vận chuyển nào phục vụ địa chỉ và các sản phẩm này.',
  'drafts.noShippingMethod': 'Chưa chọn phương thức vận chuyển.',
  'drafts.days': '{min}–{max} ngày',

  'drafts.noCoupons': 'Chưa áp dụng mã giảm giá nào.',
  'drafts.couponCode': 'Mã giảm giá',
  'drafts.applyCoupon': 'Áp dụng',
  'drafts.removeCoupon': 'Gỡ mã giảm giá {code}',
  'drafts.freeShipping': 'miễn phí vận chuyển',

  'drafts.note': 'Ghi chú',
  'drafts.noteLabel': 'Ghi chú cho đơn hàng',
  'drafts.noteHint':
    'Hướng dẫn giao hàng hoặc lời nhắn quà tặng: được lưu trong đơn và khách hàng nhìn thấy.',
  'drafts.saveNote': 'Lưu ghi chú',

  'drafts.taxExempt': 'Miễn thuế',
  'drafts.taxExemptHint': 'Đơn hàng này không chịu thuế; nếu giá đã gồm thuế, phần thuế được trừ ra.',
  'drafts.taxExemptReference': 'Giấy chứng nhận của khách hàng: {reference}',

  'drafts.notReady': 'Đơn nháp chưa sẵn sàng:',
  'drafts.missing.lines': 'Hãy thêm ít nhất một sản phẩm.',
  'drafts.missing.email': 'Hãy nhập địa chỉ e-mail của khách hàng.',
  'drafts.missing.shipping_address': 'Hãy lưu địa chỉ giao hàng.',
  'drafts.missing.shipping_method': 'Hãy chọn phương thức vận chuyển.',

  'drafts.placeOrder': 'Đặt hàng',
  'drafts.placeExplain':
    'Đơn hàng được đặt ngay với tổng tiền {total}, và xác nhận được gửi qua e-mail đến {email}. Hàng trong kho được trừ ngay.',
  'drafts.paymentMethod': 'Khách hàng thanh toán bằng',
  'drafts.markPaid': 'Đánh dấu đã thanh toán',
  'drafts.markPaidHint': 'Chỉ khi đã nhận được tiền: tiền mặt tại quầy, hoặc đã nhận chuyển khoản.',
  'drafts.placedToast': 'Đã đặt đơn hàng {number}.',
  'drafts.savedCards': 'Trừ tiền thẻ đã lưu',
  'drafts.cardOption': '{card} · hết hạn {month}/{year}',
  'drafts.cardOptionExpired': '{card} · đã hết hạn {month}/{year}',
  'drafts.customerAway':
    'Khách hàng không có mặt để xác nhận: thẻ cần họ xác minh sẽ bị từ chối. Hãy gửi cho họ liên kết thanh toán.',
  'drafts.chargeAndPlace': 'Trừ {total} và đặt hàng',
  'drafts.storeCredit': 'Dùng tín dụng cửa hàng trước',
  'drafts.storeCreditHint':
    'Tín dụng cửa hàng từ một lần trả hàng được trừ trước; phương thức thanh toán trả phần còn lại.',
  'drafts.creditOption': 'Tín dụng cửa hàng {card} — còn {balance}',
  'drafts.leftToPay': 'Còn phải trả: {amount}',
  'drafts.creditCovers': 'Tín dụng cửa hàng trả đủ toàn bộ đơn hàng: không còn gì phải trả.',
  'drafts.placingToast': 'Đơn hàng đang được đặt; lát nữa sẽ hiện ở đây.',

  'drafts.sendLink': 'Gửi liên kết thanh toán',
  'drafts.createLink': 'Tạo liên kết',
  'drafts.linkExplain':
    'Khách hàng mở liên kết để xem lại đơn hàng và thanh toán bằng một phương thức cửa hàng cung cấp. Liên kết dùng được khi đơn nháp còn mở.',
  'drafts.emailLinkTo': 'Gửi liên kết qua e-mail đến {email}',
  'drafts.emailLink': 'Gửi liên kết qua e-mail cho khách hàng',
  'drafts.linkEmailedToast': 'Đã gửi liên kết thanh toán đến {email}.',
  'drafts.linkCreatedToast': 'Đã tạo liên kết thanh toán.',
  'drafts.paymentLink': 'Liên kết thanh toán',
  'drafts.linkEmailedTo': 'Đã gửi qua e-mail đến {email}.',
  'drafts.linkNotEmailed': 'Chưa gửi e-mail: hãy sao chép liên kết và tự gửi cho khách hàng.',
  'drafts.linkValidUntil': 'Dùng được đến',

  'drafts.delete': 'Xóa đơn nháp',
  'drafts.deleteTitle': 'Xóa đơn hàng nháp này?',
  'drafts.deleteExplain':
    'Sản phẩm, địa chỉ và ghi chú của đơn sẽ bị bỏ, và liên kết thanh toán đã gửi sẽ không còn dùng được. Không thể hoàn tác.',
  'drafts.deletedToast': 'Đã xóa đơn hàng nháp.',

  'drafts.fromOrder': 'Nhân bản thành đơn hàng nháp',
  'drafts.fromOrderExplain':
    'Một đơn hàng nháp mới bắt đầu từ đơn hàng {number}: khách hàng, địa chỉ và các sản phẩm chưa bị hủy, theo giá hôm nay. Chưa thu tiền cho đến khi bạn đặt hàng.',
  'drafts.fromOrderKind': 'Khách hàng nhận gì',
  'drafts.fromOrderSame': 'Cùng sản phẩm (thay thế)',
  'drafts.fromOrderOther': 'Sản phẩm khác (đổi hàng)',
  'drafts.fromOrderOtherHint':
    'Đơn nháp bắt đầu với cùng các sản phẩm: hãy thay đổi chúng trong đơn nháp (cỡ khác, màu khác).',
  'drafts.fromOrderNote': 'Ghi chú (không bắt buộc)',
  'drafts.fromOrderNoteHint':
    'Hiển thị cho khách hàng, ví dụ “Đổi hàng cho {number}: lên một cỡ”. Để trống: “Theo đơn hàng {number}”.',
};

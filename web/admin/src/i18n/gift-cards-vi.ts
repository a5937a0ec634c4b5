import type { giftCardsEn } from './gift-cards-en.ts';

/**
 * Tiếng Việt for the gift-card pages, the customer page's gift cards, and the order page's
 * gift-card payments and store-credit refunds of returns: every key of `gift-cards-en.ts`.
 */
export const giftCardsVi: Record<keyof typeof giftCardsEn, string> = {
  'nav.giftCards': 'Thẻ quà tặng',

  'giftCards.intro':
    'Thẻ mà người mua dùng để thanh toán khi đặt hàng, riêng lẻ hoặc cùng một hình thức thanh toán khác. Tìm thẻ theo 4 ký tự cuối của mã hoặc theo email người nhận.',
  'giftCards.search': '4 ký tự cuối của mã hoặc email người nhận',
  'giftCards.none': 'Chưa có thẻ quà tặng nào.',
  'giftCards.noneFound': 'Không có thẻ quà tặng nào phù hợp.',
  'giftCards.card': 'Thẻ',
  'giftCards.endingIn': 'Thẻ quà tặng có mã kết thúc bằng {last}',
  'giftCards.title': 'Thẻ quà tặng {code}',
  'giftCards.balance': 'Số dư',
  'giftCards.initialValue': 'Giá trị ban đầu',
  'giftCards.balanceOfValue': 'Số dư / giá trị',
  'giftCards.expires': 'Hết hạn',
  'giftCards.never': 'Không bao giờ',
  'giftCards.recipient': 'Người nhận',
  'giftCards.customer': 'Khách hàng',
  'giftCards.viewCustomer': 'Xem khách hàng',
  'giftCards.note': 'Ghi chú',
  'giftCards.noteHint': 'Chỉ nhân viên thấy; người nhận không bao giờ thấy.',
  'giftCards.created': 'Ngày phát hành',
  'giftCards.disabledAt': 'Đã tắt lúc',
  'giftCards.status.active': 'Đang dùng được',
  'giftCards.status.used_up': 'Đã dùng hết',
  'giftCards.status.expired': 'Đã hết hạn',
  'giftCards.status.disabled': 'Đã tắt',
  'giftCards.allStatuses': 'Tất cả',
  'giftCards.readOnly':
    'Bạn có thể xem thẻ quà tặng này; phát hành và thay đổi thẻ quà tặng cần quyền quản lý thẻ quà tặng.',

  'giftCards.issue': 'Phát hành thẻ quà tặng',
  'giftCards.value': 'Giá trị ({currency})',
  'giftCards.currency': 'Tiền tệ',
  'giftCards.expiresAt': 'Hết hạn lúc',
  'giftCards.expiresAtHint': 'Không bắt buộc: để trống thì thẻ không bao giờ hết hạn.',
  'giftCards.recipientEmail': 'Email người nhận',
  'giftCards.recipientEmailHint': 'Không bắt buộc: mã thẻ sẽ được gửi đến địa chỉ này.',
  'giftCards.issueButton': 'Phát hành',
  'giftCards.valueInvalid': 'Nhập giá trị lớn hơn 0, ví dụ 50.00.',
  'giftCards.issuedTitle': 'Đã phát hành thẻ quà tặng',
  'giftCards.issuedCode': 'Mã thẻ quà tặng',
  'giftCards.codeOnce':
    'Hãy sao chép ngay: mã không thể hiển thị lại. Carton chỉ lưu giá trị băm; từ nay thẻ được nhận biết qua 4 ký tự cuối.',
  'giftCards.emailed': 'Mã thẻ đã được gửi qua email đến {email}.',
  'giftCards.notEmailed': 'Không có email nào được gửi: hãy tự trao mã cho người nhận.',
  'giftCards.copyCode': 'Sao chép mã',
  'giftCards.open': 'Mở thẻ quà tặng',
  'giftCards.issuedToast': 'Đã phát hành thẻ quà tặng.',
  'giftCards.forCustomer':
    'Cho {name}: thẻ thuộc về khách hàng này, hiện trên trang của họ và trong tài khoản của họ.',

  'giftCards.issueBatch': 'Phát hành nhiều thẻ',
  'giftCards.issueBatchTitle': 'Phát hành nhiều thẻ quà tặng',
  'giftCards.batchIntro':
    'Các thẻ cùng một giá trị, phát hành cùng lúc — tất cả hoặc không thẻ nào, tối đa 500 thẻ. Mã của chúng được tải về trong một tệp CSV: lần duy nhất mã được hiển thị.',
  'giftCards.batchCount': 'Số lượng',
  'giftCards.batchCountHint': 'Từ 1 đến 500.',
  'giftCards.batchCountInvalid': 'Nhập một số nguyên từ 1 đến 500.',
  'giftCards.batchValueHint': 'Giá trị của mỗi thẻ.',
  'giftCards.batchNoteHint': 'Ghi trên mọi thẻ, chỉ nhân viên thấy, ví dụ “Hội chợ mùa xuân”.',
  'giftCards.issueBatchButton': 'Phát hành và tải mã về',
  'giftCards.batchIssuedTitle': 'Đã phát hành các thẻ quà tặng',
  'giftCards.batchIssued.one':
    'Đã phát hành 1 thẻ quà tặng — mã của thẻ nằm trong tệp bạn đã tải về; mã không thể hiển thị lại.',
  'giftCards.batchIssued.other':
    'Đã phát hành {n} thẻ quà tặng — mã của các thẻ nằm trong tệp bạn đã tải về; mã không thể hiển thị lại.',
  'giftCards.batchKeepFile':
    'Hãy cất tệp ở nơi an toàn: ai có mã đều dùng được thẻ. Carton chỉ lưu giá trị băm của mã; trong danh sách, thẻ được nhận biết qua 4 ký tự cuối.',
  'giftCards.saveFileAgain': 'Lưu tệp lần nữa',

  'giftCards.customerTitle': 'Thẻ quà tặng và tín dụng cửa hàng',
  'giftCards.customerNone': 'Khách hàng này chưa có thẻ quà tặng hay tín dụng cửa hàng nào.',

  'giftCards.disable': 'Tắt',
  'giftCards.enable': 'Bật lại',
  'giftCards.disabledToast': 'Đã tắt thẻ quà tặng: không thể dùng thẻ để thanh toán nữa.',
  'giftCards.enabledToast': 'Đã bật lại thẻ quà tặng.',
  'giftCards.disabledExplain': 'Đã tắt: người mua không thể dùng thẻ cho đến khi thẻ được bật lại.',
  'giftCards.edit': 'Đổi hạn dùng và ghi chú',
  'giftCards.editTitle': 'Hạn dùng và ghi chú của {code}',
  'giftCards.savedToast': 'Đã lưu thẻ quà tặng.',
  'giftCards.unchanged': 'Không có gì để lưu: chưa có thay đổi.',

  'giftCards.adjust': 'Điều chỉnh số dư',
  'giftCards.adjustTitle': 'Điều chỉnh số dư của {code}',
  'giftCards.direction': 'Thay đổi',
  'giftCards.direction.add': 'Cộng thêm',
  'giftCards.direction.remove': 'Trừ bớt',
  'giftCards.amount': 'Số tiền ({currency})',
  'giftCards.reason': 'Lý do',
  'giftCards.reasonHint': 'Được lưu trong lịch sử của thẻ, kèm tên của bạn.',
  'giftCards.newBalance': 'Số dư mới: {amount}',
  'giftCards.removeTooMuch': 'Chỉ có thể trừ tối đa {amount}: số dư không thể nhỏ hơn 0.',
  'giftCards.adjustedToast': 'Đã điều chỉnh số dư.',

  'giftCards.history': 'Lịch sử',
  'giftCards.historyEmpty': 'Chưa có gì được ghi nhận.',
  'giftCards.when': 'Thời điểm',
  'giftCards.what': 'Nội dung',
  'giftCards.amountColumn': 'Số tiền',
  'giftCards.balanceAfter': 'Số dư sau đó',
  'giftCards.who': 'Người thực hiện',
  'giftCards.you': 'bạn',
  'giftCards.kind.issue': 'Phát hành',
  'giftCards.kind.redeem': 'Dùng cho một đơn hàng',
  'giftCards.kind.release': 'Hoàn lại (thanh toán thất bại)',
  'giftCards.kind.refund': 'Hoàn tiền từ một đơn hàng',
  'giftCards.kind.adjust': 'Điều chỉnh',
  'giftCards.viewOrder': 'Xem đơn hàng',

  'orders.giftCards': 'Thẻ quà tặng',
  'orders.giftCard': 'Thẻ quà tặng {code}',
  'orders.giftCardRefunded': '(đã hoàn {amount})',
  'orders.giftCardsRest':
    'Thẻ quà tặng đã trả {paid} trên tổng {total}; khoản thanh toán bên dưới trả phần còn lại, {rest}.',
  'orders.giftCardsAll': 'Thẻ quà tặng đã trả toàn bộ đơn hàng ({total}): không cần thanh toán nào khác.',

  'orders.refundTo': 'Hoàn tiền vào',
  'orders.refundToPayment': 'Hoàn vào phương thức thanh toán ban đầu',
  'orders.refundToStoreCredit':
    'Hoàn dưới dạng tín dụng cửa hàng (thẻ quà tặng gửi qua email cho khách hàng)',
  'orders.refundReturnAsStoreCredit': 'Hoàn {amount} dưới dạng tín dụng cửa hàng',
  'orders.storeCreditTooMuch':
    'Tín dụng cửa hàng tối đa {amount}: bằng số tiền đã trả cho các sản phẩm đã nhận lại.',
  'orders.storeCreditIssuedToast':
    'Đã hoàn dưới dạng tín dụng cửa hàng: mã thẻ quà tặng đã được gửi qua email cho khách hàng.',
  'orders.refundedAsStoreCredit': 'Đã hoàn dưới dạng tín dụng cửa hàng',
  'orders.viewStoreCreditCard': 'Xem thẻ quà tặng',
  'orders.createExchange': 'Tạo đơn đổi hàng',
  'orders.createExchangeHint':
    'Một đơn hàng nháp cho khách hàng, bắt đầu với các sản phẩm của đơn này: hãy đổi chúng thành những gì khách nhận thay thế. Tín dụng cửa hàng của khách được dùng để trả trước.',

  'error.code.GIFT_CARD_INVALID': 'Không có thẻ quà tặng nào có mã này.',
  'error.code.GIFT_CARD_EXPIRED': 'Thẻ quà tặng này đã hết hạn.',
  'error.code.GIFT_CARD_BALANCE_CHANGED': 'Số dư của thẻ quà tặng vừa thay đổi. Hãy kiểm tra rồi thử lại.',
};

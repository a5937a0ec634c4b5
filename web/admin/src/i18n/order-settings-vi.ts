import type { orderSettingsEn } from './order-settings-en.ts';

/** Tiếng Việt for the "Orders & returns" settings page: every key of `order-settings-en.ts`. */
export const orderSettingsVi: Record<keyof typeof orderSettingsEn, string> = {
  'nav.orderSettings': 'Đơn hàng & đổi trả',

  'orderSettings.intro':
    'Những gì người mua tự làm được trên cửa hàng, khi nào đơn chuyển khoản chưa thanh toán bị hủy, và nhân viên nào được báo khi có đơn mới. Nhân viên không bị ràng buộc: họ hủy đơn và mở yêu cầu trả hàng khi thấy cần.',
  'orderSettings.readOnly':
    'Bạn có thể xem các cài đặt này; muốn thay đổi cần quyền quản lý cài đặt cửa hàng.',
  'orderSettings.cancellation': 'Người mua tự hủy đơn',
  'orderSettings.shopperCancelMinutes': 'Số phút được hủy sau khi đặt',
  'orderSettings.shopperCancelMinutesHint':
    'Từ 0 đến 10080 (một tuần). Trong khoảng thời gian này sau khi đặt, người mua có thể tự hủy đơn trên cửa hàng nếu đơn chưa được gửi. 0: người mua không tự hủy được.',
  'orderSettings.unpaid': 'Chuyển khoản chưa thanh toán',
  'orderSettings.unpaidCancelDays': 'Số ngày trước khi hủy đơn chưa thanh toán',
  'orderSettings.unpaidCancelDaysHint':
    'Từ 0 đến 90. Đơn chuyển khoản vẫn chưa thanh toán sau số ngày này kể từ khi đặt sẽ bị hủy và hàng được mở bán lại; người mua được nhắc ở giữa thời hạn. 0: không bao giờ hủy.',
  'orderSettings.returns': 'Trả hàng',
  'orderSettings.returnWindowDays': 'Thời hạn trả hàng (ngày)',
  'orderSettings.returnWindowDaysHint':
    'Từ 0 đến 365. Số ngày sau khi giao (hoặc sau khi gửi, nếu không ghi nhận ngày giao) mà người mua có thể yêu cầu trả hàng trên cửa hàng. 0: chỉ trả hàng qua cửa hàng.',
  'orderSettings.staffNotices': 'E-mail báo đơn hàng mới',
  'orderSettings.newOrderEmails': 'Báo nhân viên khi có đơn mới (địa chỉ)',
  'orderSettings.newOrderEmailsHint':
    'Nhân viên được báo mỗi đơn hàng mới, tối đa {max}: mỗi dòng một địa chỉ (hoặc cách nhau bằng dấu phẩy). Mỗi người nhận một e-mail kèm đơn hàng và đường dẫn tới đơn ở đây, sau khi xác nhận đã gửi cho người mua. Để trống: không báo ai.',
  'orderSettings.emailLine': 'Dòng {n}: {message}',
  'orderSettings.tooManyEmails': 'Tối đa {max} địa chỉ.',
  'orderSettings.range': 'Một số nguyên từ {min} đến {max}.',
  'orderSettings.fixFields': 'Một số trường cần được sửa.',
  'orderSettings.saved': 'Đã lưu cài đặt đơn hàng.',
  'orderSettings.unchanged': 'Không có gì để lưu: chưa có thay đổi.',
};

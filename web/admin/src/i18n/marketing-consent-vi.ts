import type { marketingConsentEn } from './marketing-consent-en.ts';

/** Tiếng Việt for marketing consent (settings page, consent card): every key of `marketing-consent-en.ts`. */
export const marketingConsentVi: Record<keyof typeof marketingConsentEn, string> = {
  'nav.marketingSettings': 'Đồng ý nhận tiếp thị',

  'marketingSettings.intro':
    'Cửa hàng được gửi tin tức và ưu đãi cho ai: sự đồng ý của từng khách theo kênh (e-mail, SMS, thông báo đẩy) hiển thị trên trang của khách, kèm nguồn và lịch sử.',
  'marketingSettings.readOnly':
    'Bạn có thể xem các cài đặt này; muốn thay đổi cần quyền quản lý cài đặt cửa hàng.',
  'marketingSettings.doubleOptIn': 'Xác nhận hai bước',
  'marketingSettings.doubleOptInLabel': 'Yêu cầu người mua xác nhận đồng ý nhận e-mail (xác nhận hai bước)',
  'marketingSettings.doubleOptInHint':
    'Khi người mua đánh dấu ô đăng ký lúc thanh toán hoặc đăng ký trong tài khoản, họ nhận được e-mail có đường dẫn xác nhận; sự đồng ý chỉ có hiệu lực khi họ mở đường dẫn đó trong vòng 7 ngày. Trong lúc chờ, trang khách hàng ghi "Đang chờ xác nhận" và họ không nhận e-mail tiếp thị. Cách này chứng minh địa chỉ thuộc về người đã đăng ký, và một số quốc gia bắt buộc.',
  'marketingSettings.countsAtOnce': 'Luôn có hiệu lực ngay, dù bật hay tắt xác nhận hai bước:',
  'marketingSettings.countsStaff':
    'sự đồng ý do nhân viên ghi nhận cho khách, sự đồng ý nhập từ tệp, và sự đồng ý qua kênh nhắn tin (biểu mẫu đăng ký, nền tảng đã kết nối);',
  'marketingSettings.countsWithdrawal':
    'mọi lần rút lại — bỏ đánh dấu ô, trong tài khoản, đường dẫn hủy đăng ký, báo cáo thư rác — đồng thời vô hiệu đường dẫn xác nhận còn mở;',
  'marketingSettings.countsOther':
    'sự đồng ý qua SMS và thông báo đẩy (xác nhận hai bước chỉ áp dụng cho e-mail).',
  'marketingSettings.existing': 'Bật hay tắt không thay đổi những gì đã đồng ý hoặc đã rút lại trước đó.',
  'marketingSettings.saved': 'Đã lưu cài đặt tiếp thị.',
  'marketingSettings.unchanged': 'Không có gì để lưu: chưa có thay đổi.',

  'consent.awaitingSince': 'Đang chờ xác nhận từ',
  'consent.awaitingHint':
    'Đường dẫn xác nhận đã được gửi qua e-mail cho khách (xác nhận hai bước); sự đồng ý có hiệu lực khi họ mở đường dẫn.',
  'consent.via': 'qua',
  'consent.source.checkout': 'Thanh toán',
  'consent.source.account': 'Tài khoản của khách',
  'consent.source.import': 'Nhập từ tệp',
  'consent.source.admin': 'Nhân viên',
  'consent.source.recovery': 'Khôi phục giỏ hàng',
  'consent.source.messaging': 'Nhắn tin (hủy đăng ký, biểu mẫu đăng ký)',
  'consent.history': 'Lịch sử đồng ý',
  'consent.historyEmpty': 'Chưa ghi nhận gì.',
  'consent.when': 'Thời điểm',
  'consent.channel': 'Kênh',
  'consent.statement': 'Đồng ý',
  'consent.source': 'Nguồn',
};

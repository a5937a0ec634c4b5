import type { paymentSettingsEn } from './payment-settings-en.ts';

/** Tiếng Việt for the payment settings page: every key of `payment-settings-en.ts`. */
export const paymentSettingsVi: Record<keyof typeof paymentSettingsEn, string> = {
  'nav.paymentSettings': 'Cài đặt thanh toán',

  'paymentSettings.readOnly': 'Bạn có thể xem các cài đặt này; muốn thay đổi cần quyền quản lý thanh toán.',
  'paymentSettings.cards': 'Thanh toán bằng thẻ',
  'paymentSettings.provider': 'Nhà cung cấp thanh toán',
  'paymentSettings.provider.test': 'Bộ xử lý thử nghiệm (không thu tiền thật)',
  'paymentSettings.provider.stripe': 'Stripe',
  'paymentSettings.providerHint':
    'Bên nhận thanh toán bằng thẻ. Stripe cần khóa bí mật và khóa ký webhook ở bên dưới.',
  'paymentSettings.captureMode': 'Thời điểm thu tiền thẻ',
  'paymentSettings.captureMode.on_placement': 'Khi đặt hàng',
  'paymentSettings.captureMode.on_fulfilment': 'Khi gửi hàng',
  'paymentSettings.captureModeHint':
    'Áp dụng cho các khoản thanh toán sau khi thay đổi; mỗi khoản thanh toán giữ cách thu tiền lúc được tạo.',
  'paymentSettings.stripe': 'Stripe',
  'paymentSettings.stripePublishableKey': 'Khóa công khai (publishable key)',
  'paymentSettings.stripePublishableKeyHint':
    'Công khai: cửa hàng trực tuyến đưa khóa này cho Stripe.js, nơi nhận thông tin thẻ nên số thẻ không bao giờ đến Carton.',
  'paymentSettings.noPublishableKey':
    'Không có khóa công khai, cửa hàng trực tuyến không thể nhận thanh toán bằng thẻ.',
  'paymentSettings.stripeSecretKey': 'Khóa bí mật',
  'paymentSettings.stripeWebhookSecret': 'Khóa ký webhook',
  'paymentSettings.secretSet': 'Đã lưu: {hint}. Để trống để giữ nguyên; nhập khóa mới để thay thế.',
  'paymentSettings.secretNotSet': 'Chưa thiết lập.',
  'paymentSettings.webhookUrl': 'URL webhook để khai báo với Stripe',
  'paymentSettings.manual': 'Phương thức thanh toán thủ công',
  'paymentSettings.manualHint':
    'Thanh toán ngoài Carton: đơn hàng được đặt khi chưa trả tiền, và nhân viên đánh dấu đã thanh toán trên trang đơn hàng khi nhận được tiền.',
  'paymentSettings.method.cash_on_delivery': 'Thanh toán khi nhận hàng',
  'paymentSettings.method.bank_transfer': 'Chuyển khoản ngân hàng',
  'paymentSettings.offer': 'Cho chọn khi thanh toán',
  'paymentSettings.instructions': 'Hướng dẫn cho người mua',
  'paymentSettings.instructionsHint.cash_on_delivery':
    'Không bắt buộc. Hiển thị sau khi đặt hàng, ví dụ “Vui lòng chuẩn bị sẵn đúng số tiền.”',
  'paymentSettings.instructionsHint.bank_transfer':
    'Bắt buộc. Hiển thị sau khi đặt hàng: tài khoản nhận tiền và nội dung chuyển khoản (số đơn hàng).',
  'paymentSettings.saved': 'Đã lưu cài đặt thanh toán.',
  'paymentSettings.unchanged': 'Không có gì để lưu: chưa có thay đổi.',
};

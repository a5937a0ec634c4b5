import type { savedCardsEn } from './saved-cards-en.ts';

/** Tiếng Việt for the customer page's saved cards: every key of `saved-cards-en.ts`. */
export const savedCardsVi: Record<keyof typeof savedCardsEn, string> = {
  'savedCards.title': 'Thẻ đã lưu',
  'savedCards.none':
    'Chưa có thẻ nào được lưu. Khách hàng lưu thẻ khi thanh toán hoặc trong tài khoản của họ.',
  'savedCards.noNumbers':
    'Nhà cung cấp thanh toán giữ các thẻ này; Carton không bao giờ lưu số thẻ, chỉ lưu loại thẻ, bốn số cuối và ngày hết hạn.',
  'savedCards.card': '{brand} •••• {last4}',
  'savedCards.expires': 'Hết hạn {month}/{year}',
  'savedCards.expired': 'Đã hết hạn',
  'savedCards.lastUsed': 'Dùng lần cuối {date}',
  'savedCards.neverUsed': 'Chưa dùng lần nào',
  'savedCards.remove': 'Xóa {card}',
  'savedCards.removeTitle': 'Xóa thẻ đã lưu',
  'savedCards.removeExplain':
    '{card} được gỡ khỏi nhà cung cấp thanh toán và không thể bị trừ tiền nữa. Khách hàng có thể lưu lại thẻ khi thanh toán.',
  'savedCards.removed': 'Đã xoá thẻ đã lưu.',
};

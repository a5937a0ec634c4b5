import type { giftCardProductsEn } from './gift-card-products-en.ts';

/** Tiếng Việt for gift cards sold as products: every key of `gift-card-products-en.ts`. */
export const giftCardProductsVi: Record<keyof typeof giftCardProductsEn, string> = {
  'giftCardProducts.giftCard': 'Bán dưới dạng thẻ quà tặng',
  'giftCardProducts.giftCardHint':
    'Mỗi biến thể là một mệnh giá thẻ — giá bán chính là giá trị của thẻ. Mã thẻ được gửi qua email cho người mua khi đã thanh toán; không áp dụng mã giảm giá hay thuế.',
  'giftCardProducts.requiresShippingHint': 'Thẻ quà tặng không cần giao: mã thẻ được gửi qua email.',
  'giftCardProducts.badge': 'Thẻ quà tặng',

  'giftCardProducts.bought': 'Thẻ quà tặng đã mua',
  'giftCardProducts.boughtExplain':
    'Mã thẻ đã được gửi qua email đến {email}. Thẻ quà tặng không thể trả lại: muốn thu hồi, hãy tắt thẻ và hoàn lại số dư còn trên thẻ.',
  'giftCardProducts.awaitingPayment':
    'Mỗi thẻ được phát hành, và mã thẻ được gửi qua email đến {email}, khi khoản thanh toán đã được thu.',
  'giftCardProducts.issuing': 'Đang phát hành thẻ: thẻ sẽ hiện ở đây trong giây lát.',
  'giftCardProducts.noneIssued': 'Không có thẻ nào được phát hành cho đơn hàng này.',
  'giftCardProducts.notReturnable':
    'Thẻ quà tặng không thể trả lại: muốn thu hồi, hãy tắt thẻ trên trang của thẻ và hoàn lại số dư còn trên thẻ.',

  'giftCardProducts.boughtIn': 'Được mua trong đơn hàng {number}',
};

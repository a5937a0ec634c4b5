import type { linePropertiesEn } from './line-properties-en.ts';

/** Tiếng Việt for line properties on orders and draft orders: every key of `line-properties-en.ts`. */
export const linePropertiesVi: Record<keyof typeof linePropertiesEn, string> = {
  'lineProperties.details': 'Chi tiết',
  'lineProperties.detailsOf': 'Chi tiết của {item}',
  'lineProperties.explain':
    'Những gì khách dặn riêng cho sản phẩm này: chữ khắc, lời nhắn gói quà. Mỗi chi tiết gồm một tên và nội dung; chúng hiện trên đơn hàng, e-mail và phiếu đóng gói của đơn. Chi tiết để trống nội dung sẽ bị bỏ.',
  'lineProperties.giftCardExplain':
    'Thẻ quà tặng gửi cho người khác ghi rõ người nhận: “Recipient email” (địa chỉ của họ), “Recipient name” và “Message”, viết đúng như vậy.',
  'lineProperties.none': 'Chưa có chi tiết nào.',
  'lineProperties.row': 'Chi tiết {n}',
  'lineProperties.name': 'Tên',
  'lineProperties.text': 'Nội dung',
  'lineProperties.add': 'Thêm chi tiết',
  'lineProperties.remove': 'Gỡ bỏ chi tiết {n}',
  'lineProperties.atMost': 'Tối đa {n} chi tiết.',
  'lineProperties.nameNeeded': 'Hãy đặt tên cho chi tiết.',
  'lineProperties.nameTwice': 'Đã có chi tiết khác mang tên này.',
  'lineProperties.savedToast': 'Đã lưu chi tiết.',
};

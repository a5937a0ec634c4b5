import type { personalizationEn } from './personalization-en.ts';

/** Tiếng Việt for product personalization: every key of `personalization-en.ts`. */
export const personalizationVi: Record<keyof typeof personalizationEn, string> = {
  'personalization.title': 'Cá nhân hóa',
  'personalization.hint':
    'Những gì khách điền khi mua, ví dụ chữ khắc. Câu trả lời của khách hiện trên đơn hàng và phiếu đóng gói.',
  'personalization.none': 'Không có gì để điền.',
  'personalization.row': 'Trường {n}',
  'personalization.name': 'Tên',
  'personalization.namePlaceholder': 'Chữ khắc',
  'personalization.required': 'Bắt buộc',
  'personalization.longest': 'Dài nhất (ký tự)',
  'personalization.add': 'Thêm trường',
  'personalization.remove': 'Gỡ bỏ trường {n}',
  'personalization.atMost': 'Tối đa {n} trường.',
  'personalization.nameTwice': 'Đã có trường khác mang tên này.',
  'personalization.longestRange': 'Nhập một số nguyên từ 1 đến 500.',
  'personalization.askedRequired': 'Sản phẩm hỏi điều này: bắt buộc, tối đa {n} ký tự.',
  'personalization.askedOptional': 'Sản phẩm hỏi điều này: không bắt buộc, tối đa {n} ký tự.',
};

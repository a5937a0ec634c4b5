import type { creditNotesEn } from './credit-notes-en.ts';

/** Tiếng Việt for the order page's credit notes: every key of `credit-notes-en.ts`. */
export const creditNotesVi: Record<keyof typeof creditNotesEn, string> = {
  'creditNotes.title': 'Phiếu ghi có',
  'creditNotes.for.return': 'Trả hàng',
  'creditNotes.for.cancelled_items': 'Sản phẩm hủy trước khi giao',
  'creditNotes.for.cancelled_order': 'Đơn hàng đã hủy',
  'creditNotes.for.refund': 'Hoàn tiền',
  'creditNotes.amount': 'Số tiền ghi có',
  'creditNotes.tax': 'Trong đó thuế',
  'creditNotes.download': 'Tải phiếu ghi có {number} (PDF)',
  'creditNotes.reasonHint': 'Khách hàng sẽ thấy lý do này trên phiếu ghi có của khoản hoàn.',
  'creditNotes.pending': 'Khoản hoàn {amount}: phiếu ghi có sẽ được lập trong giây lát.',
};

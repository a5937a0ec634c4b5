import type { orderBulkEn } from './order-bulk-en.ts';

/** Tiếng Việt for the orders list's bulk actions: every key of `order-bulk-en.ts`. */
export const orderBulkVi: Record<keyof typeof orderBulkEn, string> = {
  'orders.bulk.select': 'Chọn đơn hàng {number}',
  'orders.bulk.selectPage': 'Chọn tất cả đơn hàng trên trang này',
  'orders.bulk.label': 'Thao tác hàng loạt',
  'orders.bulk.selected.one': 'Đã chọn 1 đơn hàng',
  'orders.bulk.selected.other': 'Đã chọn {n} đơn hàng',
  'orders.bulk.tooMany': 'Mỗi lần tối đa {max} đơn hàng: hãy bỏ chọn bớt.',
  'orders.bulk.clear': 'Bỏ chọn',
  'orders.bulk.fulfil': 'Gửi hàng',
  'orders.bulk.capture': 'Thu tiền / Đánh dấu đã thanh toán',
  'orders.bulk.addTag': 'Thêm thẻ',
  'orders.bulk.removeTag': 'Gỡ thẻ',
  'orders.bulk.print': 'In phiếu đóng gói',

  'orders.bulk.fulfilTitle': 'Gửi hàng cho các đơn',
  'orders.bulk.fulfilExplain':
    'Mọi sản phẩm chưa gửi được đánh dấu đã gửi, mỗi đơn một kiện; đơn nhận tại cửa hàng chuyển sang sẵn sàng để nhận. Đơn không còn gì để gửi sẽ được bỏ qua.',
  'orders.bulk.carrierHint': 'Không bắt buộc: đơn vị vận chuyển của mọi kiện. Thêm mã vận đơn trên từng đơn.',
  'orders.bulk.notify': 'Gửi email thông báo giao hàng cho từng khách',
  'orders.bulk.captureTitle': 'Thu tiền các đơn',
  'orders.bulk.captureExplain':
    'Khoản thanh toán thẻ còn ở trạng thái đã cấp phép được thu đúng số tiền còn nợ (sản phẩm đã hủy không bị tính); chuyển khoản và thanh toán khi nhận hàng được đánh dấu đã thanh toán. Đơn đã thanh toán hoặc đã hủy sẽ được bỏ qua.',
  'orders.bulk.addTagTitle': 'Thêm thẻ',
  'orders.bulk.removeTagTitle': 'Gỡ thẻ',
  'orders.bulk.tagLabel': 'Thẻ',
  'orders.bulk.tagHint': 'Nhiều thẻ cách nhau bằng dấu phẩy; lưu bằng chữ thường, chỉ nhân viên thấy.',
  'orders.bulk.tagRequired': 'Hãy nhập một thẻ.',

  'orders.bulk.action.fulfil': 'Gửi hàng',
  'orders.bulk.action.capture': 'Thu tiền / Đánh dấu đã thanh toán',
  'orders.bulk.action.add_tags': 'Thêm thẻ',
  'orders.bulk.action.remove_tags': 'Gỡ thẻ',
  'orders.bulk.summary': '{action}: {done} xong, {skipped} bỏ qua, {failed} thất bại',
  'orders.bulk.failedList': 'Chưa thực hiện được',
  'orders.bulk.skippedList': 'Bỏ qua (không có gì để làm)',
  'orders.bulk.dismiss': 'Đóng',
};

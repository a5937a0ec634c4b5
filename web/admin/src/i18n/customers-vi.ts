import type { customersEn } from './customers-en.ts';

/** Tiếng Việt for the staff-managed parts of the customers pages: every key of `customers-en.ts`. */
export const customersVi: Record<keyof typeof customersEn, string> = {
  'customers.add': 'Thêm khách hàng',
  'customers.tagFilter': 'Thẻ',
  'customers.tagFilterPlaceholder': 'ví dụ: vip, bán sỉ',
  'customers.exportCsv': 'Xuất CSV',

  'customers.import.open': 'Nhập khách hàng',
  'customers.import.title': 'Nhập khách hàng từ tệp CSV',
  'customers.import.explain':
    'Thêm nhiều khách hàng cùng lúc từ một tệp CSV. Tệp xuất khách hàng từ Shopify dùng được nguyên trạng, tệp xuất từ đây cũng vậy.',
  'customers.import.columns':
    'Các cột được đọc, theo tên ở dòng đầu tiên: Email (bắt buộc), First Name, Last Name, Phone, Locale, Tags, Note, Accepts Email Marketing, Accepts SMS Marketing, và địa chỉ (Company, Address1, Address2, City, Province Code, Zip, Country Code). Các cột khác được bỏ qua.',
  'customers.import.ruleSkipped':
    'Địa chỉ e-mail cửa hàng đã có thì được bỏ qua: khách hàng đó giữ nguyên, không bao giờ bị ghi đè.',
  'customers.import.ruleNoEmail': 'Không ai nhận e-mail: không gửi lời mời hay thông báo nào.',
  'customers.import.ruleMax': 'Tối đa {max} khách hàng (dòng) và 5 MB mỗi tệp; tệp dài hơn thì chia nhỏ.',
  'customers.import.file': 'Tệp CSV',
  'customers.import.start': 'Nhập',
  'customers.import.progress': 'Tiến độ nhập',
  'customers.import.running':
    'Đang nhập {file}… Một tệp nghìn khách hàng mất vài giây; hãy để cửa sổ này mở.',
  'customers.import.tooLarge': 'Tệp lớn hơn 5 MB. Hãy chia thành các tệp nhỏ hơn.',
  'customers.import.refused': 'Tệp chưa được nhập.',
  'customers.import.summary': '{created} đã tạo, {skipped} bỏ qua, {failed} lỗi',
  'customers.import.rowsRead': 'Đã đọc {rows} dòng.',
  'customers.import.problems': 'Các dòng chưa được tạo',
  'customers.import.problemsCut': 'Chỉ liệt kê {shown} / {total} dòng đầu tiên.',
  'customers.import.row': 'Dòng',
  'customers.import.outcome': 'Kết quả',
  'customers.import.outcome.skipped': 'Bỏ qua',
  'customers.import.outcome.failed': 'Lỗi',
  'customers.import.message': 'Lý do',
  'customers.import.another': 'Nhập tệp khác',

  'customers.addTitle': 'Thêm khách hàng',
  'customers.editTitle': 'Sửa {name}',
  'customers.edit': 'Sửa khách hàng',
  'customers.emailHintNew': 'Nơi nhận e-mail của cửa hàng, và là địa chỉ dùng để đăng nhập.',
  'customers.emailHintEdit': 'Cũng là địa chỉ dùng để đăng nhập, nếu khách có tài khoản.',
  'customers.firstName': 'Tên',
  'customers.lastName': 'Họ',
  'customers.localeHint': 'Ngôn ngữ của các e-mail gửi cho khách.',
  'customers.locale.none': 'Chưa đặt (theo cửa hàng)',
  'customers.locale.en': 'Tiếng Anh',
  'customers.locale.vi': 'Tiếng Việt',
  'customers.note': 'Ghi chú nội bộ',
  'customers.noteHint': 'Chỉ nhân viên xem được; khách hàng không bao giờ thấy.',
  'customers.noNote': 'Chưa có ghi chú.',
  'customers.tags': 'Thẻ',
  'customers.tagsHint': 'Cách nhau bằng dấu phẩy; chỉ nhân viên xem được.',
  'customers.firstAddress': 'Địa chỉ',
  'customers.firstAddressHint':
    'Không bắt buộc: địa chỉ đầu tiên của khách, theo tên và số điện thoại ở trên, mặc định cho giao hàng và thanh toán. Để trống nếu không thêm.',
  'customers.consentGiven': 'Đồng ý nhận tiếp thị',
  'customers.consentEmail': 'Đồng ý nhận e-mail tiếp thị',
  'customers.consentSms': 'Đồng ý nhận tin nhắn tiếp thị (SMS)',
  'customers.consentHint': 'Chỉ đánh dấu những gì khách đã nói là đồng ý; ghi nhận là do nhân viên nhập.',
  'customers.inviteOnCreate': 'Gửi lời mời tạo tài khoản',
  'customers.inviteOnCreateHint':
    'Khách nhận e-mail có liên kết để đặt mật khẩu (dùng được 7 ngày). Nếu không có tài khoản, khách vẫn mua được như khách vãng lai.',
  'customers.addedToast': 'Đã thêm khách hàng.',
  'customers.addedInviteFailed':
    'Đã thêm khách hàng, nhưng không gửi được e-mail mời. Hãy gửi lại từ thẻ Tài khoản.',
  'customers.savedToast': 'Đã lưu khách hàng.',
  'customers.unchanged': 'Không có gì để lưu: chưa thay đổi gì.',

  'customers.accountCard': 'Tài khoản',
  'customers.accountNone': 'Chưa có',
  'customers.accountNoneExplain': 'Khách chưa có mật khẩu: khách mua hàng như khách vãng lai với e-mail này.',
  'customers.accountInvited': 'Đã mời',
  'customers.inviteExpires': 'Liên kết dùng được đến',
  'customers.status.active': 'Đang hoạt động',
  'customers.status.disabled': 'Đã vô hiệu hóa',
  'customers.registeredAt': 'Ngày đăng ký',
  'customers.invitationSent': 'Đã gửi lời mời',
  'customers.sendInvite': 'Gửi lời mời tạo tài khoản',
  'customers.resendInvite': 'Gửi lại lời mời',
  'customers.inviteExplain':
    'Một e-mail có liên kết để đặt mật khẩu. Liên kết dùng được một lần, trong 7 ngày; lời mời mới thay thế lời mời trước.',
  'customers.inviteSentToast': 'Đã gửi lời mời đến {email}.',
  'customers.disable': 'Vô hiệu hóa tài khoản',
  'customers.enable': 'Kích hoạt lại tài khoản',
  'customers.disableTitle': 'Vô hiệu hóa tài khoản của {name}?',
  'customers.disableExplain':
    'Khách bị đăng xuất ngay trên mọi thiết bị, và không thể đăng nhập, đặt lại mật khẩu hay nhận lời mời cho đến khi tài khoản được kích hoạt lại. Đơn hàng, địa chỉ và các dữ liệu khác vẫn được giữ.',
  'customers.disabledExplain':
    'Đã vô hiệu hóa: khách không thể đăng nhập, và các liên kết đã gửi không còn dùng được.',
  'customers.disabledToast': 'Đã vô hiệu hóa tài khoản; khách đã bị đăng xuất.',
  'customers.enabledToast': 'Đã kích hoạt lại tài khoản.',
};

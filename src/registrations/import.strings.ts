import { lookup } from '../shared/strings.js';

const STRINGS = {
  heading: { vi: 'Nhập danh sách đăng ký', en: 'Import registrations' },
  intro: {
    vi: 'Tải lên danh sách do xã, huyện gửi (Excel .xlsx hoặc CSV). Dòng đầu là tiêu đề cột: Họ và tên, Số điện thoại, Email, Giới tính, Năm sinh, Huyện/Quận, Xã/Phường, Cơ sở. Bạn sẽ xem trước từng dòng rồi mới xác nhận.',
    en: 'Upload the list a commune or district sent (Excel .xlsx or CSV). The first row names the columns: fullName, phone, email, gender, birthYear, district, commune, facility. You see every row before confirming.',
  },
  noPhone: {
    vi: 'Người không có số điện thoại và email vẫn được nhận nếu có năm sinh (sự kiện không bắt buộc email); họ nhận vé in.',
    en: 'People with neither phone nor email are accepted with a year of birth (when the event does not need email); they get printed tickets.',
  },
  emailNeeded: {
    vi: 'Sự kiện này cần email: dòng thiếu email sẽ không được nhận.',
    en: 'This event needs an email: rows without one are refused.',
  },
  template: { vi: 'Tải mẫu', en: 'Download a template' },
  file: { vi: 'Tệp danh sách (.xlsx hoặc .csv)', en: 'List file (.xlsx or .csv)' },
  check: { vi: 'Xem trước', en: 'Preview' },
  previewHeading: { vi: 'Xem trước: chưa có gì được lưu', en: 'Preview: nothing is saved yet' },
  resultHeading: { vi: 'Đã nhập danh sách', en: 'List imported' },
  row: { vi: 'Dòng', en: 'Row' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  status: { vi: 'Kết quả', en: 'Result' },
  messages: { vi: 'Ghi chú', en: 'Notes' },
  new: { vi: 'Mới', en: 'New' },
  duplicate: { vi: 'Trùng', en: 'Duplicate' },
  invalid: { vi: 'Không hợp lệ', en: 'Invalid' },
  added: { vi: 'Đã thêm', en: 'Added' },
  confirmed: { vi: 'đã xác nhận', en: 'confirmed' },
  waitlisted: { vi: 'danh sách chờ', en: 'waiting list' },
  pending: { vi: 'chờ duyệt', en: 'awaiting approval' },
  confirm: { vi: 'Xác nhận nhập', en: 'Import' },
  people: { vi: 'người mới', en: 'new people' },
  nothingNew: { vi: 'Không có ai mới để nhập.', en: 'Nobody new to import.' },
  other: { vi: 'Chọn tệp khác', en: 'Choose another file' },
  expired: {
    vi: 'Bản xem trước đã hết hạn hoặc bị thay đổi: hãy tải tệp lên lại. Chưa có gì được lưu.',
    en: 'The preview expired or was changed: upload the file again. Nothing was saved.',
  },
  noFile: { vi: 'Hãy chọn một tệp .xlsx hoặc .csv', en: 'Choose an .xlsx or .csv file' },
  toList: { vi: 'Xem danh sách đăng ký', en: 'See the registrations' },
  print: { vi: 'In vé cho người không có email', en: 'Print tickets for people without email' },
  printAll: { vi: 'In vé cho tất cả người đã xác nhận', en: 'Print tickets for everyone confirmed' },
  errorTitle: { vi: 'Lỗi:', en: 'Error:' },
} as const;

export const irt = lookup(STRINGS);

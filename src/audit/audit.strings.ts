import type { Lang } from '../shared/time.js';

export const AUDIT_STRINGS = {
  heading: { vi: 'Nhật ký thay đổi', en: 'Audit log' },
  intro: {
    vi: 'Ai đã thay đổi gì và khi nào, mới nhất trước. Giờ theo múi giờ Việt Nam (UTC+7).',
    en: 'Who changed what and when, newest first. Times in Vietnam time (UTC+7).',
  },
  introLimited: {
    vi: 'Bạn chỉ thấy các thay đổi về những sự kiện được giao cho mình.',
    en: 'You see only changes about the events you were given.',
  },
  event: { vi: 'Sự kiện', en: 'Event' },
  anyEvent: { vi: 'Mọi sự kiện', en: 'Any event' },
  person: { vi: 'Người đăng ký (tên, SĐT, email)', en: 'Registrant (name, phone, email)' },
  actor: { vi: 'Người thực hiện', en: 'Done by' },
  action: { vi: 'Hành động', en: 'Action' },
  anyAction: { vi: 'Mọi hành động', en: 'Any action' },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  filter: { vi: 'Lọc', en: 'Filter' },
  clear: { vi: 'Bỏ lọc', en: 'Clear' },
  time: { vi: 'Thời gian', en: 'Time' },
  about: { vi: 'Đối tượng', en: 'About' },
  details: { vi: 'Chi tiết', en: 'Details' },
  none: { vi: 'Không có mục nào.', en: 'No entries.' },
  older: { vi: 'Cũ hơn →', en: 'Older →' },
  newest: { vi: '← Mới nhất', en: '← Newest' },
  system: { vi: 'Hệ thống / dòng lệnh', en: 'System / command line' },
  tokenActor: { vi: 'mã API', en: 'API token' },
  empty: { vi: '(trống)', en: '(empty)' },
  badFilter: { vi: 'Bộ lọc chưa đúng:', en: 'The filter is not right:' },
} as const;

export const au = (lang: Lang, key: keyof typeof AUDIT_STRINGS) => AUDIT_STRINGS[key][lang];

/** Every action the app writes, as people read it. An action not listed shows its code. */
export const ACTION_LABELS: Record<string, { vi: string; en: string }> = {
  'event.create': { vi: 'Tạo sự kiện', en: 'Event created' },
  'event.update': { vi: 'Sửa sự kiện', en: 'Event edited' },
  'event.publish': { vi: 'Công bố sự kiện', en: 'Event published' },
  'event.cancel': { vi: 'Huỷ sự kiện', en: 'Event cancelled' },
  'registration.approve': { vi: 'Duyệt đăng ký', en: 'Registration approved' },
  'registration.reject': { vi: 'Từ chối đăng ký', en: 'Registration rejected' },
  'registration.cancel': { vi: 'Huỷ đăng ký', en: 'Registration cancelled' },
  'registration.reissue': { vi: 'Cấp lại vé cho chủ đăng ký', en: 'Ticket reissued to its owner' },
  'attendance.mark': { vi: 'Điểm danh thủ công', en: 'Attendance marked' },
  'attendance.clear': { vi: 'Xoá điểm danh', en: 'Attendance cleared' },
  'scan.review': { vi: 'Đã xem lượt quét xung đột', en: 'Conflicting scan reviewed' },
  'mail.resend': { vi: 'Gửi lại thư', en: 'Email resent' },
  'programme.imported': { vi: 'Nhập chương trình', en: 'Programme imported' },
  'target.created': { vi: 'Thêm chỉ tiêu', en: 'Target added' },
  'target.updated': { vi: 'Sửa chỉ tiêu', en: 'Target edited' },
  'token.create': { vi: 'Cấp mã truy cập API', en: 'API token issued' },
  'token.revoke': { vi: 'Thu hồi mã truy cập API', en: 'API token revoked' },
  'user.create': { vi: 'Tạo tài khoản', en: 'Account created' },
  'user.password_reset': { vi: 'Đặt lại mật khẩu', en: 'Password reset' },
  'user.password_change': { vi: 'Tự đổi mật khẩu', en: 'Own password changed' },
  'user.deactivate': { vi: 'Khoá tài khoản', en: 'Account deactivated' },
  'user.reactivate': { vi: 'Mở khoá tài khoản', en: 'Account reactivated' },
};

export const ENTITY_LABELS: Record<string, { vi: string; en: string }> = {
  event: { vi: 'Sự kiện', en: 'Event' },
  registration: { vi: 'Đăng ký', en: 'Registration' },
  user: { vi: 'Tài khoản', en: 'Account' },
  api_token: { vi: 'Mã API', en: 'API token' },
  scan: { vi: 'Lượt quét', en: 'Scan' },
  mail: { vi: 'Thư', en: 'Email' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  programme_target: { vi: 'Chỉ tiêu', en: 'Target' },
};

/** Names of the fields edits record, as people read them; others show their code. */
export const FIELD_LABELS: Record<string, { vi: string; en: string }> = {
  title: { vi: 'Tên', en: 'Title' },
  titleEn: { vi: 'Tên (tiếng Anh)', en: 'Title (English)' },
  description: { vi: 'Mô tả', en: 'Description' },
  descriptionEn: { vi: 'Mô tả (tiếng Anh)', en: 'Description (English)' },
  capacity: { vi: 'Số chỗ', en: 'Capacity' },
  topic: { vi: 'Chủ đề', en: 'Topic' },
  scope: { vi: 'Phạm vi', en: 'Scope' },
  venue: { vi: 'Địa điểm', en: 'Venue' },
  sessions: { vi: 'Các buổi', en: 'Sessions' },
  requiresApproval: { vi: 'Cần duyệt', en: 'Needs approval' },
  completionShare: { vi: 'Tỉ lệ hoàn thành', en: 'Completion share' },
  registrationOpensAt: { vi: 'Mở đăng ký', en: 'Registration opens' },
  registrationClosesAt: { vi: 'Đóng đăng ký', en: 'Registration closes' },
  programmeId: { vi: 'Chương trình', en: 'Programme' },
  emailRequired: { vi: 'Bắt buộc email', en: 'Email required' },
  goal: { vi: 'Mục tiêu', en: 'Goal' },
  before: { vi: 'Trước', en: 'Before' },
  after: { vi: 'Sau', en: 'After' },
  from: { vi: 'Từ trạng thái', en: 'From status' },
  kind: { vi: 'Loại', en: 'Kind' },
  name: { vi: 'Tên', en: 'Name' },
  role: { vi: 'Quyền', en: 'Role' },
  email: { vi: 'Email', en: 'Email' },
  fullName: { vi: 'Họ tên', en: 'Full name' },
  eventIds: { vi: 'Mã sự kiện', en: 'Event ids' },
  promoted: { vi: 'Được lên từ danh sách chờ', en: 'Moved up from the waiting list' },
  placeOrTimeChanged: { vi: 'Đổi giờ hoặc địa điểm', en: 'Time or place changed' },
  holder: { vi: 'Tài khoản giữ mã', en: 'Held by' },
  sessionsEnded: { vi: 'Phiên đăng nhập đã kết thúc', en: 'Sessions ended' },
  tokensRevoked: { vi: 'Mã đã thu hồi', en: 'Tokens revoked' },
  passwordGenerated: { vi: 'Mật khẩu do hệ thống tạo', en: 'Password generated' },
  status: { vi: 'Trạng thái', en: 'Status' },
  changed: { vi: 'Trường đã đổi', en: 'Fields changed' },
  emailed: { vi: 'Đã gửi thư', en: 'Emailed' },
  sessionId: { vi: 'Buổi', en: 'Session' },
  note: { vi: 'Ghi chú', en: 'Note' },
};

export function labelOf(map: Record<string, { vi: string; en: string }>, key: string, lang: Lang): string {
  return map[key]?.[lang] ?? key;
}

import type { Lang } from '../shared/time.js';

/** What the accounts and own-password pages say, Vietnamese first. */
export const USERS_STRINGS = {
  heading: { vi: 'Tài khoản', en: 'Accounts' },
  intro: {
    vi: 'Tạo tài khoản cho cán bộ tổ chức và người soát vé, đặt lại mật khẩu, khoá tài khoản. Tài khoản quản trị đầu tiên được tạo bằng dòng lệnh.',
    en: 'Create accounts for organisers and door staff, reset passwords, deactivate accounts. The first admin is created from the command line.',
  },
  listHeading: { vi: 'Danh sách tài khoản', en: 'All accounts' },
  person: { vi: 'Người dùng', en: 'Person' },
  role: { vi: 'Quyền', en: 'Role' },
  events: { vi: 'Sự kiện', en: 'Events' },
  allEvents: { vi: 'Mọi sự kiện', en: 'All events' },
  state: { vi: 'Trạng thái', en: 'State' },
  active: { vi: 'Đang hoạt động', en: 'Active' },
  deactivated: { vi: 'Đã khoá', en: 'Deactivated' },
  lastSignIn: { vi: 'Đăng nhập gần nhất', en: 'Last sign-in' },
  never: { vi: 'Chưa đăng nhập', en: 'Never' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  resetPassword: { vi: 'Đặt lại mật khẩu', en: 'Reset password' },
  deactivate: { vi: 'Khoá', en: 'Deactivate' },
  reactivate: { vi: 'Mở khoá', en: 'Reactivate' },
  you: { vi: '(bạn)', en: '(you)' },
  createHeading: { vi: 'Tạo tài khoản', en: 'Create an account' },
  email: { vi: 'Email', en: 'Email' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  roleOrganiser: { vi: 'Cán bộ tổ chức', en: 'Organiser' },
  roleScanner: { vi: 'Người soát vé tại cửa', en: 'Door staff (scanner)' },
  eventsHint: {
    vi: 'Cán bộ tổ chức không chọn sự kiện nào thì làm việc với mọi sự kiện; người soát vé cần ít nhất một sự kiện.',
    en: 'An organiser with no event ticked works on every event; door staff need at least one.',
  },
  password: { vi: 'Mật khẩu', en: 'Password' },
  passwordHint: {
    vi: 'Để trống để hệ thống tạo mật khẩu; mật khẩu chỉ hiện một lần. Tối thiểu 10 ký tự.',
    en: 'Leave empty for a generated password, shown once. At least 10 characters.',
  },
  create: { vi: 'Tạo tài khoản', en: 'Create account' },
  noEvents: { vi: 'Chưa có sự kiện nào.', en: 'No events yet.' },
  shownOncePassword: { vi: 'Mật khẩu cho', en: 'Password for' },
  shownOnceToken: { vi: 'Mã truy cập API', en: 'API token' },
  shownOnce: { vi: 'Chỉ hiện một lần, hãy chép và chuyển cho người dùng ngay:', en: 'Shown once only; copy it and hand it over now:' },
  created: { vi: 'Đã tạo tài khoản', en: 'Account created' },
  reset: {
    vi: 'Đã đặt lại mật khẩu; mọi phiên đăng nhập của tài khoản này đã kết thúc',
    en: 'Password reset; every session of this account has ended',
  },
  deactivatedNotice: {
    vi: 'Đã khoá tài khoản; các phiên đăng nhập và mã truy cập của tài khoản đã ngừng hoạt động',
    en: 'Account deactivated; its sessions and API tokens stopped working',
  },
  reactivatedNotice: { vi: 'Đã mở khoá tài khoản', en: 'Account reactivated' },
  revokedNotice: { vi: 'Đã thu hồi mã', en: 'Token revoked' },
  formErrors: { vi: 'Chưa lưu được, vui lòng sửa:', en: 'Not saved yet; please fix:' },
  tokensHeading: { vi: 'Mã truy cập API', en: 'API tokens' },
  tokensIntro: {
    vi: 'Mã cho phần mềm của cán bộ tổ chức (quyền cán bộ tổ chức) hoặc cho máy quét của một người soát vé. Mã chỉ hiện một lần. Mã giữ bởi một tài khoản sẽ ngừng khi tài khoản bị khoá.',
    en: 'Tokens for an organiser’s scripts (organiser role) or a door scanner. Shown once. A token held by an account stops when the account is deactivated.',
  },
  tokenName: { vi: 'Tên mã (VD: Bảng tính báo cáo)', en: 'Token name (e.g. Report spreadsheet)' },
  tokenColumn: { vi: 'Tên mã', en: 'Token' },
  holder: { vi: 'Tài khoản giữ mã', en: 'Held by account' },
  noHolder: { vi: '— Không gắn với tài khoản —', en: '— Not tied to an account —' },
  issue: { vi: 'Cấp mã', en: 'Issue token' },
  tokenList: { vi: 'Các mã đã cấp', en: 'Tokens issued' },
  noTokens: { vi: 'Chưa cấp mã nào.', en: 'No tokens yet.' },
  issuedAt: { vi: 'Cấp lúc', en: 'Issued' },
  revokedAt: { vi: 'Thu hồi lúc', en: 'Revoked' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  back: { vi: '← Tài khoản', en: '← Accounts' },
  resetHeading: { vi: 'Đặt lại mật khẩu', en: 'Reset the password' },
  resetIntro: {
    vi: 'Mật khẩu mới có hiệu lực ngay; mọi phiên đăng nhập hiện có của tài khoản sẽ kết thúc.',
    en: 'The new password works at once; every current session of the account ends.',
  },
  resetSubmit: { vi: 'Đặt lại mật khẩu', en: 'Reset password' },
  accountHeading: { vi: 'Tài khoản của tôi', en: 'My account' },
  signedInAs: { vi: 'Đang đăng nhập:', en: 'Signed in as:' },
  changeHeading: { vi: 'Đổi mật khẩu', en: 'Change password' },
  changeIntro: {
    vi: 'Sau khi đổi, các phiên đăng nhập khác của bạn (máy khác, trình duyệt khác) sẽ kết thúc.',
    en: 'Afterwards your other sessions (other devices and browsers) end.',
  },
  current: { vi: 'Mật khẩu hiện tại', en: 'Current password' },
  next: { vi: 'Mật khẩu mới (tối thiểu 10 ký tự)', en: 'New password (at least 10 characters)' },
  again: { vi: 'Nhập lại mật khẩu mới', en: 'New password again' },
  change: { vi: 'Đổi mật khẩu', en: 'Change password' },
  changed: { vi: 'Đã đổi mật khẩu', en: 'Password changed' },
  otherSessionsEnded: { vi: 'phiên đăng nhập khác đã kết thúc', en: 'other sessions ended' },
  tokenNoPassword: {
    vi: 'Bạn đang dùng mã truy cập API, không phải tài khoản có mật khẩu.',
    en: 'You are using an API token, not an account with a password.',
  },
  accountsLink: { vi: 'Quản lý tài khoản và mã API →', en: 'Accounts and API tokens →' },
} as const;

export type UsersStringKey = keyof typeof USERS_STRINGS;
export const us = (lang: Lang, key: UsersStringKey) => USERS_STRINGS[key][lang];

/** "Vietnamese / English" messages (validation, use cases): the reader's half. */
export function half(message: string, lang: Lang): string {
  const [vi, en] = message.split(' / ');
  return (lang === 'en' ? en : vi) ?? message;
}

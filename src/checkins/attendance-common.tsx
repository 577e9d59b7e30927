import type { EventView } from '../events/events.usecases.js';
import { t } from '../pages/strings.js';
import { lookup } from '../shared/strings.js';
import { inLanguage } from '../shared/text.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import type { Session } from './attendance.presenter.js';

/** The words of the organisers' attendance pages: the attendance report and the sign-in sheet. */
const STRINGS = {
  sheetHeading: { vi: 'Danh sách ký nhận', en: 'Sign-in sheet' },
  session: { vi: 'Buổi', en: 'Session' },
  venue: { vi: 'Địa điểm', en: 'Venue' },
  confirmedPeople: { vi: 'Người đã xác nhận', en: 'Confirmed' },
  checkedIn: { vi: 'Đã điểm danh', en: 'Checked in' },
  excused: { vi: 'Vắng có phép', en: 'Excused' },
  markedByStaff: { vi: 'Có mặt (cán bộ ghi)', en: 'Present (marked by staff)' },
  notPublished: { vi: 'Sự kiện chưa công bố', en: 'This event is not published' },
  cancelledSince: { vi: 'đã huỷ đăng ký sau buổi này', en: 'cancelled since' },
  no: { vi: 'STT', en: 'No.' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  facility: { vi: 'Cơ sở / Đơn vị', en: 'Facility / Organisation' },
  mark: { vi: 'Điểm danh', en: 'Check-in' },
  sign: { vi: 'Ký nhận', en: 'Signature' },
  nobody: { vi: 'Chưa có ai đăng ký được xác nhận.', en: 'No confirmed registrations yet.' },
  printHint: {
    vi: 'In bằng lệnh In của trình duyệt (Ctrl+P); trang in chỉ gồm danh sách.',
    en: "Print with the browser's Print command (Ctrl+P); the printout holds the list only.",
  },
  otherSessions: { vi: 'Các buổi khác', en: 'Other sessions' },
  printedAt: { vi: 'In lúc', en: 'Printed at' },
  preparedBy: { vi: 'Người lập danh sách (ký, ghi rõ họ tên)', en: 'Prepared by (signature and full name)' },
  chooseSession: { vi: 'Chọn buổi để in danh sách ký nhận', en: 'Choose the session to print' },
  noSessions: { vi: 'Sự kiện chưa có buổi nào.', en: 'This event has no sessions yet.' },
  attendanceHeading: { vi: 'Điểm danh', en: 'Attendance' },
  bySession: { vi: 'Theo buổi', en: 'By session' },
  byPerson: { vi: 'Theo người tham dự', en: 'By person' },
  time: { vi: 'Thời gian', en: 'Time' },
  present: { vi: 'Có mặt', en: 'Present' },
  expected: { vi: 'Đã xác nhận', en: 'Confirmed' },
  sheet: { vi: 'Danh sách ký nhận', en: 'Sign-in sheet' },
  print: { vi: 'In danh sách', en: 'Print' },
  sessionsAttended: { vi: 'Số buổi có mặt', en: 'Sessions attended' },
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  yes: { vi: 'Có', en: 'Yes' },
  notYet: { vi: 'Chưa', en: 'Not yet' },
  cancelled: { vi: 'đã huỷ đăng ký', en: 'registration cancelled' },
  conflicts: { vi: 'Lượt quét ngoại tuyến cần xem lại', en: 'Offline scans to review' },
  conflictsHelp: {
    vi: 'Máy quét mất mạng đã trả lời theo danh sách trên máy, khác với điều máy chủ ghi nhận khi nhận được: cùng một vé quét trên hai máy, đăng ký bị huỷ hay được duyệt trong lúc đó, hoặc một lần ghi có mặt đã được bỏ. Người bị cửa từ chối không được tính có mặt: ghi có mặt ở trên nếu họ đã được cho vào. Vé máy không tìm thấy (“Không nhận ra vé → Mời vào”) do máy chủ xác nhận và được tính: bỏ đánh dấu nếu cửa đã không cho vào.',
    en: 'A scanner without network answered from its stored list, differently from what the server recorded when the scan arrived: the same ticket on two devices, a registration cancelled or approved meanwhile, or a presence mark cleared. Someone the door turned away is not counted present: record them above if they were let in after all. A ticket the device could not find (“Unknown ticket → Checked in”) is confirmed by the server and counted: clear the mark if the door did not let them in.',
  },
  scannedAt: { vi: 'Quét lúc', en: 'Scanned at' },
  receivedAt: { vi: 'Nhận lúc', en: 'Received at' },
  device: { vi: 'Thiết bị', en: 'Device' },
  person: { vi: 'Người tham dự', en: 'Participant' },
  deviceSaid: { vi: 'Máy đã báo → Kết quả ghi nhận', en: 'Device said → Recorded' },
  attendedAny: { vi: 'Có mặt ít nhất một buổi', en: 'Attended at least one session' },
  ofConfirmed: { vi: 'người đã xác nhận', en: 'confirmed' },
  searchLabel: { vi: 'Tìm người tham dự (tên, không cần dấu)', en: 'Find a participant (name, accents optional)' },
  search: { vi: 'Tìm', en: 'Find' },
  showAll: { vi: 'Hiện tất cả', en: 'Show everyone' },
  noMatch: { vi: 'Không có ai khớp với', en: 'Nobody matches' },
  markColumn: { vi: 'Ghi điểm danh', en: 'Record attendance' },
  markHelp: {
    vi: 'Cho người không mang vé hoặc đã ký giấy: chọn buổi và ghi có mặt hay vắng có phép; “Bỏ đánh dấu” xoá một lần ghi nhầm. Có mặt chỉ ghi được từ giờ mở cửa của buổi.',
    en: 'For people without their ticket or who signed on paper: choose the session and record present or excused; “Clear” removes a mark made by mistake. Presence can be recorded from the session’s opening time.',
  },
  legend: { vi: 'Mỗi cột là một buổi: ✓ có mặt · P vắng có phép', en: 'One column per session: ✓ present · P excused' },
  markPresent: { vi: 'Có mặt', en: 'Present' },
  markExcused: { vi: 'Vắng có phép', en: 'Excused' },
  markClear: { vi: 'Bỏ đánh dấu', en: 'Clear' },
  save: { vi: 'Ghi', en: 'Record' },
  recorded: { vi: 'Đã ghi', en: 'Recorded' },
  cleared: { vi: 'Đã bỏ đánh dấu', en: 'Mark cleared' },
  notRecorded: { vi: 'Chưa ghi được', en: 'Not recorded' },
  heldBy: { vi: 'Máy quét (người giữ)', en: 'Scanner (held by)' },
  opensAt: { vi: 'Buổi mở cửa lúc', en: 'The door opens at' },
  unchanged: { vi: 'Không có gì thay đổi', en: 'Nothing changed' },
  review: { vi: 'Xem lại', en: 'Review' },
  markReviewed: { vi: 'Đã xem', en: 'Mark reviewed' },
  markedReviewed: { vi: 'Đã đánh dấu đã xem', en: 'Marked reviewed' },
  reviewedAt: { vi: 'Đã xem lúc', en: 'Reviewed at' },
  reviewedCount: { vi: 'Đã xem', en: 'Reviewed' },
  showReviewed: { vi: 'Hiện cả các lượt đã xem', en: 'Show the reviewed ones too' },
  hideReviewed: { vi: 'Chỉ hiện các lượt chưa xem', en: 'Show only those to review' },
  allReviewed: { vi: 'Mọi lượt quét ngoại tuyến khác biệt đã được xem.', en: 'Every offline disagreement has been reviewed.' },
  scrollHint: {
    vi: 'Kéo ngang bảng để xem các buổi và ô ghi điểm danh →',
    en: 'Swipe the table sideways for the sessions and the marking form →',
  },
  noMark: { vi: 'chưa được ghi', en: 'no mark' },
} as const;
export const s = lookup(STRINGS);

/** "08:00–11:30, Thứ Hai, 14/12/2026" */
export function sessionTimes(session: Session, lang: Lang) {
  const startDay = formatDay(session.startsAt, lang);
  const endDay = formatDay(session.endsAt, lang);
  // A session past midnight says on which day it ends.
  if (endDay !== startDay) return `${formatTime(session.startsAt)}, ${startDay} – ${formatTime(session.endsAt)}, ${endDay}`;
  return `${formatTime(session.startsAt)}–${formatTime(session.endsAt)}, ${startDay}`;
}

/** "Buổi 2/5: 08:00–11:30, Thứ Ba, 15/12/2026 — title" */
export function sessionLabel(session: Session, number: number, count: number, lang: Lang) {
  return `${s(lang, 'session')} ${number}/${count}: ${sessionTimes(session, lang)}${session.title ? ` — ${inLanguage(session.title, session.titleEn, lang)}` : ''}`;
}

export function sheetHref(eventId: string, sessionId: string) {
  return `/admin/events/${eventId}/sessions/${sessionId}/sign-in-sheet`;
}

/** A page for an event that is not going ahead as published says so where it is read. */
export function EventStatusNotice(props: { event: EventView; lang: Lang }) {
  const { status } = props.event;
  if (status === 'published' || status === 'completed') return null;
  return (
    <p class="notice warn" role="status">
      <strong>{status === 'cancelled' ? t(props.lang, 'cancelledEvent').toUpperCase() : s(props.lang, 'notPublished')}</strong>
    </p>
  );
}

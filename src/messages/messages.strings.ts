import type { MessageAudience } from '../db/schema.js';
import { type Bilingual, lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';

const STRINGS = {
  heading: { vi: 'Gửi thông báo', en: 'Messages' },
  intro: {
    vi: 'Gửi email cho người tham gia theo tình trạng tham dự. Thư được xếp hàng và gửi dần; mỗi người chỉ nhận một thông báo một lần, dù bấm gửi lại.',
    en: 'Email the people of this event by attendance. Mail is queued and goes out shortly; each person gets a message once, even if it is sent again.',
  },
  back: { vi: '← Trang sự kiện', en: '← Event page' },
  audience: { vi: 'Gửi tới', en: 'Send to' },
  people: { vi: 'người', en: 'people' },
  notReceived: { vi: 'người chưa nhận thông báo này', en: 'not yet sent this message' },
  withoutEmail: { vi: 'không có email, không nhận được', en: 'without email, not reached' },
  waitsForStart: { vi: 'tính từ khi buổi đầu tiên bắt đầu', en: 'counted once the first session has begun' },
  ready: { vi: 'Bắt đầu từ mẫu có sẵn', en: 'Start from a ready text' },
  readyHint: {
    vi: 'Chọn mẫu để điền sẵn tiêu đề và nội dung; sửa lại trước khi gửi.',
    en: 'A ready text fills in the subject and body; edit them before sending.',
  },
  subject: { vi: 'Tiêu đề', en: 'Subject' },
  body: { vi: 'Nội dung', en: 'Body' },
  bodyHint: {
    vi: 'Văn bản thường; xuống dòng được giữ, đường dẫn http(s) thành liên kết. Điền tự động: {name} tên người nhận, {event} tên sự kiện, {missed} các buổi người đó vắng mặt (không tính buổi có phép), {missed_en} các buổi ấy bằng tiếng Anh cho phần tiếng Anh. Cuối thư luôn có nút mở trang đăng ký của người nhận.',
    en: "Plain text; line breaks are kept, http(s) addresses become links. Filled in for each person: {name} their name, {event} the event's title, {missed} the sessions they missed (excused ones aside) in Vietnamese, {missed_en} the same in English for the English half. Every mail ends with a button to the person's registration page.",
  },
  preview: { vi: 'Xem trước', en: 'Preview' },
  send: { vi: 'Gửi', en: 'Send' },
  previewHeading: { vi: 'Xem trước', en: 'Preview' },
  previewFor: { vi: 'Như người nhận đầu tiên sẽ đọc', en: 'As the first recipient will read it' },
  previewNobody: {
    vi: 'Nhóm này chưa có ai; các phần điền tự động được ghi chú trong ngoặc.',
    en: 'No one is in this audience yet; the parts filled in per person are shown in brackets.',
  },
  previewTo: { vi: 'Gửi', en: 'To' },
  queued: { vi: 'Đã xếp hàng gửi {n} thư.', en: '{n} emails queued.' },
  queuedNone: {
    vi: 'Không có ai mới để gửi: mọi người trong nhóm này đã nhận thông báo này, hoặc nhóm chưa có ai có email. Không thư nào được gửi.',
    en: 'Nobody new to send to: everyone in this audience already has this message, or no one in it has an email address. No mail was sent.',
  },
  sentHeading: { vi: 'Thông báo đã gửi', en: 'Messages sent' },
  noneSent: { vi: 'Chưa gửi thông báo nào cho sự kiện này.', en: 'No message has been sent for this event yet.' },
  when: { vi: 'Lúc', en: 'When' },
  recipients: { vi: 'Số người nhận', en: 'Recipients' },
  by: { vi: 'Người gửi', en: 'Sent by' },
  lastSent: { vi: 'gửi thêm lúc', en: 'sent again' },
  unknownSender: { vi: '(không rõ)', en: '(unknown)' },
  mailPage: { vi: 'Xem tình trạng gửi trong trang Thư đi', en: 'See delivery on the Outgoing mail page' },
  errors: { vi: 'Chưa gửi được, vui lòng sửa:', en: 'Not sent yet; please correct:' },
} as const satisfies Record<string, Bilingual>;

export const ms = lookup(STRINGS);

const AUDIENCE_LABELS: Record<MessageAudience, Bilingual> = {
  confirmed: { vi: 'Đã xác nhận', en: 'Confirmed' },
  attended: { vi: 'Đã tham dự (ít nhất một buổi)', en: 'Attended (at least one session)' },
  missed_some: { vi: 'Vắng một số buổi (đã tham dự ít nhất một buổi)', en: 'Missed some sessions (attended at least one)' },
  no_show: { vi: 'Vắng mặt (chưa tham dự buổi nào)', en: 'No-shows (not present at any session)' },
  completed: { vi: 'Hoàn thành khóa học', en: 'Completed the course' },
  certified: { vi: 'Đã được cấp giấy chứng nhận', en: 'Holding a certificate' },
  waitlisted: { vi: 'Danh sách chờ', en: 'Waiting list' },
};

export const audienceLabel = (audience: MessageAudience, lang: Lang) => AUDIENCE_LABELS[audience][lang];

import type { MailKind } from '../src/db/schema.js';
import type { Lang } from '../src/shared/time.js';

type Words = { vi: string; en: string };

/** Subject and first paragraph of each email; `{title}` and `{position}` are filled in. */
export const KIND_TEXT: Record<MailKind, { subject: Words; lead: Words }> = {
  received: {
    subject: { vi: 'Đã nhận đăng ký: {title}', en: 'Registration received: {title}' },
    lead: {
      vi: 'Ban tổ chức đã nhận đăng ký của anh/chị. Đăng ký cần được duyệt; chúng tôi sẽ báo kết quả qua email.',
      en: 'The organisers have received your registration. It needs their approval; we will email you the decision.',
    },
  },
  confirmed: {
    subject: { vi: 'Xác nhận đăng ký: {title}', en: 'You are registered: {title}' },
    lead: {
      vi: 'Đăng ký của anh/chị đã được xác nhận. Vui lòng xuất trình mã QR dưới đây (hoặc đọc mã vé) khi đến.',
      en: 'Your registration is confirmed. Please show the QR code below (or read out the ticket code) when you arrive.',
    },
  },
  waitlisted: {
    subject: { vi: 'Danh sách chờ: {title}', en: 'Waiting list: {title}' },
    lead: {
      vi: 'Sự kiện đã đủ chỗ. Anh/chị đang ở vị trí số {position} trong danh sách chờ; chúng tôi sẽ báo ngay khi có chỗ.',
      en: 'The event is full. You are number {position} on the waiting list; we will tell you as soon as a seat frees up.',
    },
  },
  promoted: {
    subject: { vi: 'Đã có chỗ cho anh/chị: {title}', en: 'A seat is yours: {title}' },
    lead: {
      vi: 'Một chỗ vừa trống và đã dành cho anh/chị. Đăng ký của anh/chị đã được xác nhận.',
      en: 'A seat has freed up and it is yours. Your registration is now confirmed.',
    },
  },
  approved: {
    subject: { vi: 'Đăng ký đã được duyệt: {title}', en: 'Registration approved: {title}' },
    lead: {
      vi: 'Ban tổ chức đã duyệt đăng ký của anh/chị. Vui lòng xuất trình mã QR dưới đây khi đến.',
      en: 'The organisers have approved your registration. Please show the QR code below when you arrive.',
    },
  },
  rejected: {
    subject: { vi: 'Đăng ký chưa được duyệt: {title}', en: 'Registration not approved: {title}' },
    lead: {
      vi: 'Rất tiếc, ban tổ chức chưa thể duyệt đăng ký của anh/chị cho sự kiện này.',
      en: 'We are sorry: the organisers could not approve your registration for this event.',
    },
  },
  cancelled: {
    subject: { vi: 'Đã huỷ đăng ký: {title}', en: 'Registration cancelled: {title}' },
    lead: {
      vi: 'Đăng ký của anh/chị đã được huỷ. Nếu có lịch trong lịch điện tử, lịch sẽ được gỡ.',
      en: 'Your registration has been cancelled. If it was in your calendar, it is removed from there too.',
    },
  },
  event_changed: {
    subject: { vi: 'Thay đổi thời gian, địa điểm: {title}', en: 'Time or place changed: {title}' },
    lead: {
      vi: 'Ban tổ chức đã thay đổi thời gian hoặc địa điểm. Thông tin mới nhất ở dưới đây; lịch của anh/chị được cập nhật theo tệp đính kèm.',
      en: 'The organisers have changed the time or place. The latest details are below; the attached invite updates your calendar.',
    },
  },
  event_cancelled: {
    subject: { vi: 'Sự kiện bị huỷ: {title}', en: 'Event cancelled: {title}' },
    lead: {
      vi: 'Rất tiếc, ban tổ chức đã huỷ sự kiện này. Anh/chị không cần làm gì thêm.',
      en: 'We are sorry: the organisers have cancelled this event. You do not need to do anything.',
    },
  },
  reminder: {
    subject: { vi: 'Nhắc lịch: {title} bắt đầu lúc {start}', en: 'Reminder: {title} starts at {start}' },
    lead: {
      vi: 'Xin nhắc anh/chị lịch tham dự sắp tới. Vui lòng mang theo mã QR dưới đây.',
      en: 'A reminder of the event you are registered for. Please bring the QR code below.',
    },
  },
  link_resent: {
    subject: { vi: 'Đường dẫn quản lý đăng ký: {title}', en: 'Your registration link: {title}' },
    lead: {
      vi: 'Theo yêu cầu, chúng tôi gửi lại đường dẫn quản lý đăng ký của anh/chị. Nếu anh/chị không yêu cầu, hãy bỏ qua email này: đường dẫn chỉ được gửi tới địa chỉ này.',
      en: 'As asked, here is the link to your registration again. If you did not ask for it, ignore this email: the link went to this address only.',
    },
  },
  booth_changed: {
    subject: { vi: 'Thay đổi gian hàng: {title}', en: 'Your booths changed: {title}' },
    lead: {
      vi: 'Ban tổ chức đã thay đổi gian hàng của cơ sở anh/chị tại hội chợ. Gian hàng hiện tại ở dưới đây.',
      en: "The organisers have changed your facility's booths at the fair. Your booths as they stand are below.",
    },
  },
  reissued: {
    subject: { vi: 'Vé và đường dẫn mới: {title}', en: 'Your new ticket and link: {title}' },
    lead: {
      vi: 'Ban tổ chức đã cấp lại đăng ký này cho anh/chị. Vé và đường dẫn quản lý dưới đây là mới; vé và đường dẫn cũ không còn dùng được.',
      en: 'The organisers have issued this registration to you again. The ticket and manage link below are new; the old ones no longer work.',
    },
  },
  ticket_resent: {
    subject: { vi: 'Gửi lại vé: {title}', en: 'Your ticket again: {title}' },
    lead: {
      vi: 'Theo yêu cầu, ban tổ chức gửi lại vé và đường dẫn quản lý đăng ký của anh/chị. Vé vẫn là vé cũ; vui lòng xuất trình mã QR dưới đây (hoặc đọc mã vé) khi đến.',
      en: 'As asked, the organisers send your ticket and the link to your registration again. It is the same ticket; please show the QR code below (or read out the ticket code) when you arrive.',
    },
  },
  certificate_issued: {
    subject: { vi: 'Giấy chứng nhận hoàn thành: {title}', en: 'Your certificate of completion: {title}' },
    lead: {
      vi: 'Chúc mừng anh/chị đã hoàn thành khóa học. Giấy chứng nhận hoàn thành của anh/chị đã được cấp; mở đường dẫn dưới đây để xem và in (khổ A4 nằm ngang). Mã QR trên giấy dẫn đến trang kiểm tra công khai.',
      en: 'Congratulations on completing the course. Your certificate of completion has been issued; open the link below to view and print it (A4 landscape). The QR code on it leads to the public verification page.',
    },
  },
  event_message: {
    subject: { vi: '{title}', en: '{title}' },
    lead: { vi: 'Ban tổ chức gửi anh/chị thông tin sau.', en: 'The organisers send you the following.' },
  },
  feedback_request: {
    subject: { vi: 'Xin ý kiến của anh/chị: {title}', en: 'Tell us what you thought: {title}' },
    lead: {
      vi: 'Cảm ơn anh/chị đã tham dự. Xin dành hai phút cho biết ý kiến về nội dung, giảng viên và mức độ hữu ích của khóa học.',
      en: 'Thank you for taking part. Please take two minutes to tell us about the content, the trainer and how useful the course was.',
    },
  },
};

const LABELS = {
  greeting: { vi: 'Kính gửi', en: 'Dear' },
  sessions: { vi: 'Thời gian', en: 'When' },
  venue: { vi: 'Địa điểm', en: 'Where' },
  ticketCode: { vi: 'Mã vé', en: 'Ticket code' },
  qrAlt: { vi: 'Mã QR vé vào cửa', en: 'QR code of your ticket' },
  manage: { vi: 'Xem vé, tải lịch hoặc huỷ đăng ký', en: 'View your ticket, get the invite or cancel' },
  manageHint: {
    vi: 'Đường dẫn này là riêng của anh/chị, vui lòng không chia sẻ.',
    en: 'This link is yours alone; please do not share it.',
  },
  noManage: {
    vi: 'Dùng đường dẫn quản lý trong email xác nhận đầu tiên để xem hoặc huỷ đăng ký.',
    en: 'Use the manage link in your first email to view or cancel your registration.',
  },
  inviteRequest: {
    vi: 'Tệp lịch (invite.ics) đính kèm: mở để thêm vào lịch của anh/chị.',
    en: 'The calendar invite (invite.ics) is attached: open it to add the event to your calendar.',
  },
  inviteCancel: {
    vi: 'Tệp lịch đính kèm gỡ sự kiện khỏi lịch của anh/chị.',
    en: 'The attached calendar file removes the event from your calendar.',
  },
  session: { vi: 'Buổi', en: 'Session' },
  feedback: { vi: 'Trả lời khảo sát (2 phút)', en: 'Answer the survey (2 minutes)' },
  booths: { vi: 'Gian hàng', en: 'Booths' },
  noBooths: { vi: 'Hiện chưa có gian hàng nào được giao.', en: 'No booth is allocated at the moment.' },
  certificate: { vi: 'Giấy chứng nhận số', en: 'Certificate number' },
  certificateLink: { vi: 'Xem và in giấy chứng nhận', en: 'View and print your certificate' },
  footer: {
    vi: 'Email tự động của Khuyến công Events, vui lòng không trả lời.',
    en: 'An automatic email from Khuyến công Events; please do not reply.',
  },
} as const;

export function label(lang: Lang, key: keyof typeof LABELS): string {
  return LABELS[key][lang];
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

import type { MessageAudience } from '../db/schema.js';

/**
 * The organiser's text and what it may say: the placeholders filled per recipient when the mail
 * is rendered, and the ready texts an organiser starts from. Shared by the form's checks, its
 * preview and the dispatcher, so the three cannot disagree.
 */

/**
 * `{name}` the recipient, `{event}` the event's title, `{missed}` the sessions they missed (begun,
 * neither present nor excused) in Vietnamese and `{missed_en}` the same in English.
 */
export const PLACEHOLDERS = ['name', 'event', 'missed', 'missed_en'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

const PLACEHOLDER = /\{(\w+)\}/g;

/** Placeholders in `text` this app does not fill (a typo would reach people as written). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !known.has(name)))];
}

/** A ready text's part the organiser must replace ("[[đường dẫn tài liệu]]"). */
export const hasUnreplacedPart = (text: string) => /\[\[[^\]]*\]\]/.test(text);

export function fillMessage(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}

export interface ReadyText {
  key: 'thanks' | 'missed' | 'certificate';
  /** The audience it is written for, chosen with it. */
  audience: MessageAudience;
  label: { vi: string; en: string };
  subject: string;
  body: string;
}

/** Each says it in Vietnamese first, then English, so one text serves every recipient. */
export const READY_TEXTS: readonly ReadyText[] = [
  {
    key: 'thanks',
    audience: 'attended',
    label: { vi: 'Cảm ơn và gửi tài liệu', en: 'Thanks, with the materials' },
    subject: 'Cảm ơn anh/chị đã tham dự {event} / Thank you for attending',
    body: [
      'Cảm ơn anh/chị đã tham dự {event}. Tài liệu của khóa học: [[đường dẫn tài liệu]]',
      'Nếu có câu hỏi, anh/chị vui lòng liên hệ ban tổ chức.',
      '',
      'Thank you for attending {event}. The course materials: [[materials link]]',
      'If you have any questions, please contact the organisers.',
    ].join('\n'),
  },
  {
    key: 'missed',
    // Present at least once and missed a session: right during the course and after it.
    audience: 'missed_some',
    label: { vi: 'Tài liệu các buổi vắng mặt', en: 'Materials for the sessions missed' },
    subject: 'Tài liệu các buổi anh/chị chưa tham dự: {event} / Materials for the sessions you missed',
    body: [
      'Theo danh sách điểm danh của {event}, anh/chị chưa tham dự: {missed}.',
      'Tài liệu các buổi này: [[đường dẫn tài liệu]]',
      'Nếu cần được hướng dẫn thêm, anh/chị vui lòng liên hệ ban tổ chức.',
      '',
      'According to the attendance list of {event}, you missed: {missed_en}.',
      'The materials for these sessions: [[materials link]]',
      'If you need any help, please contact the organisers.',
    ].join('\n'),
  },
  {
    key: 'certificate',
    // Those holding a live certificate: completing is not enough (none issued yet, or revoked).
    audience: 'certified',
    label: { vi: 'Giấy chứng nhận đã sẵn sàng', en: 'Your certificate is ready' },
    subject: 'Giấy chứng nhận của anh/chị đã sẵn sàng: {event} / Your certificate is ready',
    body: [
      'Chúc mừng anh/chị đã hoàn thành {event}. Giấy chứng nhận của anh/chị đã sẵn sàng: mở trang đăng ký của anh/chị bằng nút bên dưới để xem và tải về.',
      '',
      'Congratulations on completing {event}. Your certificate is ready: open your registration page with the button below to view and download it.',
    ].join('\n'),
  },
];

export const readyText = (key: string | undefined) => READY_TEXTS.find((t) => t.key === key);

import { lookup } from '../shared/strings.js';
import type { Question } from './feedback.rules.js';

/** The survey's and the results' words, Vietnamese first. */
const STRINGS = {
  surveyTitle: { vi: 'Ý kiến của anh/chị về khóa học', en: 'Your feedback on the course' },
  surveyLead: {
    vi: 'Xin dành hai phút cho biết ý kiến. Chọn một mức cho mỗi câu: 1 là rất kém, 5 là rất tốt.',
    en: 'Please take two minutes. Choose one mark for each question: 1 is very poor, 5 is very good.',
  },
  comment: { vi: 'Góp ý thêm (không bắt buộc)', en: 'Anything else? (optional)' },
  commentHint: { vi: 'Tối đa 1000 ký tự.', en: 'At most 1000 characters.' },
  send: { vi: 'Gửi ý kiến', en: 'Send feedback' },
  thanksTitle: { vi: 'Cảm ơn anh/chị!', en: 'Thank you!' },
  thanks: {
    vi: 'Ý kiến của anh/chị đã được ghi nhận. Ban tổ chức sẽ dùng ý kiến này để các khóa sau tốt hơn.',
    en: 'Your feedback has been recorded. The organisers will use it to make the next courses better.',
  },
  yourAnswer: { vi: 'Anh/chị đã trả lời', en: 'Your answer' },
  backToRegistration: { vi: 'Về trang đăng ký của anh/chị', en: 'Back to your registration' },
  errorsTitle: { vi: 'Vui lòng kiểm tra lại:', en: 'Please check:' },
  chooseMark: { vi: 'Vui lòng chọn một mức từ 1 đến 5', en: 'Please choose a mark from 1 to 5' },
  commentTooLong: { vi: 'Góp ý dài quá: tối đa 1000 ký tự', en: 'Too long: at most 1000 characters' },
  'feedback.not_attended': {
    vi: 'Khảo sát chỉ dành cho người đã tham dự ít nhất một buổi của khóa học.',
    en: 'The survey is only for people who attended at least one session of the course.',
  },
  'feedback.not_open': {
    vi: 'Khảo sát mở khi buổi học đầu tiên anh/chị tham dự bắt đầu.',
    en: 'The survey opens when the first session you attended begins.',
  },
  'feedback.not_surveyed': { vi: 'Sự kiện này không có khảo sát ý kiến.', en: 'This event has no feedback survey.' },
  'feedback.already_given': { vi: 'Anh/chị đã gửi ý kiến cho khóa học này.', en: 'You have already sent your feedback.' },
  // The organisers' results
  resultsTitle: { vi: 'Ý kiến học viên', en: 'Participant feedback' },
  answers: { vi: 'Số ý kiến', en: 'Answers' },
  attended: { vi: 'Số người tham dự', en: 'Attended' },
  responseRate: { vi: 'Tỷ lệ trả lời', en: 'Response rate' },
  question: { vi: 'Câu hỏi', en: 'Question' },
  average: { vi: 'Điểm trung bình', en: 'Average' },
  distribution: { vi: 'Phân bố 1–5', en: 'Marks 1–5' },
  comments: { vi: 'Góp ý', en: 'Comments' },
  noAnswers: { vi: 'Chưa có ý kiến nào.', en: 'No answers yet.' },
  noComments: { vi: 'Chưa có góp ý nào.', en: 'No comments yet.' },
  notSurveyedEvent: {
    vi: 'Khảo sát ý kiến chỉ gửi cho lớp đào tạo và hội thảo sản xuất sạch hơn.',
    en: 'The feedback survey is sent for training classes and cleaner-production workshops only.',
  },
  mark: { vi: 'Mức', en: 'Mark' },
  people: { vi: 'người', en: 'people' },
  event: { vi: 'Sự kiện', en: 'Event' },
} as const;

export const fs = lookup(STRINGS);

/** What each mark means, under its number on the survey's buttons. */
export const MARK_WORDS: Record<1 | 2 | 3 | 4 | 5, { vi: string; en: string }> = {
  1: { vi: 'Rất kém', en: 'Very poor' },
  2: { vi: 'Kém', en: 'Poor' },
  3: { vi: 'Bình thường', en: 'Fair' },
  4: { vi: 'Tốt', en: 'Good' },
  5: { vi: 'Rất tốt', en: 'Very good' },
};

/** An average mark as people read it: "4,3" in Vietnamese, "4.3" in English. */
export function mean(n: number, lang: 'vi' | 'en'): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** Each question as the survey asks it and the results name it. */
export const QUESTION_TEXT: Record<Question, { vi: string; en: string; short: { vi: string; en: string } }> = {
  content: {
    vi: 'Nội dung khóa học',
    en: 'The course content',
    short: { vi: 'Nội dung', en: 'Content' },
  },
  trainer: {
    vi: 'Giảng viên, báo cáo viên',
    en: 'The trainer or speaker',
    short: { vi: 'Giảng viên', en: 'Trainer' },
  },
  usefulness: {
    vi: 'Mức độ hữu ích cho công việc của anh/chị',
    en: 'How useful it is for your work',
    short: { vi: 'Hữu ích', en: 'Usefulness' },
  },
};

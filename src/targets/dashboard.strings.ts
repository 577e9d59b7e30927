import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import type { Counted, GenderKey } from './dashboard.usecases.js';
import type { TargetProgress } from './targets.usecases.js';

/** Every word of the dashboard, the drill-downs and the reports, Vietnamese first. */
const STRINGS = {
  reach: {
    vi: 'Chỉ tính {n} sự kiện được giao cho tài khoản này, không phải toàn chương trình.',
    en: 'Counting only the {n} events this account is given, not the whole programme.',
  },
  dashboard: { vi: 'Tiến độ chỉ tiêu', en: 'Progress toward targets' },
  staffArea: { vi: 'Khu vực cán bộ', en: 'Staff area' },
  period: { vi: 'Thời gian thực hiện', en: 'Period' },
  elapsed: { vi: 'Thời gian đã qua', en: 'Time elapsed' },
  asOf: { vi: 'Số liệu tính đến', en: 'Figures as of' },
  legalBasis: { vi: 'Căn cứ', en: 'Legal basis' },
  download: { vi: 'Tải báo cáo', en: 'Download the report' },
  targets: { vi: 'Các chỉ tiêu', en: 'Targets' },
  target: { vi: 'Chỉ tiêu', en: 'Target' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  goal: { vi: 'Mục tiêu', en: 'Goal' },
  achieved: { vi: 'Đã đạt', en: 'Achieved' },
  percent: { vi: 'Tỷ lệ (%)', en: 'Share (%)' },
  distinctPeople: { vi: 'Số người (không tính trùng)', en: 'Distinct people' },
  feedback: { vi: 'Ý kiến học viên', en: 'Participant feedback' },
  feedbackAnswers: { vi: 'ý kiến', en: 'answers' },
  feedbackAnswerCount: { vi: 'Số ý kiến', en: 'Answers' },
  feedbackNone: { vi: 'chưa có ý kiến nào', en: 'no answers yet' },
  feedbackContent: { vi: 'Nội dung', en: 'Content' },
  feedbackTrainer: { vi: 'Giảng viên', en: 'Trainer' },
  feedbackUsefulness: { vi: 'Hữu ích', en: 'Usefulness' },
  feedbackAverage: { vi: 'điểm trung bình /5', en: 'average out of 5' },
  expectedByNow: { vi: 'Cần đạt theo thời gian', en: 'Expected by now' },
  byYear: { vi: 'Theo năm', en: 'By year' },
  year: { vi: 'Năm', en: 'Year' },
  allYears: { vi: 'Cả giai đoạn', en: 'Whole period' },
  barLegend: {
    vi: 'Thanh màu: phần mục tiêu đã đạt; vạch đứng: phần thời gian đã qua.',
    en: 'Coloured bar: share of the goal achieved; upright line: share of the time elapsed.',
  },
  learnersBreakdown: { vi: 'Học viên hoàn thành theo địa bàn và giới tính', en: 'Learners who completed, by district and gender' },
  breakdownNote: {
    vi: 'Cộng theo các chỉ tiêu đào tạo học viên: tổng bằng tổng số đã đạt của các chỉ tiêu đó (mỗi lượt hoàn thành một lớp).',
    en: 'Added up over the learner targets: the total equals their achieved numbers (one per completed enrolment).',
  },
  district: { vi: 'Địa bàn', en: 'District' },
  total: { vi: 'Tổng', en: 'Total' },
  events: { vi: 'Sự kiện', en: 'Events' },
  event: { vi: 'Sự kiện', en: 'Event' },
  kind: { vi: 'Loại', en: 'Kind' },
  endedOn: { vi: 'Kết thúc', en: 'Ended' },
  attendees: { vi: 'Có mặt', en: 'Attended' },
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  facilities: { vi: 'Cơ sở', en: 'Facilities' },
  counts: { vi: 'Tính vào chỉ tiêu', en: 'Counts toward the target' },
  people: { vi: 'Người học hoàn thành', en: 'Learners who completed' },
  name: { vi: 'Họ tên', en: 'Name' },
  gender: { vi: 'Giới tính', en: 'Gender' },
  sessionsAttended: { vi: 'Số buổi có mặt', en: 'Sessions attended' },
  noEvents: { vi: 'Chưa có sự kiện nào.', en: 'No events yet.' },
  noPeople: { vi: 'Chưa có ai.', en: 'Nobody yet.' },
  truncated: {
    vi: 'Chỉ hiện 2.000 người đầu tiên; tải báo cáo CSV hoặc XLSX để xem đủ danh sách.',
    en: 'Only the first 2,000 people are shown; download the CSV or XLSX report for the whole list.',
  },
  filteredBy: { vi: 'Đang lọc', en: 'Filtered by' },
  clearFilter: { vi: 'Bỏ lọc', en: 'Clear the filter' },
  unknown: { vi: 'Không rõ', en: 'Not given' },
  allLearnerTargets: { vi: 'Học viên của mọi chỉ tiêu đào tạo', en: 'Learners of every learner target' },
  minAttendeesRule: { vi: 'Một sự kiện được tính khi đã kết thúc và có ít nhất', en: 'An event counts once it has ended with at least' },
  attendeesWord: { vi: 'người có mặt', en: 'people checked in' },
  completionRule: {
    vi: 'Một học viên hoàn thành khi có mặt ít nhất theo tỷ lệ số buổi của lớp (mặc định 80%).',
    en: "A learner completes by attending at least the class's share of its sessions (80% unless set).",
  },
  chartTitle: { vi: 'Kết quả theo năm', en: 'Results by year' },
  noLearnerTargets: { vi: 'Chương trình chưa có chỉ tiêu đào tạo học viên.', en: 'The programme has no learner targets.' },
} as const;

export type DashboardKey = keyof typeof STRINGS;

export const d: (lang: Lang, key: DashboardKey) => string = lookup(STRINGS);

export const PACE_LABELS: Record<TargetProgress['pace'], { vi: string; en: string }> = {
  ahead: { vi: 'Vượt tiến độ', en: 'Ahead of schedule' },
  on_track: { vi: 'Đúng tiến độ', en: 'On schedule' },
  behind: { vi: 'Chậm tiến độ', en: 'Behind schedule' },
};

export const GENDER_LABELS: Record<GenderKey, { vi: string; en: string }> = {
  female: { vi: 'Nữ', en: 'Women' },
  male: { vi: 'Nam', en: 'Men' },
  other: { vi: 'Khác', en: 'Other' },
  unknown: { vi: 'Không rõ', en: 'Not given' },
};

export const COUNTED_LABELS: Record<Counted, { vi: string; en: string }> = {
  counted: { vi: 'Có', en: 'Yes' },
  not_ended: { vi: 'Chưa — chưa kết thúc', en: 'No — not over yet' },
  too_few: { vi: 'Chưa — chưa đủ số người có mặt', en: 'No — too few attended' },
  none_completed: { vi: 'Không — chưa ai hoàn thành', en: 'No — nobody completed' },
  no_facility: { vi: 'Không — không có cơ sở nào tham gia', en: 'No — no facility took part' },
};

/** A number the way people read it: 1.234 in Vietnamese, 1,234 in English. */
export function num(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
}

/** A share 0..1 as a percentage, one decimal at most. */
export function pct(share: number, lang: Lang): string {
  return `${num(Math.round(share * 1000) / 10, lang)}%`;
}

/** "31/12/2025" / "31 Dec 2025" from a calendar day "YYYY-MM-DD". */
export function day(iso: string, lang: Lang): string {
  const [y, m, dd] = iso.split('-');
  if (lang === 'vi') return `${dd}/${m}/${y}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(dd)} ${months[Number(m) - 1]} ${y}`;
}

/** The line pages and reports carry when the numbers are a reader's own events only. */
export function reachNote(lang: Lang, events: number): string {
  return d(lang, 'reach').replace('{n}', String(events));
}

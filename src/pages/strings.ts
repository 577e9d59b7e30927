import type { Role } from '../db/schema.js';
import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';

/** The words every page shares (the layout, the catalogue, sign-in, forms), Vietnamese first. */
const STRINGS = {
  siteName: { vi: 'Khuyến công Events', en: 'Khuyến công Events' },
  tagline: {
    vi: 'Đăng ký hội chợ, lớp đào tạo, hội thảo và đoàn tham quan của chương trình khuyến công',
    en: 'Register for the industrial-extension programme’s fairs, classes, workshops and study tours',
  },
  catalogue: { vi: 'Sự kiện sắp diễn ra', en: 'Upcoming events' },
  filterKind: { vi: 'Loại sự kiện', en: 'Kind of event' },
  filterMonth: { vi: 'Tháng', en: 'Month' },
  allKinds: { vi: 'Tất cả', en: 'All' },
  filter: { vi: 'Lọc', en: 'Filter' },
  clearFilter: { vi: 'Bỏ lọc', en: 'Clear' },
  noEvents: { vi: 'Chưa có sự kiện nào phù hợp.', en: 'No events match.' },
  seatsLeft: { vi: 'Còn chỗ', en: 'Seats left' },
  full: { vi: 'Đã đủ chỗ — đăng ký vào danh sách chờ', en: 'Full — join the waiting list' },
  sessions: { vi: 'Các buổi', en: 'Sessions' },
  session: { vi: 'Buổi', en: 'Session' },
  venue: { vi: 'Địa điểm', en: 'Venue' },
  capacity: { vi: 'Số chỗ', en: 'Capacity' },
  registration: { vi: 'Đăng ký', en: 'Registration' },
  registrationOpen: { vi: 'Đang mở đăng ký', en: 'Registration open' },
  registrationClosed: { vi: 'Đã đóng đăng ký', en: 'Registration closed' },
  registrationNotYet: { vi: 'Mở đăng ký lúc', en: 'Registration opens at' },
  registrationCloses: { vi: 'Hạn đăng ký', en: 'Registration closes' },
  needsApproval: { vi: 'Đăng ký cần được ban tổ chức duyệt', en: 'Registrations are approved by the organisers' },
  cancelledEvent: { vi: 'Sự kiện đã bị huỷ', en: 'This event has been cancelled' },
  backToList: { vi: '← Danh sách sự kiện', en: '← All events' },
  details: { vi: 'Xem chi tiết', en: 'Details' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  email: { vi: 'Email', en: 'Email' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  staffArea: { vi: 'Khu vực cán bộ', en: 'Staff area' },
  signedInAs: { vi: 'Đang đăng nhập:', en: 'Signed in as' },
  time: { vi: 'Thời gian', en: 'Time' },
  topic: { vi: 'Chủ đề', en: 'Topic' },
  scope: { vi: 'Cấp', en: 'Scope' },
  error: { vi: 'Có lỗi', en: 'Error' },
  home: { vi: 'Về trang chủ', en: 'Home' },
  otherLanguage: { vi: 'English', en: 'Tiếng Việt' },
  events: { vi: 'Sự kiện', en: 'Events' },
  status: { vi: 'Trạng thái', en: 'Status' },
  programmes: { vi: 'Chương trình', en: 'Programmes' },
  goal: { vi: 'Mục tiêu', en: 'Goal' },
  // Forms and calls to register, wherever they appear.
  register: { vi: 'Đăng ký', en: 'Register' },
  joinWaitlist: { vi: 'Vào danh sách chờ', en: 'Join the waiting list' },
  optional: { vi: '(không bắt buộc)', en: '(optional)' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  errorSummary: { vi: 'Vui lòng sửa các mục sau', en: 'Please correct the following' },
  errorPrefix: { vi: 'Lỗi:', en: 'Error:' },
} as const;

export type StringKey = keyof typeof STRINGS;

export const t: (lang: Lang, key: StringKey) => string = lookup(STRINGS);

export const KIND_LABELS = {
  fair: { vi: 'Hội chợ triển lãm', en: 'Trade fair' },
  training_class: { vi: 'Lớp đào tạo, tập huấn', en: 'Training class' },
  cp_workshop: { vi: 'Hội thảo sản xuất sạch hơn', en: 'Cleaner-production workshop' },
  conference: { vi: 'Hội nghị, hội thảo công nghệ', en: 'Technology conference' },
  study_tour: { vi: 'Đoàn tham quan, học tập', en: 'Study tour' },
} as const;

export const STATUS_LABELS = {
  draft: { vi: 'Bản nháp', en: 'Draft' },
  published: { vi: 'Đã công bố', en: 'Published' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
  completed: { vi: 'Đã kết thúc', en: 'Completed' },
} as const;

export const SCOPE_LABELS = {
  district: { vi: 'Cấp huyện', en: 'District' },
  city: { vi: 'Cấp thành phố', en: 'City' },
  regional: { vi: 'Cấp vùng', en: 'Regional' },
  national: { vi: 'Cấp quốc gia', en: 'National' },
} as const;

const TOPIC_LABELS: Record<string, { vi: string; en: string }> = {
  startup: { vi: 'Khởi sự kinh doanh', en: 'Starting a business' },
  business_management: { vi: 'Quản trị doanh nghiệp', en: 'Business management' },
  cleaner_production: { vi: 'Sản xuất sạch hơn', en: 'Cleaner production' },
  policy: { vi: 'Chính sách ưu đãi', en: 'Incentive policies' },
  advanced_skills: { vi: 'Nâng cao tay nghề', en: 'Advanced skills' },
  cp_trainers: { vi: 'Giảng viên sản xuất sạch hơn', en: 'Cleaner-production trainers' },
  extension_staff: { vi: 'Cán bộ khuyến công', en: 'Extension staff' },
  technology: { vi: 'Công nghệ, thiết bị', en: 'Technology and machinery' },
  review: { vi: 'Tổng kết, sơ kết', en: 'Programme review' },
  fair_hosted: { vi: 'Hội chợ do chương trình tổ chức', en: 'Fair organised by the programme' },
  fair_city_booth: { vi: 'Gian hàng của thành phố', en: "The city's booth" },
};

export function topicLabel(topic: string, lang: Lang): string {
  return TOPIC_LABELS[topic]?.[lang] ?? topic;
}

/** The known topics, for a select. */
export function topicLabels(lang: Lang): { value: string; label: string }[] {
  return Object.entries(TOPIC_LABELS).map(([value, label]) => ({ value, label: label[lang] }));
}

/** Roles as the back office names them. */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'quản trị', en: 'admin' },
  organiser: { vi: 'cán bộ tổ chức', en: 'organiser' },
  scanner: { vi: 'soát vé', en: 'door staff' },
  programme_manager: { vi: 'quản lý chương trình', en: 'programme manager' },
};

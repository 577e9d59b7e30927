import type { RegistrationStatus } from '../db/schema.js';
import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import { CONSENT_VERSION } from './registrations.schemas.js';

/** The words of the registration form, the manage page and the registration API's messages, Vietnamese first. */
const STRINGS = {
  registerFor: { vi: 'Đăng ký tham gia', en: 'Register for' },
  fullNotice: {
    vi: 'Sự kiện đã đủ chỗ: bạn sẽ được xếp vào danh sách chờ và được báo khi có chỗ.',
    en: 'This event is full: you will join the waiting list and hear from us when a seat frees up.',
  },
  approvalNotice: {
    vi: 'Đăng ký sẽ được ban tổ chức xem xét và duyệt.',
    en: 'The organisers review and approve each registration.',
  },
  yes: { vi: 'Có', en: 'Yes' },
  feedbackOffer: { vi: 'Cho ý kiến về khóa học', en: 'Give feedback on the course' },
  feedbackOfferHint: {
    vi: 'Cảm ơn anh/chị đã tham dự. Xin dành hai phút cho biết ý kiến.',
    en: 'Thank you for taking part. Please take two minutes to tell us what you thought.',
  },
  no: { vi: 'Không', en: 'No' },
  submit: { vi: 'Gửi đăng ký', en: 'Send registration' },
  required: { vi: 'Vui lòng điền mục này', en: 'Please fill this in' },
  requiredChoice: { vi: 'Vui lòng chọn một mục', en: 'Please choose one' },
  // Person
  person: { vi: 'Thông tin người đăng ký', en: 'Your details' },
  contactPerson: { vi: 'Người liên hệ', en: 'Contact person' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  phoneHint: { vi: 'Ví dụ: 0912 345 678', en: 'For example 0912 345 678' },
  email: { vi: 'Email', en: 'Email' },
  emailHint: {
    vi: 'Vé và đường liên kết quản lý đăng ký được gửi tới email này.',
    en: 'The ticket and the link to manage your registration go to this address.',
  },
  gender: { vi: 'Giới tính', en: 'Gender' },
  female: { vi: 'Nữ', en: 'Female' },
  male: { vi: 'Nam', en: 'Male' },
  otherGender: { vi: 'Khác', en: 'Other' },
  birthYear: { vi: 'Năm sinh', en: 'Year of birth' },
  district: { vi: 'Quận/huyện', en: 'District' },
  commune: { vi: 'Phường/xã', en: 'Commune or ward' },
  position: { vi: 'Chức vụ, nghề nghiệp', en: 'Position or occupation' },
  idNumber: { vi: 'Số CCCD/CMND', en: 'ID card number' },
  idNumberHint: { vi: 'CCCD 12 số hoặc CMND 9 số', en: 'Citizen ID: 12 digits, or old ID card: 9 digits' },
  // Facility and booth
  facility: { vi: 'Cơ sở công nghiệp nông thôn', en: 'Facility' },
  facilityName: { vi: 'Tên cơ sở', en: 'Facility name' },
  ownFacility: { vi: 'Cơ sở / đơn vị công tác (nếu có)', en: 'Your facility or organisation (if any)' },
  ownFacilityName: { vi: 'Tên cơ sở / đơn vị', en: 'Facility or organisation' },
  ownFacilityHint: {
    vi: 'Cơ sở công nghiệp nông thôn, doanh nghiệp hay cơ quan anh/chị đang làm việc; bỏ trống nếu không có.',
    en: 'The rural industrial facility, company or office you work for; leave empty if none.',
  },
  ownFacilityDistrictHint: {
    vi: 'Cần khi có tên cơ sở; bỏ trống nếu cùng quận/huyện nơi anh/chị ở (đã điền ở trên).',
    en: 'Needed with a facility name; leave empty if it is the district you gave above.',
  },
  taxCode: { vi: 'Mã số thuế', en: 'Tax code' },
  taxCodeHint: { vi: '10 số, hoặc 10 số-3 số với chi nhánh', en: '10 digits, or 10-3 digits for a branch' },
  facilityDistrict: { vi: 'Quận/huyện của cơ sở', en: 'District of the facility' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  sector: { vi: 'Ngành nghề', en: 'Sector' },
  representative: { vi: 'Người đại diện', en: 'Representative' },
  products: { vi: 'Sản phẩm chính', en: 'Main products' },
  booth: { vi: 'Yêu cầu gian hàng', en: 'Booth request' },
  boothType: { vi: 'Loại gian hàng', en: 'Type of booth' },
  standard: { vi: 'Gian tiêu chuẩn', en: 'Standard' },
  corner: { vi: 'Gian góc', en: 'Corner' },
  outdoor: { vi: 'Gian ngoài trời', en: 'Outdoor' },
  boothSize: { vi: 'Kích thước', en: 'Size' },
  boothCount: { vi: 'Số gian', en: 'Number of booths' },
  booths: { vi: 'gian', en: 'booth(s)' },
  boothProducts: { vi: 'Sản phẩm trưng bày', en: 'Products to show' },
  boothsAllocated: { vi: 'Gian hàng được giao', en: 'Your booths' },
  boothZone: { vi: 'khu', en: 'zone' },
  questions: { vi: 'Câu hỏi của ban tổ chức', en: 'Questions from the organisers' },
  // Consent
  consent: { vi: 'Đồng ý về dữ liệu cá nhân', en: 'Consent to use your personal data' },
  consentProcessing: { vi: 'Tôi đồng ý với nội dung trên', en: 'I agree to the above' },
  consentNews: {
    vi: 'Tôi muốn nhận tin về các sự kiện khuyến công khác',
    en: 'I would like news of other industrial-extension events',
  },
  consentVersion: { vi: 'Phiên bản nội dung đồng ý', en: 'Consent text version' },
  // After registering
  alreadyTitle: { vi: 'Bạn đã đăng ký sự kiện này', en: 'You have already registered' },
  alreadyBody: {
    vi: 'Số điện thoại hoặc email này đã có đăng ký cho sự kiện, nên không có đăng ký mới nào được tạo.',
    en: 'This phone number or email already has a registration for the event, so no new one was made.',
  },
  alreadyLink: {
    vi: 'Đường liên kết quản lý đăng ký đã được gửi cho bạn khi đăng ký lần đầu. Nếu không còn giữ, chúng tôi có thể gửi lại tới email đã ghi khi đăng ký.',
    en: 'The link to manage your registration was sent to you when you first registered. If you no longer have it, we can send it again to the email given when registering.',
  },
  resendButton: { vi: 'Gửi lại đường liên kết cho tôi', en: 'Send me the link again' },
  resentTitle: { vi: 'Yêu cầu gửi lại đã được ghi nhận', en: 'Your request is noted' },
  resentBody: {
    vi: 'Nếu đăng ký có email, đường liên kết quản lý vừa được gửi tới địa chỉ email đã ghi khi đăng ký (không phải địa chỉ vừa nhập, nếu khác). Vui lòng kiểm tra hộp thư, cả thư rác.',
    en: 'If the registration has an email, its manage link has just been sent to the address given when registering (not one typed now, if different). Please check your inbox, and the spam folder.',
  },
  notYours: {
    vi: 'Không nhận được thư, đăng ký không có email, hoặc bạn nghĩ người khác đã đăng ký bằng số điện thoại của bạn? Hãy liên hệ ban tổ chức: họ có thể kiểm tra và cấp lại đăng ký cho đúng người, vé cũ sẽ hết hiệu lực.',
    en: 'No email came, the registration has no email, or you think someone else registered with your phone number? Contact the organisers: they can check and hand the registration to you; the old ticket then stops working.',
  },
  yourRegistration: { vi: 'Đăng ký của bạn', en: 'Your registration' },
  event: { vi: 'Sự kiện', en: 'Event' },
  name: { vi: 'Họ tên', en: 'Name' },
  shortCode: { vi: 'Mã vé', en: 'Ticket code' },
  shortCodeHint: {
    vi: 'Đọc mã này cho người soát vé nếu không quét được mã QR.',
    en: 'Read this code to the door staff if the QR code cannot be scanned.',
  },
  qrAlt: { vi: 'Mã QR của vé', en: 'QR code of the ticket' },
  downloadTicket: { vi: 'Tải vé (ảnh PNG)', en: 'Download the ticket (PNG image)' },
  certificate: { vi: 'Giấy chứng nhận', en: 'Certificate' },
  certificateHint: {
    vi: 'Anh/chị đã hoàn thành khóa học. Xem và in giấy chứng nhận số',
    en: 'You completed the course. View and print certificate',
  },
  keepLink: { vi: 'Lưu lại đường liên kết này', en: 'Keep this link' },
  keepLinkHint: {
    vi: 'Đây là đường liên kết riêng để xem vé, huỷ đăng ký hoặc xoá dữ liệu. Không chia sẻ cho người khác.',
    en: 'This private link shows your ticket and lets you cancel or delete your data. Do not share it.',
  },
  confirmedHint: {
    vi: 'Bạn đã có chỗ. Hãy mang mã QR hoặc mã vé khi đến.',
    en: 'Your seat is confirmed. Bring the QR code or the ticket code.',
  },
  pendingHint: {
    vi: 'Ban tổ chức sẽ xem xét và báo kết quả cho bạn. Mã vé có hiệu lực khi được duyệt.',
    en: 'The organisers will review your registration and let you know. The ticket is valid once approved.',
  },
  waitlistHint: { vi: 'Bạn sẽ được báo khi có chỗ.', en: 'We will tell you when a seat frees up.' },
  newsConsent: { vi: 'Nhận tin về sự kiện khác', en: 'News of other events' },
  newsYes: { vi: 'Đang nhận', en: 'Subscribed' },
  newsNo: { vi: 'Không nhận', en: 'Not subscribed' },
  withdrawNews: { vi: 'Ngừng nhận tin', en: 'Stop the news' },
  cancel: { vi: 'Huỷ đăng ký', en: 'Cancel registration' },
  cancelQuestion: { vi: 'Bạn chắc chắn muốn huỷ đăng ký?', en: 'Do you really want to cancel your registration?' },
  cancelWarning: {
    vi: 'Chỗ của bạn sẽ được chuyển cho người đang chờ. Không thể hoàn tác.',
    en: 'Your seat will go to the next person waiting. This cannot be undone.',
  },
  cancelYes: { vi: 'Có, huỷ đăng ký', en: 'Yes, cancel it' },
  erase: { vi: 'Xoá dữ liệu cá nhân', en: 'Delete my personal data' },
  eraseQuestion: { vi: 'Bạn chắc chắn muốn xoá dữ liệu cá nhân?', en: 'Do you really want to delete your personal data?' },
  eraseWarning: {
    vi: 'Họ tên, số điện thoại, email và câu trả lời của bạn sẽ bị xoá; đăng ký còn hiệu lực sẽ bị huỷ. Không thể hoàn tác.',
    en: 'Your name, phone, email and answers will be deleted, and a live registration cancelled. This cannot be undone.',
  },
  eraseYes: { vi: 'Có, xoá dữ liệu', en: 'Yes, delete my data' },
  goBack: { vi: 'Không, quay lại', en: 'No, go back' },
  erased: { vi: 'Dữ liệu cá nhân của đăng ký này đã được xoá.', en: 'The personal data of this registration has been deleted.' },
  doneCancelled: { vi: 'Đã huỷ đăng ký.', en: 'Your registration has been cancelled.' },
  doneNews: { vi: 'Bạn sẽ không nhận tin về sự kiện khác nữa.', en: 'You will no longer receive news of other events.' },
  doneErased: { vi: 'Đã xoá dữ liệu cá nhân.', en: 'Your personal data has been deleted.' },
} as const;

export type RegistrationStringKey = keyof typeof STRINGS;

export const rt: (lang: Lang, key: RegistrationStringKey) => string = lookup(STRINGS);

/**
 * The text a registrant agrees to. Keyed by the version stored with each consent, so changing
 * CONSENT_VERSION without writing its text here does not compile.
 */
const CONSENT_TEXT: Record<typeof CONSENT_VERSION, { vi: string; en: string }> = {
  '2026-11-v1': {
    vi:
      'Tôi đồng ý để ban tổ chức sự kiện thu thập và xử lý các thông tin cá nhân khai trong biểu mẫu này ' +
      '(họ tên, số điện thoại, email, giới tính, năm sinh, nơi ở, chức vụ, thông tin cơ sở, câu trả lời) ' +
      'để đăng ký, gửi vé, điểm danh, liên hệ về sự kiện và báo cáo kết quả chương trình khuyến công. ' +
      'Tôi có thể rút lại sự đồng ý và yêu cầu xoá dữ liệu bất cứ lúc nào qua đường liên kết quản lý đăng ký.',
    en:
      'I agree that the organisers of this event collect and process the personal data given in this form ' +
      '(name, phone, email, gender, year of birth, place of residence, position, facility details, answers) ' +
      'to register me, send the ticket, check me in, contact me about the event and report on the ' +
      'industrial-extension programme. I can withdraw consent and ask for my data to be deleted at any time through ' +
      'the link to manage my registration.',
  },
};

export function consentText(lang: Lang): string {
  return CONSENT_TEXT[CONSENT_VERSION][lang];
}

export function statusLabel(status: RegistrationStatus, lang: Lang, waitlistPosition: number | null): string {
  switch (status) {
    case 'confirmed':
      return lang === 'vi' ? 'Đã xác nhận' : 'Confirmed';
    case 'waitlisted': {
      const at = waitlistPosition === null ? '' : lang === 'vi' ? ` (vị trí ${waitlistPosition})` : ` (position ${waitlistPosition})`;
      return (lang === 'vi' ? 'Trong danh sách chờ' : 'On the waiting list') + at;
    }
    case 'pending':
      return lang === 'vi' ? 'Chờ duyệt' : 'Awaiting approval';
    case 'cancelled':
      return lang === 'vi' ? 'Đã huỷ' : 'Cancelled';
    case 'rejected':
      return lang === 'vi' ? 'Bị từ chối' : 'Rejected';
  }
}

/** A booth request's type in words (a type the form does not offer is shown as stored). */
export function boothTypeLabel(type: string, lang: Lang): string {
  return type === 'standard' || type === 'corner' || type === 'outdoor' ? rt(lang, type) : type;
}

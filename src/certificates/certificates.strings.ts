import { lookup } from '../shared/strings.js';

const STRINGS = {
  heading: { vi: 'Giấy chứng nhận', en: 'Certificates' },
  certificateTitle: { vi: 'GIẤY CHỨNG NHẬN', en: 'CERTIFICATE OF COMPLETION' },
  certificateSub: { vi: 'Hoàn thành khóa học', en: 'Certificate of completion' },
  certifies: { vi: 'Chứng nhận ông/bà', en: 'This is to certify that' },
  completed: { vi: 'đã hoàn thành', en: 'has completed' },
  held: { vi: 'Thời gian', en: 'Held' },
  issuer: { vi: 'Đơn vị cấp', en: 'Issued by' },
  number: { vi: 'Số', en: 'No.' },
  issuedOn: { vi: 'Ngày cấp', en: 'Issued on' },
  verifyAt: { vi: 'Kiểm tra tại', en: 'Verify at' },
  qrAlt: { vi: 'Mã QR để kiểm tra giấy chứng nhận', en: 'QR code to verify this certificate' },
  printHint: {
    vi: 'In bằng lệnh In của trình duyệt (Ctrl+P): khổ A4 nằm ngang, hoặc tải tệp PDF.',
    en: 'Print with the browser’s Print command (Ctrl+P): A4 landscape, or download the PDF file.',
  },
  back: { vi: 'Quay lại', en: 'Back' },
  downloadPdf: { vi: 'Tải PDF', en: 'Download PDF' },
  revokedStamp: { vi: 'ĐÃ THU HỒI', en: 'Revoked' },
  revokedNote: {
    vi: 'Giấy chứng nhận này đã bị thu hồi và không còn giá trị.',
    en: 'This certificate has been revoked and is no longer valid.',
  },
  verifyHeading: { vi: 'Kiểm tra giấy chứng nhận', en: 'Verify a certificate' },
  validNote: { vi: 'Giấy chứng nhận hợp lệ, do hệ thống cấp.', en: 'A valid certificate issued by this system.' },
  name: { vi: 'Họ và tên', en: 'Name' },
  nameWithheld: { vi: 'Đã xoá theo yêu cầu của người học', en: 'withheld at the learner’s request' },
  course: { vi: 'Khóa học', en: 'Course' },
  notFoundHeading: { vi: 'Không tìm thấy giấy chứng nhận', en: 'Certificate not found' },
  notFoundBody: {
    vi: 'Không có giấy chứng nhận nào mang số này. Kiểm tra lại số trên giấy, hoặc liên hệ đơn vị cấp.',
    en: 'No certificate has this number. Check the number on the paper, or ask the issuer.',
  },
  // The organiser's page
  issueHeading: { vi: 'Cấp giấy chứng nhận', en: 'Issue certificates' },
  dueCount: { vi: 'Số học viên sẽ được cấp', en: 'Learners who will get one' },
  issueButton: { vi: 'Cấp giấy chứng nhận', en: 'Issue certificates' },
  issueHint: {
    vi: 'Cấp cho mọi học viên đã hoàn thành (theo tỷ lệ buổi của sự kiện) và chưa có giấy còn hiệu lực; học viên có email nhận thư kèm đường dẫn.',
    en: 'Issued to every learner who completed (by the event’s completion share) and holds no valid one; those with email are sent the link.',
  },
  tooEarly: { vi: 'Giấy chứng nhận được cấp sau khi buổi cuối kết thúc', en: 'Certificates are issued once the last session has ended' },
  notTraining: {
    vi: 'Chỉ lớp đào tạo và hội thảo sản xuất sạch hơn mới cấp giấy chứng nhận.',
    en: 'Only training classes and cleaner-production workshops give certificates.',
  },
  eventCancelled: { vi: 'Sự kiện đã huỷ, không cấp giấy chứng nhận.', en: 'The event was cancelled: no certificates.' },
  automaticOn: {
    vi: 'Sự kiện này tự động cấp giấy chứng nhận sau buổi cuối.',
    en: 'This event issues certificates automatically after the last session.',
  },
  issuedDone: { vi: 'Đã cấp giấy chứng nhận', en: 'Certificates issued' },
  revokedDone: { vi: 'Đã thu hồi giấy chứng nhận', en: 'Certificate revoked' },
  listHeading: { vi: 'Giấy chứng nhận đã cấp', en: 'Certificates issued' },
  none: { vi: 'Chưa cấp giấy chứng nhận nào.', en: 'No certificates issued yet.' },
  issued: { vi: 'Ngày cấp', en: 'Issued' },
  status: { vi: 'Trạng thái', en: 'Status' },
  valid: { vi: 'Còn hiệu lực', en: 'Valid' },
  revokedLabel: { vi: 'Đã thu hồi', en: 'Revoked' },
  reason: { vi: 'Lý do thu hồi', en: 'Reason for revoking' },
  revokeButton: { vi: 'Thu hồi', en: 'Revoke' },
  revokeHint: {
    vi: 'Giấy đã thu hồi có thể cấp lại bằng nút “Cấp giấy chứng nhận”: số mới, họ tên như hiện tại (sửa họ tên trước nếu sai).',
    en: 'A revoked certificate can be issued again with “Issue certificates”: a new number, the name as it is now (correct it first if misspelt).',
  },
  view: { vi: 'Xem, in', en: 'View, print' },
  registrations: { vi: 'Danh sách đăng ký', en: 'Registrations' },
} as const;

export const cs = lookup(STRINGS);

/** In place of the name of a learner who had their personal data erased, in both languages. */
export const NAME_WITHHELD = `${cs('vi', 'nameWithheld')} / ${cs('en', 'nameWithheld')}`;

import type { ErrorCode } from '../shared/errors.js';

/** Status and the words a person reads for each error code: Vietnamese first, English second. */
export const ERRORS: Record<
  ErrorCode,
  { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503; vi: string; en: string }
> = {
  'request.malformed_json': { status: 400, vi: 'Nội dung JSON không đọc được', en: 'The JSON body could not be parsed' },
  'request.malformed_form': {
    status: 400,
    vi: 'Không đọc được biểu mẫu gửi lên, vui lòng mở lại trang và gửi lại',
    en: 'The form could not be read; please open the page again and resend it',
  },
  'request.unsupported_media_type': {
    status: 415,
    vi: 'API chỉ nhận Content-Type: application/json',
    en: 'The API accepts only Content-Type: application/json',
  },
  'request.too_large': { status: 413, vi: 'Nội dung gửi lên quá lớn', en: 'The request body is too large' },
  'request.cross_origin': {
    status: 403,
    vi: 'Yêu cầu được gửi từ một trang khác nên bị từ chối',
    en: 'The request came from another site and was refused',
  },
  'route.not_found': { status: 404, vi: 'Không tìm thấy địa chỉ này', en: 'No such address' },
  'validation.failed': { status: 422, vi: 'Dữ liệu gửi lên chưa hợp lệ', en: 'Some fields are not valid' },
  'auth.unauthenticated': { status: 401, vi: 'Cần đăng nhập', en: 'Sign-in required' },
  'auth.invalid_credentials': { status: 401, vi: 'Email hoặc mật khẩu không đúng', en: 'Wrong email or password' },
  'auth.throttled': {
    status: 429,
    vi: 'Đăng nhập sai quá nhiều lần từ nơi này, vui lòng thử lại sau ít phút (tối đa 15 phút)',
    en: 'Too many failed sign-ins from here, try again in a few minutes (15 at most)',
  },
  'auth.forbidden': { status: 403, vi: 'Tài khoản không có quyền làm việc này', en: 'This account may not do that' },
  'event.not_found': { status: 404, vi: 'Không tìm thấy sự kiện', en: 'Event not found' },
  'event.invalid_transition': {
    status: 409,
    vi: 'Trạng thái hiện tại của sự kiện không cho phép thao tác này',
    en: "The event's current status does not allow this",
  },
  'session.not_found': { status: 404, vi: 'Sự kiện không có buổi này', en: 'No such session in this event' },
  'attendance.session_not_open': {
    status: 409,
    vi: 'Buổi này chưa mở cửa: chỉ ghi có mặt từ giờ soát vé; vắng có phép thì ghi được trước',
    en: 'This session has not opened: presence is recorded from its check-in time; an excused absence may be noted ahead',
  },
  'conflict.not_found': { status: 404, vi: 'Sự kiện không có lượt quét cần xem lại này', en: 'This event has no such scan to review' },
  'attendance.already_present': {
    status: 409,
    vi: 'Người này đã có mặt ở buổi này; bỏ đánh dấu trước nếu ghi nhầm',
    en: 'This person is already present at this session; clear the mark first if it was a mistake',
  },
  'checkin.nonce_reused': {
    status: 409,
    vi: 'Mã lượt quét (deviceId + nonce) này đã được dùng cho một lượt quét của thiết bị khác hoặc sự kiện khác; hãy quét lại với nonce mới',
    en: 'This scan id (deviceId + nonce) was already used by another device or for another event; scan again with a new nonce',
  },
  'programme.not_found': { status: 404, vi: 'Không tìm thấy chương trình', en: 'Programme not found' },
  'programme.exists': {
    status: 409,
    vi: 'Đã có chương trình với mã này; sửa chỉ tiêu bằng PATCH hoặc tệp CSV',
    en: 'A programme with this code exists; change its targets with PATCH or a CSV file',
  },
  'target.not_found': { status: 404, vi: 'Không tìm thấy chỉ tiêu', en: 'Target not found' },
  'token.not_found': { status: 404, vi: 'Không tìm thấy mã truy cập', en: 'Token not found' },
  'user.not_found': { status: 404, vi: 'Không tìm thấy tài khoản', en: 'Account not found' },
  'registration.not_found': { status: 404, vi: 'Không tìm thấy đăng ký', en: 'Registration not found' },
  'facility.not_found': { status: 404, vi: 'Không tìm thấy cơ sở', en: 'Facility not found' },
  'facility.merge_conflict': {
    status: 409,
    vi: 'Không gộp được: cả hai cơ sở đều có đăng ký gian hàng còn hiệu lực ở cùng hội chợ; chưa có gì thay đổi',
    en: 'Cannot merge: both facilities hold a live booth request for the same fair; nothing has changed',
  },
  'selection_round.not_found': { status: 404, vi: 'Không tìm thấy kỳ bình chọn', en: 'Selection round not found' },
  'selection_entry.not_found': { status: 404, vi: 'Không tìm thấy sản phẩm dự bình chọn', en: 'Product entry not found' },
  'registration.not_open_yet': { status: 409, vi: 'Sự kiện chưa mở đăng ký', en: 'Registration has not opened yet' },
  'registration.closed': { status: 409, vi: 'Sự kiện đã hết hạn đăng ký', en: 'Registration has closed' },
  'registration.event_cancelled': { status: 409, vi: 'Sự kiện đã bị huỷ', en: 'The event has been cancelled' },
  'registration.invalid_transition': {
    status: 409,
    vi: 'Trạng thái hiện tại của đăng ký không cho phép thao tác này',
    en: "The registration's current status does not allow this",
  },
  'registration.facility_has_request': {
    status: 409,
    vi: 'Cơ sở này đã có một yêu cầu gian hàng cho hội chợ này; mỗi cơ sở chỉ gửi một yêu cầu',
    en: 'This facility already has a booth request for this fair; one request per facility',
  },
  'booth.not_found': { status: 404, vi: 'Không tìm thấy gian hàng', en: 'Booth not found' },
  'certificate.not_found': { status: 404, vi: 'Không tìm thấy giấy chứng nhận với số này', en: 'No certificate has this number' },
  'certificate.not_training': {
    status: 409,
    vi: 'Chỉ lớp đào tạo và hội thảo sản xuất sạch hơn mới cấp giấy chứng nhận',
    en: 'Only training classes and cleaner-production workshops give certificates',
  },
  'certificate.too_early': {
    status: 409,
    vi: 'Giấy chứng nhận được cấp sau khi buổi cuối kết thúc',
    en: 'Certificates are issued once the last session has ended',
  },
  'certificate.event_cancelled': {
    status: 409,
    vi: 'Sự kiện đã huỷ, không cấp giấy chứng nhận',
    en: 'The event was cancelled: no certificates',
  },
  'certificate.not_completed': {
    status: 409,
    vi: 'Học viên chưa dự đủ số buổi để hoàn thành khóa học',
    en: 'The learner did not attend enough sessions to complete the course',
  },
  'certificate.not_issued': {
    status: 404,
    vi: 'Học viên đã hoàn thành; giấy chứng nhận chưa được cấp',
    en: 'The course is completed; the certificate has not been issued yet',
  },
  'certificate.revoked': { status: 409, vi: 'Giấy chứng nhận này đã bị thu hồi', en: 'This certificate has been revoked' },
  'certificate.already_revoked': { status: 409, vi: 'Giấy chứng nhận đã được thu hồi trước đó', en: 'The certificate was revoked already' },
  'booth.taken': { status: 409, vi: 'Gian hàng đã được giao cho cơ sở khác', en: 'That booth has already been given to another facility' },
  'booth.code_exists': { status: 409, vi: 'Hội chợ đã có gian hàng với mã này', en: 'This fair already has a booth with that code' },
  'booth.not_a_fair': { status: 409, vi: 'Chỉ hội chợ mới có gian hàng', en: 'Only fairs have booths' },
  'booth.not_allocatable': {
    status: 409,
    vi: 'Chỉ giao gian hàng cho yêu cầu đang chờ duyệt hoặc đã xác nhận của hội chợ',
    en: 'Booths go only to a pending or confirmed booth request of a fair',
  },
  'registration.over_capacity': {
    status: 409,
    vi: 'Sự kiện đã đủ chỗ: chuyển lên sẽ vượt sức chứa, cần xác nhận (overCapacity: true)',
    en: 'The event is full: moving up goes over capacity and needs confirming (overCapacity: true)',
  },
  'registration.no_email': {
    status: 409,
    vi: 'Đăng ký này không có email nên không gửi lại vé được; hãy đọc mã vé cho người đăng ký hoặc dùng “Cấp lại cho đúng người” để lấy đường liên kết gửi qua tin nhắn',
    en: 'This registration has no email, so the ticket cannot be sent again; read out the ticket code, or use “Hand to rightful owner” for a link to text',
  },
  'idempotency.key_reused': {
    status: 422,
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
    en: 'This Idempotency-Key was used for a different request',
  },
  'registration.no_invite': {
    status: 404,
    vi: 'Đăng ký này không có lịch (chưa được xác nhận chỗ)',
    en: 'This registration holds no calendar invite (no confirmed seat)',
  },
  'mail.not_found': { status: 404, vi: 'Không tìm thấy thư', en: 'Email not found' },
  'mail.not_failed': { status: 409, vi: 'Chỉ gửi lại được thư bị lỗi', en: 'Only failed emails can be resent' },
  'feedback.already_given': {
    status: 409,
    vi: 'Anh/chị đã gửi ý kiến cho khóa học này; mỗi đăng ký chỉ gửi một lần',
    en: 'Feedback for this registration has already been given; it is given once',
  },
  'feedback.not_attended': {
    status: 409,
    vi: 'Khảo sát chỉ dành cho người đã tham dự ít nhất một buổi',
    en: 'The survey is only for people who attended at least one session',
  },
  'feedback.not_open': {
    status: 409,
    vi: 'Khảo sát mở khi buổi đầu tiên anh/chị tham dự bắt đầu',
    en: 'The survey opens when the first session you attended begins',
  },
  'feedback.not_surveyed': { status: 409, vi: 'Sự kiện này không có khảo sát ý kiến', en: 'This event has no feedback survey' },
  'database.unavailable': {
    status: 503,
    vi: 'Hệ thống đang tạm mất kết nối tới cơ sở dữ liệu, vui lòng thử lại sau vài giây',
    en: 'The database is briefly out of reach, please try again in a few seconds',
  },
  internal: { status: 500, vi: 'Có lỗi ở máy chủ, vui lòng thử lại', en: 'Something went wrong on the server, please try again' },
};

export function bilingual(code: ErrorCode): string {
  const m = ERRORS[code];
  return `${m.vi} / ${m.en}`;
}

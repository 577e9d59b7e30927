import type { AttentionView } from '../attention/attention.usecases.js';
import { lookup } from '../shared/strings.js';
import { formatDateTime, type Lang } from '../shared/time.js';

const STRINGS = {
  heading: { vi: 'Việc cần xử lý', en: 'Needs attention' },
  clear: { vi: 'Không có việc gì đang chờ. ✓', en: 'Nothing is waiting. ✓' },
  pending: { vi: 'Đăng ký chờ duyệt', en: 'Registrations awaiting approval' },
  pendingLink: { vi: 'xem và duyệt', en: 'review' },
  failed: { vi: 'Thư gửi lỗi', en: 'Failed emails' },
  failedLink: { vi: 'Xem thư lỗi và gửi lại →', en: 'See failed emails and resend →' },
  conflicts: { vi: 'Lượt quét ngoại tuyến xung đột cần xem', en: 'Offline scan conflicts to review' },
  conflictsLink: { vi: 'xem ở trang điểm danh', en: 'review on the attendance page' },
  withoutDoor: {
    vi: 'Sự kiện trong 48 giờ tới chưa có máy quét hay tài khoản soát vé nào',
    en: 'Events in the next 48 hours that no door device or door account can scan',
  },
  devicesLink: { vi: 'Cấp mã cho máy quét →', en: 'Issue a door device token →' },
  askAdmin: {
    vi: 'Nhờ quản trị viên cấp mã máy quét hoặc tài khoản soát vé cho sự kiện.',
    en: 'Ask an admin for a door device token or a door account for the event.',
  },
  mailLink: { vi: 'Thư đi →', en: 'Outgoing mail →' },
} as const;
const s = lookup(STRINGS);

const name = (e: { title: string; titleEn: string | null }, lang: Lang) => (lang === 'en' && e.titleEn ? e.titleEn : e.title);

/** The front page's list of what needs an organiser now, each item linked to where it is dealt with. */
export function AttentionSection(props: { view: AttentionView; lang: Lang }) {
  const { view, lang } = props;
  return (
    <section class="attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{s(lang, 'heading')}</h2>
      {view.clear && <p class="notice ok">{s(lang, 'clear')}</p>}
      {view.pendingApprovals.length > 0 && (
        <div class="attention-item" id="attention-pending">
          <h3>{s(lang, 'pending')}</h3>
          <ul>
            {view.pendingApprovals.map((e) => (
              <li>
                <strong>{e.count}</strong> · {name(e, lang)} —{' '}
                <a href={`/admin/events/${e.eventId}/registrations?status=pending`}>{s(lang, 'pendingLink')}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.failedMail > 0 && (
        <div class="attention-item" id="attention-mail">
          <h3>
            {s(lang, 'failed')}: <strong>{view.failedMail}</strong>
          </h3>
          <p>
            <a href="/admin/mail?status=failed">{s(lang, 'failedLink')}</a>
          </p>
        </div>
      )}
      {view.conflicts.length > 0 && (
        <div class="attention-item" id="attention-conflicts">
          <h3>{s(lang, 'conflicts')}</h3>
          <ul>
            {view.conflicts.map((e) => (
              <li>
                <strong>{e.count}</strong> · {name(e, lang)} —{' '}
                <a href={`/admin/events/${e.eventId}/attendance#conflicts`}>{s(lang, 'conflictsLink')}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.withoutDoor.length > 0 && (
        <div class="attention-item" id="attention-doors">
          <h3>{s(lang, 'withoutDoor')}</h3>
          <ul>
            {view.withoutDoor.map((e) => (
              <li>
                {name(e, lang)} — {formatDateTime(e.startsAt, lang)}
              </li>
            ))}
          </ul>
          {/* An admin finds the devices link just below. */}
          {!view.canIssueDevices && <p>{s(lang, 'askAdmin')}</p>}
        </div>
      )}
      <p class="small">
        <a href="/admin/mail">{s(lang, 'mailLink')}</a>
        {view.canIssueDevices && (
          <>
            {' · '}
            <a href="/admin/devices">{s(lang, 'devicesLink')}</a>
          </>
        )}
      </p>
    </section>
  );
}

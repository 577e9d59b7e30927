import type { MailKind, MailStatus } from '../db/schema.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { lookup } from '../shared/strings.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import type { MailDelivery } from './delivery.js';
import type { MailEntry } from './mail.usecases.js';
import type { OutboxListRow } from './mailbox.repository.js';

const STATUS: Record<MailStatus, { vi: string; en: string }> = {
  queued: { vi: 'Chờ gửi', en: 'Queued' },
  sending: { vi: 'Đang gửi', en: 'Sending' },
  sent: { vi: 'Đã gửi', en: 'Sent' },
  failed: { vi: 'Lỗi', en: 'Failed' },
  skipped: { vi: 'Bỏ qua', en: 'Skipped' },
};

const KIND: Record<MailKind, { vi: string; en: string }> = {
  received: { vi: 'Đã nhận đăng ký', en: 'Received' },
  confirmed: { vi: 'Xác nhận', en: 'Confirmed' },
  waitlisted: { vi: 'Danh sách chờ', en: 'Waitlisted' },
  promoted: { vi: 'Được lên chỗ', en: 'Promoted' },
  approved: { vi: 'Được duyệt', en: 'Approved' },
  rejected: { vi: 'Không duyệt', en: 'Rejected' },
  cancelled: { vi: 'Huỷ đăng ký', en: 'Cancelled' },
  event_changed: { vi: 'Đổi giờ, địa điểm', en: 'Event changed' },
  event_cancelled: { vi: 'Huỷ sự kiện', en: 'Event cancelled' },
  reminder: { vi: 'Nhắc lịch', en: 'Reminder' },
  link_resent: { vi: 'Gửi lại đường dẫn', en: 'Link sent again' },
  reissued: { vi: 'Cấp lại vé', en: 'Ticket reissued' },
  booth_changed: { vi: 'Đổi gian hàng', en: 'Booths changed' },
  ticket_resent: { vi: 'Gửi lại vé', en: 'Ticket sent again' },
  certificate_issued: { vi: 'Giấy chứng nhận', en: 'Certificate' },
  event_message: { vi: 'Thông báo của ban tổ chức', en: "Organisers' message" },
  feedback_request: { vi: 'Xin ý kiến sau khóa học', en: 'Feedback request' },
};

const W = {
  title: { vi: 'Thư đi', en: 'Outgoing mail' },
  localMode: {
    vi: 'Chưa cấu hình SMTP_URL hay MAIL_HTTP_URL: thư được giữ trong hộp thư nội bộ dưới đây, không gửi ra ngoài.',
    en: 'Neither SMTP_URL nor MAIL_HTTP_URL is set: mail is kept in the local mailbox below, not sent out.',
  },
  smtpMode: { vi: 'Thư được gửi qua máy chủ SMTP đã cấu hình', en: 'Mail goes out through the configured SMTP server' },
  httpMode: { vi: 'Thư được gửi qua API HTTP của dịch vụ gửi thư', en: "Mail goes out through the mail provider's HTTP API" },
  noneMode: {
    vi: 'Chưa cấu hình MAIL_HTTP_URL: bản Cloudflare Workers này không gửi thư nào; thư nằm chờ trong hàng đợi dưới đây và sẽ được gửi khi cấu hình xong (README, Deployment).',
    en: 'MAIL_HTTP_URL is not set: this Cloudflare Workers deployment sends no mail; it waits in the queue below and goes out once configured (README, Deployment).',
  },
  all: { vi: 'Tất cả', en: 'All' },
  none: { vi: 'Chưa có thư nào.', en: 'No mail yet.' },
  when: { vi: 'Tạo lúc', en: 'Created' },
  to: { vi: 'Người nhận', en: 'To' },
  kind: { vi: 'Loại', en: 'Kind' },
  event: { vi: 'Sự kiện', en: 'Event' },
  status: { vi: 'Trạng thái', en: 'Status' },
  attempts: { vi: 'Số lần thử', en: 'Attempts' },
  error: { vi: 'Lỗi gần nhất', en: 'Last error' },
  subject: { vi: 'Tiêu đề', en: 'Subject' },
  open: { vi: 'Xem', en: 'Open' },
  resend: { vi: 'Gửi lại', en: 'Resend' },
  html: { vi: 'Xem bản HTML', en: 'View as HTML' },
  eml: { vi: 'Tải tệp .eml', en: 'Download .eml' },
  text: { vi: 'Nội dung (văn bản)', en: 'Body (plain text)' },
  linkHidden: {
    vi: 'Đường dẫn quản lý là chìa khoá riêng của người đăng ký nên được ẩn ở đây ([redacted]).',
    en: 'The manage link is the registrant’s own key, so it is hidden here ([redacted]).',
  },
  noCopy: {
    vi: 'Không có bản sao: chỉ hộp thư nội bộ (máy chủ Node không cấu hình SMTP_URL hay MAIL_HTTP_URL) giữ nội dung thư đã gửi.',
    en: 'No copy: only the local mailbox (a Node server without SMTP_URL or MAIL_HTTP_URL) keeps what was sent.',
  },
  back: { vi: '← Danh sách thư', en: '← All mail' },
  sentAt: { vi: 'Gửi lúc', en: 'Sent at' },
} as const;

const w = lookup(W);

/** Which way mail leaves, in words, with the server it goes to (never a key or a password). */
function DeliveryNotice({ delivery, lang }: { delivery: MailDelivery; lang: Lang }) {
  switch (delivery.transport) {
    case 'mailbox':
      return (
        <p class="notice" data-transport="mailbox">
          {w(lang, 'localMode')}
        </p>
      );
    case 'none':
      return (
        <p class="notice" data-transport="none">
          {w(lang, 'noneMode')}
        </p>
      );
    case 'smtp':
    case 'http':
      return (
        <p class="notice" data-transport={delivery.transport}>
          {w(lang, delivery.transport === 'smtp' ? 'smtpMode' : 'httpMode')} (<code>{delivery.host}</code>).
        </p>
      );
  }
}

export function MailListPage(props: { meta: PageMeta; rows: OutboxListRow[]; status: MailStatus | undefined; delivery: MailDelivery }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{w(lang, 'title')}</h1>
      <DeliveryNotice delivery={props.delivery} lang={lang} />
      <nav aria-label={w(lang, 'status')}>
        <a href="/admin/mail" aria-current={props.status === undefined ? 'page' : undefined}>
          {w(lang, 'all')}
        </a>
        {(Object.keys(STATUS) as MailStatus[]).map((s) => (
          <>
            {' · '}
            <a href={`/admin/mail?status=${s}`} aria-current={props.status === s ? 'page' : undefined}>
              {STATUS[s][lang]}
            </a>
          </>
        ))}
      </nav>
      {props.rows.length === 0 ? (
        <p>{w(lang, 'none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{w(lang, 'when')}</th>
              <th scope="col">{w(lang, 'to')}</th>
              <th scope="col">{w(lang, 'kind')}</th>
              <th scope="col">{w(lang, 'event')}</th>
              <th scope="col">{w(lang, 'status')}</th>
              <th scope="col">{w(lang, 'attempts')}</th>
              <th scope="col">{w(lang, 'error')}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{formatDateTime(r.created_at, lang)}</td>
                <td>{r.recipient ?? r.full_name}</td>
                <td>
                  {KIND[r.kind][lang]}
                  {r.kind === 'event_message' && <div class="small">{r.subject ?? r.message_subject}</div>}
                </td>
                <td>{r.event_title}</td>
                <td data-status={r.status}>{STATUS[r.status][lang]}</td>
                <td>{r.attempts}</td>
                <td>{r.last_error ?? ''}</td>
                <td>
                  <a href={`/admin/mail/${r.id}`}>{w(lang, 'open')}</a>
                  {r.status === 'failed' && <ResendButton id={r.id} lang={lang} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function ResendButton({ id, lang }: { id: number; lang: Lang }) {
  return (
    <form method="post" action={`/admin/mail/${id}/resend`}>
      <button type="submit">{w(lang, 'resend')}</button>
    </form>
  );
}

export function MailViewPage({ meta, entry }: { meta: PageMeta; entry: MailEntry }) {
  const { lang } = meta;
  return (
    <Layout {...meta}>
      <p>
        <a href="/admin/mail">{w(lang, 'back')}</a>
      </p>
      <h1>{entry.subject ?? KIND[entry.kind][lang]}</h1>
      <dl class="facts">
        <dt>{w(lang, 'to')}</dt>
        <dd>{entry.recipient ?? entry.full_name}</dd>
        <dt>{w(lang, 'event')}</dt>
        <dd>{entry.event_title}</dd>
        <dt>{w(lang, 'kind')}</dt>
        <dd>{KIND[entry.kind][lang]}</dd>
        <dt>{w(lang, 'status')}</dt>
        <dd data-status={entry.status}>{STATUS[entry.status][lang]}</dd>
        <dt>{w(lang, 'attempts')}</dt>
        <dd>{entry.attempts}</dd>
        {entry.sent_at && (
          <>
            <dt>{w(lang, 'sentAt')}</dt>
            <dd>{formatDateTime(entry.sent_at, lang)}</dd>
          </>
        )}
        {entry.last_error && (
          <>
            <dt>{w(lang, 'error')}</dt>
            <dd>{entry.last_error}</dd>
          </>
        )}
      </dl>
      {entry.status === 'failed' && <ResendButton id={entry.id} lang={lang} />}
      {entry.raw ? (
        <>
          <p>
            <a href={`/admin/mail/${entry.id}/html`}>{w(lang, 'html')}</a> ·{' '}
            <a href={`/admin/mail/${entry.id}/message.eml`}>{w(lang, 'eml')}</a>
          </p>
          <p class="muted small">{w(lang, 'linkHidden')}</p>
          <h2>{w(lang, 'text')}</h2>
          <pre class="mail-text">{entry.text}</pre>
        </>
      ) : (
        <p>{w(lang, 'noCopy')}</p>
      )}
    </Layout>
  );
}

import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { ErrorSummary, Field, type FieldErrors, type FieldSpec, type FormValues } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import { type HolderView, spacedCode } from './registrations.presenter.js';
import { statusLabel } from './registrations.strings.js';

const STRINGS = {
  heading: { vi: 'Cấp lại đăng ký cho đúng người', en: 'Hand this registration to its rightful owner' },
  why: {
    vi: 'Dùng khi có người đã đăng ký bằng số điện thoại hoặc email của người khác. Hãy xác minh người đang liên hệ (gọi lại số điện thoại đã ghi) rồi sửa họ tên và liên hệ cho đúng.',
    en: 'For when someone registered with another person’s phone number or email. Check who is asking (call back the phone on file), then put their name and contact right.',
  },
  effects: {
    vi: 'Đường liên kết quản lý, mã QR và mã vé cũ hết hiệu lực ngay, cả ở cửa. Chỗ, trạng thái và điểm danh giữ nguyên. Đường liên kết mới được gửi tới email dưới đây; để trống email nếu email đang ghi là của người khác.',
    en: 'The old manage link, QR code and ticket code stop working at once, at the door too. The seat, status and attendance stay. The new link goes to the email below; leave it empty if the email on file is someone else’s.',
  },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  email: { vi: 'Email', en: 'Email' },
  submit: { vi: 'Cấp lại vé và đường liên kết', en: 'Issue a new ticket and link' },
  goBack: { vi: 'Quay lại, không làm gì', en: 'Go back, do nothing' },
  done: { vi: 'Đã cấp lại đăng ký', en: 'Registration reissued' },
  newCode: { vi: 'Mã vé mới', en: 'New ticket code' },
  emailed: { vi: 'Đường liên kết và vé mới đã được gửi tới', en: 'The new link and ticket were emailed to' },
  noEmail: {
    vi: 'Đăng ký không có email. Gửi đường liên kết dưới đây cho người đăng ký bằng tin nhắn tới số điện thoại đã ghi; trang này chỉ hiện một lần.',
    en: 'The registration has no email. Text the link below to the phone on file; this page shows it once only.',
  },
  back: { vi: '← Danh sách đăng ký', en: '← Registrations' },
} as const;
const s = lookup(STRINGS);

export function holderFields(lang: Lang): FieldSpec[] {
  return [
    { name: 'fullName', label: s(lang, 'fullName'), kind: 'text', required: true, maxLength: 120 },
    { name: 'phone', label: s(lang, 'phone'), kind: 'tel', required: true, maxLength: 40 },
    { name: 'email', label: s(lang, 'email'), kind: 'email', maxLength: 254 },
  ];
}

const listHref = (eventId: string) => `/admin/events/${eventId}/registrations`;
export const reissueHref = (eventId: string, regId: string) => `/admin/events/${eventId}/registrations/${regId}/reissue`;

/** The holder's details to correct, and what reissuing does, before anything changes. */
export function ReissueFormPage(props: { meta: PageMeta; event: EventView; holder: HolderView; values: FormValues; errors: FieldErrors }) {
  const { lang } = props.meta;
  const { event, holder } = props;
  const specs = holderFields(lang);
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'heading')}</h1>
      <p>
        <strong>{holder.fullName}</strong> — {statusLabel(holder.status, lang, null)} · {title(event, lang)}
      </p>
      <p>{s(lang, 'why')}</p>
      <p class="notice warn">{s(lang, 'effects')}</p>
      <ErrorSummary specs={specs} errors={props.errors} lang={lang} />
      <form method="post" action={reissueHref(event.id, holder.id)} class="form" novalidate>
        {specs.map((spec) => (
          <Field spec={spec} values={props.values} errors={props.errors} lang={lang} />
        ))}
        <p class="actions">
          <button type="submit" class="primary">
            {s(lang, 'submit')}
          </button>{' '}
          <a class="button secondary" href={listHref(event.id)}>
            {s(lang, 'goBack')}
          </a>
        </p>
      </form>
    </Layout>
  );
}

/** What was done: the new code to read out, and where the link went (or the link, once, for SMS). */
export function ReissuedPage(props: {
  meta: PageMeta;
  event: EventView;
  fullName: string;
  email: string | null;
  shortCode: string | null;
  manageUrl: string | null;
}) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'done')}</h1>
      <p class="notice ok" role="status">
        {props.fullName} · {title(props.event, lang)}
      </p>
      {props.shortCode && (
        <>
          <p>{s(lang, 'newCode')}:</p>
          <p class="short-code">{spacedCode(props.shortCode)}</p>
        </>
      )}
      {props.email ? (
        <p>
          {s(lang, 'emailed')} <strong>{props.email}</strong>.
        </p>
      ) : (
        <>
          <p class="notice warn">{s(lang, 'noEmail')}</p>
          <p class="manage-url">
            <code>{props.manageUrl}</code>
          </p>
        </>
      )}
      <p>
        <a href={listHref(props.event.id)}>{s(lang, 'back')}</a>
      </p>
    </Layout>
  );
}

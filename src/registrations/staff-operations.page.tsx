import type { EventView } from '../events/events.usecases.js';
import { ERRORS } from '../http/messages.js';
import { title } from '../pages/catalogue.js';
import { ErrorSummary, Field, type FieldErrors, type FieldSpec, type FormValues } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import type { ErrorCode } from '../shared/errors.js';
import { lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import { allFields, type RegistrationFields, registrationFields } from './register.page.js';
import { type DecisionSubjectView, type StaffRegistrationView, spacedCode } from './registrations.presenter.js';
import { consentText, rt, statusLabel } from './registrations.strings.js';
import type { PromotionSubject, RegistrationDetailsView } from './staff-operations.usecases.js';

/** What the list page reports after an operation (`?op=…&who=…`). */
export type Operation = 'promote' | 'resend' | 'correct';

const STRINGS = {
  promote: { vi: 'Chuyển lên', en: 'Promote' },
  resend: { vi: 'Gửi lại vé', en: 'Resend ticket' },
  correct: { vi: 'Sửa thông tin', en: 'Correct details' },
  add: { vi: '+ Thêm đăng ký hộ', en: '+ Add a registration' },
  exportXlsx: { vi: 'Tải Excel (XLSX)', en: 'Download Excel (XLSX)' },
  attendanceCsv: { vi: 'Điểm danh CSV', en: 'Attendance CSV' },
  attendanceXlsx: { vi: 'Điểm danh Excel', en: 'Attendance Excel' },
  messages: { vi: 'Gửi thông báo', en: 'Messages' },
  exports: { vi: 'Tải về', en: 'Downloads' },
  promoted: { vi: 'Đã chuyển lên từ danh sách chờ', en: 'Moved up from the waiting list' },
  resent: { vi: 'Đã gửi lại vé qua email đã ghi cho', en: 'Ticket sent again, to the email on file, for' },
  corrected: { vi: 'Đã sửa thông tin của', en: 'Details corrected for' },
  nowStatus: { vi: 'trạng thái bây giờ', en: 'now' },
  emailNote: { vi: 'Người đăng ký nhận thư báo.', en: 'The registrant gets an email.' },
  // Promote past capacity
  promoteHeading: { vi: 'Chuyển lên khi sự kiện đã đủ chỗ?', en: 'Move up although the event is full?' },
  promoteFree: { vi: 'Chuyển người này lên từ danh sách chờ?', en: 'Move this person up from the waiting list?' },
  overCapacity: {
    vi: 'Sự kiện đã đủ chỗ ({confirmed}/{capacity}). Chuyển lên sẽ làm sự kiện vượt sức chứa: {after}/{capacity} người có chỗ. Chỉ làm khi phòng, tài liệu và suất ăn đủ cho thêm người.',
    en: 'The event is full ({confirmed}/{capacity}). Moving up puts it over capacity: {after}/{capacity} people with a seat. Only do this when the room, materials and meals allow one more.',
  },
  promoteEffect: {
    vi: 'Người đăng ký được xác nhận chỗ và nhận thư báo kèm vé, như khi được mời vào tự động.',
    en: 'The registrant gets a confirmed seat and an email with the ticket, as with an automatic promotion.',
  },
  promoteOver: { vi: 'Vẫn chuyển lên, vượt sức chứa', en: 'Move up anyway, over capacity' },
  goBack: { vi: 'Quay lại, không làm gì', en: 'Go back, do nothing' },
  back: { vi: '← Danh sách đăng ký', en: '← Registrations' },
  notDone: { vi: 'Không thực hiện được', en: 'Not done' },
  // Add on behalf
  addHeading: { vi: 'Thêm đăng ký hộ người tham gia', en: 'Register someone on their behalf' },
  addWhy: {
    vi: 'Dùng khi người tham gia đăng ký qua điện thoại hoặc phiếu giấy. Quy tắc chỗ, danh sách chờ và duyệt như đăng ký trực tuyến; người có email nhận thư xác nhận.',
    en: 'For someone who registers by phone or on paper. Seats, the waiting list and approval work as online; someone with an email gets the confirmation.',
  },
  addConsent: {
    vi: 'Chỉ đánh dấu đồng ý khi người tham gia đã được đọc nội dung dưới đây và đồng ý.',
    en: 'Tick consent only when the person has heard the text below and agreed.',
  },
  addSubmit: { vi: 'Thêm đăng ký', en: 'Add the registration' },
  alreadyRegistered: {
    vi: 'Số điện thoại, email hoặc CCCD này đã có đăng ký của sự kiện: tìm trong danh sách',
    en: 'This phone, email or ID already has a registration for the event: find it in the list',
  },
  added: { vi: 'Đã thêm đăng ký', en: 'Registration added' },
  code: { vi: 'Mã vé', en: 'Ticket code' },
  addedEmailed: { vi: 'Thư xác nhận đã được xếp gửi tới', en: 'The confirmation is queued for' },
  addedNoEmail: {
    vi: 'Đăng ký không có email. Gửi đường liên kết dưới đây cho người đăng ký bằng tin nhắn; trang này chỉ hiện một lần.',
    en: 'The registration has no email. Text the link below to the registrant; this page shows it once only.',
  },
  // Correct
  correctHeading: { vi: 'Sửa thông tin người đăng ký', en: 'Correct the registrant’s details' },
  correctWhy: {
    vi: 'Sửa lỗi gõ, số điện thoại hay email ghi nhầm. Vé, đường liên kết và chỗ giữ nguyên; mỗi thay đổi được ghi vào nhật ký (trước và sau). Nếu đăng ký thuộc về người khác, dùng “Cấp lại cho đúng người”.',
    en: 'For a typo, a wrong phone or email. The ticket, the link and the seat stay; each change is logged (before and after). If the registration belongs to someone else, use “Hand to rightful owner”.',
  },
  correctSubmit: { vi: 'Lưu thay đổi', en: 'Save the changes' },
  person: { vi: 'Người đăng ký', en: 'Registrant' },
  facility: { vi: 'Cơ sở / đơn vị', en: 'Facility or organisation' },
  questions: { vi: 'Câu trả lời', en: 'Answers' },
} as const;
const s = lookup(STRINGS);

const fill = (text: string, values: Record<string, number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

export const listHref = (eventId: string) => `/admin/events/${eventId}/registrations`;
const regHref = (eventId: string, regId: string) => `${listHref(eventId)}/${regId}`;

const ACTION: Record<Operation, string> = {
  promote: 'registration.promote',
  resend: 'registration.resend_ticket',
  correct: 'registration.correct',
};

/** What the last operation did to whom, said only when the audit log agrees (a crafted link claims nothing). */
export function OperationNotice(props: { subject: DecisionSubjectView | null; op: Operation | undefined; lang: Lang }) {
  const { subject, op, lang } = props;
  if (!subject || !op || subject.lastDecision?.action !== ACTION[op]) return null;
  return (
    <p class="notice ok" role="status">
      {op === 'promote' &&
        `${s(lang, 'promoted')}: ${subject.fullName} — ${s(lang, 'nowStatus')}: ${statusLabel(subject.status, lang, null)}. ${s(lang, 'emailNote')}`}
      {op === 'resend' && `${s(lang, 'resent')} ${subject.fullName}.`}
      {op === 'correct' && `${s(lang, 'corrected')} ${subject.fullName}.`}
    </p>
  );
}

/** The links above the list: add someone, and the downloads (as filtered, and the attendance sheet). */
export function OperationsBar(props: { eventId: string; csvHref: string; lang: Lang }) {
  const { eventId, lang } = props;
  const xlsx = props.csvHref.replace('format=csv', 'format=xlsx');
  const attendance = `/api/v1/admin/events/${eventId}/attendance?format=`;
  return (
    <p class="ops-bar">
      <a class="button secondary" href={`${listHref(eventId)}/new`}>
        {s(lang, 'add')}
      </a>{' '}
      <a class="button secondary" href={`/admin/events/${eventId}/messages`}>
        {s(lang, 'messages')}
      </a>{' '}
      <span class="ops-downloads">
        {s(lang, 'exports')}: <a href={xlsx}>{s(lang, 'exportXlsx')}</a> · <a href={`${attendance}csv`}>{s(lang, 'attendanceCsv')}</a> ·{' '}
        <a href={`${attendance}xlsx`}>{s(lang, 'attendanceXlsx')}</a>
      </span>
    </p>
  );
}

/** A row's operations under its decisions: move up, send the ticket again, correct. */
export function RowOperations(props: { eventId: string; row: StaffRegistrationView; seatsLeft: number; lang: Lang }) {
  const { eventId, row, lang } = props;
  if (row.anonymised) return null;
  const live = row.status === 'confirmed' || row.status === 'pending' || row.status === 'waitlisted';
  return (
    <div class="row-ops">
      {row.status === 'waitlisted' &&
        // A full event asks first, on a page that says it will be over capacity.
        (props.seatsLeft > 0 ? (
          <form method="post" action={`${regHref(eventId, row.id)}/promote`} class="inline">
            <button type="submit" class="primary">
              {s(lang, 'promote')}
            </button>
          </form>
        ) : (
          <a class="button inline primary" href={`${regHref(eventId, row.id)}/promote/confirm`}>
            {s(lang, 'promote')}
          </a>
        ))}
      {live && row.email && (
        <form method="post" action={`${regHref(eventId, row.id)}/resend-ticket`} class="inline">
          <button type="submit" class="secondary">
            {s(lang, 'resend')}
          </button>
        </form>
      )}
      <a class="small" href={`${regHref(eventId, row.id)}/edit`}>
        {s(lang, 'correct')}
      </a>
    </div>
  );
}

export function PromoteConfirmPage(props: { meta: PageMeta; event: EventView; subject: PromotionSubject }) {
  const { lang } = props.meta;
  const { event, subject } = props;
  const full = subject.confirmed >= subject.capacity;
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, full ? 'promoteHeading' : 'promoteFree')}</h1>
      <p>
        <strong>{subject.fullName}</strong> — {statusLabel(subject.status, lang, null)} · {title(event, lang)}
      </p>
      {full && (
        <p class="notice warn">
          {fill(s(lang, 'overCapacity'), { confirmed: subject.confirmed, capacity: subject.capacity, after: subject.confirmed + 1 })}
        </p>
      )}
      <p>{s(lang, 'promoteEffect')}</p>
      <form method="post" action={`${regHref(event.id, subject.id)}/promote`} class="actions">
        {full && <input type="hidden" name="overCapacity" value="yes" />}
        <button type="submit" class="primary">
          {s(lang, full ? 'promoteOver' : 'promote')}
        </button>{' '}
        <a class="button secondary" href={listHref(event.id)}>
          {s(lang, 'goBack')}
        </a>
      </form>
    </Layout>
  );
}

/** An operation refused for a reason the organiser must read (no email, a status that does not allow it). */
export function OperationRefusedPage(props: { meta: PageMeta; event: EventView; fullName: string; code: ErrorCode }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'notDone')}</h1>
      <p class="notice danger" role="alert">
        <strong>{props.fullName}</strong>: {ERRORS[props.code][lang]}.
      </p>
      <p>
        <a href={listHref(props.event.id)}>{s(lang, 'back')}</a>
      </p>
    </Layout>
  );
}

function Block(props: { legend: string; specs: FieldSpec[]; values: FormValues; errors: FieldErrors; lang: Lang; children?: unknown }) {
  if (props.specs.length === 0) return null;
  return (
    <fieldset class="block">
      <legend>{props.legend}</legend>
      {props.children}
      {props.specs.map((spec) => (
        <Field spec={spec} values={props.values} errors={props.errors} lang={props.lang} />
      ))}
    </fieldset>
  );
}

/** The public form's fields, filled in by an organiser. */
export function AddRegistrationPage(props: { meta: PageMeta; event: EventView; values: FormValues; errors: FieldErrors }) {
  const { lang } = props.meta;
  const { event, values, errors } = props;
  const fields: RegistrationFields = registrationFields(event, lang);
  const fair = event.kind === 'fair';
  const common = { values, errors, lang };
  return (
    <Layout {...props.meta}>
      <p>
        <a href={listHref(event.id)}>{s(lang, 'back')}</a>
      </p>
      <h1>{s(lang, 'addHeading')}</h1>
      <p class="lead">{title(event, lang)}</p>
      <p>{s(lang, 'addWhy')}</p>
      {event.seatsLeft === 0 && <p class="notice warn">{rt(lang, 'fullNotice')}</p>}
      <ErrorSummary specs={allFields(fields)} errors={errors} lang={lang} />
      <form method="post" action={`${listHref(event.id)}/new`} id="registration-form" class="form" novalidate>
        {fair && <Block legend={rt(lang, 'facility')} specs={fields.facility} {...common} />}
        <Block legend={rt(lang, fair ? 'contactPerson' : 'person')} specs={fields.person} {...common} />
        {!fair && <Block legend={rt(lang, 'ownFacility')} specs={fields.facility} {...common} />}
        <Block legend={rt(lang, 'booth')} specs={fields.booth} {...common} />
        <Block legend={rt(lang, 'questions')} specs={fields.questions} {...common} />
        <Block legend={rt(lang, 'consent')} specs={fields.consent} {...common}>
          <p class="notice warn">{s(lang, 'addConsent')}</p>
          <p class="consent-text">{consentText(lang)}</p>
        </Block>
        <p class="actions">
          <button type="submit" class="primary">
            {s(lang, 'addSubmit')}
          </button>{' '}
          <a class="button secondary" href={listHref(event.id)}>
            {s(lang, 'goBack')}
          </a>
        </p>
      </form>
    </Layout>
  );
}

/** After adding: the status, the code to read out, and the manage link once when no email carries it. */
export function AddedPage(props: {
  meta: PageMeta;
  event: EventView;
  fullName: string;
  status: StaffRegistrationView['status'];
  email: string | null;
  shortCode: string | null;
  manageUrl: string;
}) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'added')}</h1>
      <p class="notice ok" role="status">
        {props.fullName} — {statusLabel(props.status, lang, null)} · {title(props.event, lang)}
      </p>
      {props.shortCode && (
        <>
          <p>{s(lang, 'code')}:</p>
          <p class="short-code">{spacedCode(props.shortCode)}</p>
        </>
      )}
      {props.email ? (
        <p>
          {s(lang, 'addedEmailed')} <strong>{props.email}</strong>.
        </p>
      ) : (
        <>
          <p class="notice warn">{s(lang, 'addedNoEmail')}</p>
          <p class="manage-url">
            <code>{props.manageUrl}</code>
          </p>
        </>
      )}
      <p>
        <a href={listHref(props.event.id)}>{s(lang, 'back')}</a> · <a href={`${listHref(props.event.id)}/new`}>{s(lang, 'add')}</a>
      </p>
    </Layout>
  );
}

/** The correction form's fields: the public form's, named as the correction body's paths. */
export function correctionFields(event: EventView, lang: Lang): { person: FieldSpec[]; facility: FieldSpec[]; questions: FieldSpec[] } {
  const f = registrationFields(event, lang);
  const keep = new Set(['person.fullName', 'person.phone', 'person.email', 'person.gender', 'person.birthYear', 'person.district']);
  const facility =
    event.kind === 'fair'
      ? f.facility.filter((x) => ['facility.name', 'facility.taxCode', 'facility.district'].includes(x.name))
      : f.facility;
  return {
    person: f.person.filter((x) => keep.has(x.name)).map((x) => ({ ...x, name: x.name.replace('person.', ''), hint: undefined })),
    facility: facility.map((x) => ({ ...x, hint: undefined })),
    questions: f.questions,
  };
}

export function CorrectDetailsPage(props: {
  meta: PageMeta;
  event: EventView;
  details: RegistrationDetailsView;
  values: FormValues;
  errors: FieldErrors;
}) {
  const { lang } = props.meta;
  const { event, details, values, errors } = props;
  const fields = correctionFields(event, lang);
  const common = { values, errors, lang };
  return (
    <Layout {...props.meta}>
      <p>
        <a href={listHref(event.id)}>{s(lang, 'back')}</a>
      </p>
      <h1>{s(lang, 'correctHeading')}</h1>
      <p>
        <strong>{details.fullName}</strong> — {statusLabel(details.status, lang, null)} · {title(event, lang)}
      </p>
      <p>{s(lang, 'correctWhy')}</p>
      <ErrorSummary specs={[...fields.person, ...fields.facility, ...fields.questions]} errors={errors} lang={lang} />
      <form method="post" action={`${regHref(event.id, details.id)}/edit`} id="registration-form" class="form" novalidate>
        <Block legend={s(lang, 'person')} specs={fields.person} {...common} />
        <Block legend={s(lang, 'facility')} specs={fields.facility} {...common} />
        <Block legend={s(lang, 'questions')} specs={fields.questions} {...common} />
        <p class="actions">
          <button type="submit" class="primary">
            {s(lang, 'correctSubmit')}
          </button>{' '}
          <a class="button secondary" href={listHref(event.id)}>
            {s(lang, 'goBack')}
          </a>
        </p>
      </form>
    </Layout>
  );
}

export const alreadyRegisteredMessage = (lang: Lang) => s(lang, 'alreadyRegistered');

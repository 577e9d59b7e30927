import type { RegistrationStatus } from '../db/schema.js';
import type { EventView } from '../events/events.usecases.js';
import { overCapacityText } from '../events/seats.js';
import { ERRORS } from '../http/messages.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { lookup } from '../shared/strings.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import { decisionsFor, type StaffDecision } from './registration-decisions.usecases.js';
import { type DecisionSubjectView, type StaffRegistrationView, spacedCode } from './registrations.presenter.js';
import { boothTypeLabel, rt, statusLabel } from './registrations.strings.js';
import { reissueHref } from './reissue.page.js';
import { type Operation, OperationNotice, OperationsBar, RowOperations } from './staff-operations.page.js';
import { displayVnPhone } from './vn-fields.js';

export interface RegistrationsQuery {
  status?: RegistrationStatus | undefined;
  q?: string | undefined;
  done?: StaffDecision | undefined;
  who?: string | undefined;
  error?: 'registration.invalid_transition' | undefined;
  tried?: StaffDecision | undefined;
  op?: Operation | undefined;
}

const STRINGS = {
  heading: { vi: 'Đăng ký', en: 'Registrations' },
  seats: { vi: 'Chỗ', en: 'Seats' },
  seatsLeft: { vi: 'còn trống', en: 'left' },
  waiting: { vi: 'đang chờ', en: 'waiting' },
  search: {
    vi: 'Tìm (tên, điện thoại, email, cơ sở, mã vé; không cần dấu)',
    en: 'Search (name, phone, email, facility, ticket code; accents optional)',
  },
  status: { vi: 'Trạng thái', en: 'Status' },
  all: { vi: 'Tất cả', en: 'All' },
  filter: { vi: 'Lọc', en: 'Filter' },
  exportCsv: { vi: 'Tải CSV (theo bộ lọc)', en: 'Download CSV (as filtered)' },
  shown: { vi: 'Đang hiện', en: 'Showing' },
  none: { vi: 'Không có đăng ký nào khớp.', en: 'No registrations match.' },
  no: { vi: 'STT', en: 'No.' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  contact: { vi: 'Liên hệ', en: 'Contact' },
  facility: { vi: 'Cơ sở', en: 'Facility' },
  booth: { vi: 'Gian hàng', en: 'Booth' },
  registeredAt: { vi: 'Đăng ký lúc', en: 'Registered' },
  code: { vi: 'Mã vé', en: 'Ticket code' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  approve: { vi: 'Duyệt', en: 'Approve' },
  reject: { vi: 'Từ chối', en: 'Reject' },
  cancel: { vi: 'Huỷ đăng ký', en: 'Cancel' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  rejected: { vi: 'Đã từ chối', en: 'Rejected' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
  nowStatus: { vi: 'trạng thái bây giờ', en: 'now' },
  notDone: { vi: 'Không thực hiện được', en: 'Not done' },
  emailNote: { vi: 'Người đăng ký nhận thư báo.', en: 'The registrant gets an email.' },
  promotedNote: { vi: 'Được mời vào từ danh sách chờ (đã gửi thư)', en: 'Moved up from the waiting list (emailed)' },
  erased: { vi: '(đã xoá dữ liệu cá nhân)', en: '(personal data erased)' },
  confirmCancel: { vi: 'Huỷ đăng ký này?', en: 'Cancel this registration?' },
  confirmReject: { vi: 'Từ chối đăng ký này?', en: 'Reject this registration?' },
  cancelEffect: {
    vi: 'Không hoàn tác được. Người đăng ký nhận thư báo huỷ; nếu họ đang giữ chỗ, người đầu danh sách chờ được mời vào.',
    en: 'This cannot be undone. The registrant is emailed; if they held a seat, the first person waiting gets it.',
  },
  rejectEffect: {
    vi: 'Không hoàn tác được. Người đăng ký nhận thư báo không được duyệt.',
    en: 'This cannot be undone. The registrant is emailed that it was not approved.',
  },
  confirmCancelButton: { vi: 'Huỷ đăng ký', en: 'Cancel the registration' },
  confirmRejectButton: { vi: 'Từ chối', en: 'Reject' },
  goBack: { vi: 'Quay lại, không làm gì', en: 'Go back, do nothing' },
  reissue: { vi: 'Cấp lại cho đúng người', en: 'Hand to rightful owner' },
} as const;
const s = lookup(STRINGS);

const STATUSES: RegistrationStatus[] = ['confirmed', 'pending', 'waitlisted', 'cancelled', 'rejected'];
const DONE_WORD: Record<StaffDecision, keyof typeof STRINGS> = { approve: 'approved', reject: 'rejected', cancel: 'cancelled' };

/** What the last decision did to whom (the registration may be filtered out of the list now). */
function Outcome(props: { subject: DecisionSubjectView | null; query: RegistrationsQuery; lang: Lang }) {
  const { query, lang } = props;
  const row = props.subject;
  if (!row) return null;
  // Said only when the data agrees: the refused decision is indeed not allowed now, or the
  // last staff decision recorded for this registration is this one.
  if (query.error && query.tried && !decisionsFor(row.status).includes(query.tried)) {
    return (
      <p class="notice danger" role="alert">
        {s(lang, 'notDone')}: {row.fullName} ({statusLabel(row.status, lang, null)}). {ERRORS[query.error][lang]}.
      </p>
    );
  }
  const last = row.lastDecision;
  if (!query.done || !last || last.action !== `registration.${query.done}`) return null;
  return (
    <p class="notice ok" role="status">
      {s(lang, DONE_WORD[query.done])}: {row.fullName} — {s(lang, 'nowStatus')}: {statusLabel(row.status, lang, null)}.{' '}
      {s(lang, 'emailNote')}
      {last.promoted.length > 0 && ` ${s(lang, 'promotedNote')}: ${last.promoted.join(', ')}.`}
    </p>
  );
}

/** The filters to come back to, as hidden fields. */
function KeepFilters(props: { q: RegistrationsQuery }) {
  return (
    <>
      {props.q.status && <input type="hidden" name="status" value={props.q.status} />}
      {props.q.q && <input type="hidden" name="q" value={props.q.q} />}
    </>
  );
}

const decisionHref = (eventId: string, regId: string, decision: StaffDecision) =>
  `/admin/events/${eventId}/registrations/${regId}/${decision}`;

/**
 * Approving acts at once; rejecting and cancelling cannot be undone (a freed seat goes to the
 * next person waiting), so they first ask, on a page of their own: a mis-tap on a phone costs
 * nothing.
 */
function Decide(props: { eventId: string; row: StaffRegistrationView; decision: StaffDecision; lang: Lang; q: RegistrationsQuery }) {
  const href = decisionHref(props.eventId, props.row.id, props.decision);
  if (props.decision !== 'approve') {
    const keep = new URLSearchParams({ ...(props.q.status && { status: props.q.status }), ...(props.q.q && { q: props.q.q }) });
    return (
      <a class="button secondary inline" href={`${href}/confirm${keep.toString() ? `?${keep}` : ''}`}>
        {s(props.lang, props.decision)}
      </a>
    );
  }
  return (
    <form method="post" action={href} class="inline">
      <KeepFilters q={props.q} />
      <button type="submit" class="primary">
        {s(props.lang, props.decision)}
      </button>
    </form>
  );
}

/** "Huỷ đăng ký của …?" — the one step between a tap and a decision that cannot be undone. */
export function ConfirmDecisionPage(props: {
  meta: PageMeta;
  event: EventView;
  subject: DecisionSubjectView;
  decision: 'reject' | 'cancel';
  query: RegistrationsQuery;
}) {
  const { lang } = props.meta;
  const { event, subject, decision, query } = props;
  const back = `/admin/events/${event.id}/registrations?${new URLSearchParams({ ...(query.status && { status: query.status }), ...(query.q && { q: query.q }) })}`;
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, decision === 'cancel' ? 'confirmCancel' : 'confirmReject')}</h1>
      <p>
        <strong>{subject.fullName}</strong> — {statusLabel(subject.status, lang, null)} · {title(event, lang)}
      </p>
      <p>{s(lang, decision === 'cancel' ? 'cancelEffect' : 'rejectEffect')}</p>
      <form method="post" action={decisionHref(event.id, subject.id, decision)} class="actions">
        <KeepFilters q={query} />
        <button type="submit" class="primary">
          {s(lang, decision === 'cancel' ? 'confirmCancelButton' : 'confirmRejectButton')}
        </button>{' '}
        <a class="button secondary" href={back}>
          {s(lang, 'goBack')}
        </a>
      </form>
    </Layout>
  );
}

/** An event's registrations for organisers: find, filter, approve, reject, cancel, export. */
export function RegistrationsPage(props: {
  meta: PageMeta;
  event: EventView;
  registrations: StaffRegistrationView[];
  query: RegistrationsQuery;
  subject: DecisionSubjectView | null;
}) {
  const { lang } = props.meta;
  const { event, registrations: rows, query } = props;
  const action = `/admin/events/${event.id}/registrations`;
  const csv = `/api/v1/admin/events/${event.id}/registrations?${new URLSearchParams({ format: 'csv', ...(query.status && { status: query.status }), ...(query.q && { q: query.q }) })}`;
  const fair = event.kind === 'fair';
  return (
    <Layout {...props.meta}>
      <h1>
        {s(lang, 'heading')} — {title(event, lang)}
      </h1>
      <p>
        {s(lang, 'seats')}:{' '}
        {event.seats.over > 0 ? (
          <strong class="over-capacity">{overCapacityText(event.seats, lang)}</strong>
        ) : (
          `${event.capacity} · ${event.seatsLeft} ${s(lang, 'seatsLeft')}`
        )}{' '}
        · {event.waitlistCount} {s(lang, 'waiting')}
      </p>
      <Outcome subject={props.subject} query={query} lang={lang} />
      <OperationNotice subject={props.subject} op={query.op} lang={lang} />
      {/* biome-ignore lint/a11y/useSemanticElements: older phones' browsers and screen readers know role="search", not <search> */}
      <form method="get" action={action} class="filters" role="search">
        <label>
          {s(lang, 'search')}
          <input name="q" type="search" value={query.q ?? ''} maxlength={100} />
        </label>
        <label>
          {s(lang, 'status')}
          <select name="status">
            <option value="">{s(lang, 'all')}</option>
            {STATUSES.map((st) => (
              <option value={st} selected={query.status === st}>
                {statusLabel(st, lang, null)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{s(lang, 'filter')}</button>
      </form>
      <OperationsBar eventId={event.id} csvHref={csv} lang={lang} />
      <p>
        {s(lang, 'shown')}: {rows.length} · <a href={csv}>{s(lang, 'exportCsv')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{s(lang, 'none')}</p>
      ) : (
        <div class="scroll">
          <table class="registrations">
            <ColumnHeads
              labels={[
                s(lang, 'no'),
                s(lang, 'name'),
                s(lang, 'status'),
                s(lang, 'actions'),
                s(lang, 'contact'),
                s(lang, 'facility'),
                fair && s(lang, 'booth'),
                s(lang, 'code'),
                s(lang, 'registeredAt'),
              ]}
            />
            <tbody>
              {rows.map((r, i) => (
                <tr id={`r-${r.id}`} class={r.id === query.who ? 'just-marked' : undefined}>
                  <td>{i + 1}</td>
                  <td>
                    {r.fullName}
                    {r.anonymised ? ` ${s(lang, 'erased')}` : ''}
                  </td>
                  <td>{statusLabel(r.status, lang, null)}</td>
                  <td>
                    {decisionsFor(r.status).map((d) => (
                      <Decide eventId={event.id} row={r} decision={d} lang={lang} q={query} />
                    ))}
                    <RowOperations eventId={event.id} row={r} seatsLeft={event.seatsLeft} lang={lang} />
                    {/* Rare, and not a decision on the registration: a plain link, under the buttons. */}
                    {decisionsFor(r.status).includes('cancel') && !r.anonymised && (
                      <div class="small">
                        <a href={reissueHref(event.id, r.id)}>{s(lang, 'reissue')}</a>
                      </div>
                    )}
                  </td>
                  <td>
                    {r.phone ? displayVnPhone(r.phone) : ''}
                    {r.email && (
                      <>
                        <br />
                        {r.email}
                      </>
                    )}
                  </td>
                  <td>{r.facility ?? ''}</td>
                  {fair && (
                    <td>
                      {r.booth
                        ? `${r.booth.count} ${rt(lang, 'booths')} ${r.booth.size.replace('x', ' × ')} m, ${boothTypeLabel(r.booth.type, lang)}`
                        : ''}
                    </td>
                  )}
                  <td>{r.shortCode ? spacedCode(r.shortCode) : ''}</td>
                  <td>{formatDateTime(r.createdAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { t } from '../pages/strings.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import type { signInSheet } from './checkins.usecases.js';

type Sheet = Awaited<ReturnType<typeof signInSheet>>;
type Session = NonNullable<EventView['sessions']>[number];

const S = {
  heading: { vi: 'Danh sách ký nhận', en: 'Sign-in sheet' },
  session: { vi: 'Buổi', en: 'Session' },
  venue: { vi: 'Địa điểm', en: 'Venue' },
  expected: { vi: 'Người đã xác nhận', en: 'Confirmed' },
  present: { vi: 'Đã điểm danh', en: 'Checked in' },
  excused: { vi: 'Vắng có phép', en: 'Excused' },
  markedByStaff: { vi: 'Có mặt (cán bộ ghi)', en: 'Present (marked by staff)' },
  notPublished: { vi: 'Sự kiện chưa công bố', en: 'This event is not published' },
  cancelledSince: { vi: 'đã huỷ đăng ký sau buổi này', en: 'cancelled since' },
  no: { vi: 'STT', en: 'No.' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  facility: { vi: 'Cơ sở / Đơn vị', en: 'Facility / Organisation' },
  mark: { vi: 'Điểm danh', en: 'Check-in' },
  sign: { vi: 'Ký nhận', en: 'Signature' },
  nobody: { vi: 'Chưa có ai đăng ký được xác nhận.', en: 'No confirmed registrations yet.' },
  printHint: {
    vi: 'In bằng lệnh In của trình duyệt (Ctrl+P); trang in chỉ gồm danh sách.',
    en: "Print with the browser's Print command (Ctrl+P); the printout holds the list only.",
  },
  otherSessions: { vi: 'Các buổi khác', en: 'Other sessions' },
  printedAt: { vi: 'In lúc', en: 'Printed at' },
  preparedBy: { vi: 'Người lập danh sách (ký, ghi rõ họ tên)', en: 'Prepared by (signature and full name)' },
  chooseSession: { vi: 'Chọn buổi để in danh sách ký nhận', en: 'Choose the session to print' },
  noSessions: { vi: 'Sự kiện chưa có buổi nào.', en: 'This event has no sessions yet.' },
} as const;
const s = (lang: Lang, key: keyof typeof S) => S[key][lang];

function sessionLabel(session: Session, number: number, count: number, lang: Lang) {
  const when = `${formatTime(session.startsAt)}–${formatTime(session.endsAt)}, ${formatDay(session.startsAt, lang)}`;
  return `${s(lang, 'session')} ${number}/${count}: ${when}${session.title ? ` — ${session.title}` : ''}`;
}

/**
 * A scan's time, or words: a mark made by staff carries the time it was recorded (maybe after
 * the session), not an arrival time, so it prints none.
 */
function markText(r: Sheet['rows'][number], lang: Lang) {
  if (r.mark === 'excused') return s(lang, 'excused');
  if (r.mark !== 'present') return '';
  return r.method === 'manual' || !r.checked_in_at ? s(lang, 'markedByStaff') : formatTime(new Date(r.checked_in_at));
}

/** A sheet for an event that is not going ahead as published says so where it is read. */
export function EventStatusNotice(props: { event: EventView; lang: Lang }) {
  const { status } = props.event;
  if (status === 'published' || status === 'completed') return null;
  return (
    <p class="notice warn" role="status">
      <strong>{status === 'cancelled' ? t(props.lang, 'cancelledEvent').toUpperCase() : s(props.lang, 'notPublished')}</strong>
    </p>
  );
}

export function sheetHref(eventId: string, sessionId: string) {
  return `/admin/events/${eventId}/sessions/${sessionId}/sign-in-sheet`;
}

/** One session's printed sign-in sheet: the names in Vietnamese order, a column to sign. */
export function SignInSheetPage(props: { meta: PageMeta; sheet: Sheet; printedAt: string }) {
  const { lang } = props.meta;
  const { event, session, number, sessionCount, rows } = props.sheet;
  const others = (event.sessions ?? []).filter((x) => x.id !== session.id);
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const present = confirmed.filter((r) => r.mark === 'present').length;
  const excused = confirmed.filter((r) => r.mark === 'excused').length;
  const line = sessionLabel(session, number, sessionCount, lang);
  return (
    <Layout {...props.meta}>
      <article class="sheet">
        <h1>{s(lang, 'heading')}</h1>
        <EventStatusNotice event={event} lang={lang} />
        <p class="sheet-event">
          <strong>{title(event, lang)}</strong>
        </p>
        <p>{line}</p>
        {event.venue && (
          <p>
            {s(lang, 'venue')}: {event.venue.name}
            {event.venue.address ? `, ${event.venue.address}` : ''}
          </p>
        )}
        <p>
          {s(lang, 'expected')}: {confirmed.length} · {s(lang, 'present')}: {present} · {s(lang, 'excused')}: {excused}
        </p>
        {rows.length === 0 ? (
          <p>{s(lang, 'nobody')}</p>
        ) : (
          <table>
            <colgroup>
              <col class="num" />
              <col class="name" />
              <col />
              <col class="mark" />
              <col class="sign" />
            </colgroup>
            <thead>
              <tr class="caption-row">
                <th colspan={5}>
                  {title(event, lang)} — {line}
                </th>
              </tr>
              <tr>
                <th scope="col" class="num">
                  {s(lang, 'no')}
                </th>
                <th scope="col" class="name">
                  {s(lang, 'name')}
                </th>
                <th scope="col">{s(lang, 'facility')}</th>
                <th scope="col" class="mark">
                  {s(lang, 'mark')}
                </th>
                <th scope="col" class="sign">
                  {s(lang, 'sign')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr>
                  <td class="num">{i + 1}</td>
                  <td>
                    {r.full_name}
                    {r.status !== 'confirmed' ? ` (${s(lang, 'cancelledSince')})` : ''}
                  </td>
                  <td>{r.facility_name ?? ''}</td>
                  <td>{markText(r, lang)}</td>
                  <td class="sign"></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <footer class="sheet-foot">
          <p>
            {s(lang, 'printedAt')} {props.printedAt}
          </p>
          <p class="prepared">{s(lang, 'preparedBy')}</p>
        </footer>
      </article>
      <aside class="no-print">
        <p>{s(lang, 'printHint')}</p>
        {others.length > 0 && (
          <>
            <h2>{s(lang, 'otherSessions')}</h2>
            <SessionLinks eventId={event.id} sessions={event.sessions ?? []} skip={session.id} lang={lang} />
          </>
        )}
      </aside>
    </Layout>
  );
}

function SessionLinks(props: { eventId: string; sessions: Session[]; skip?: string; lang: Lang }) {
  return (
    <ul>
      {props.sessions.map((x, i) =>
        x.id === props.skip ? null : (
          <li>
            <a href={sheetHref(props.eventId, x.id)}>{sessionLabel(x, i + 1, props.sessions.length, props.lang)}</a>
          </li>
        ),
      )}
    </ul>
  );
}

/** An event with several sessions: which one to print. */
export function ChooseSessionPage(props: { meta: PageMeta; event: EventView }) {
  const { lang } = props.meta;
  const sessions = props.event.sessions ?? [];
  return (
    <Layout {...props.meta}>
      <h1>{s(lang, 'heading')}</h1>
      <EventStatusNotice event={props.event} lang={lang} />
      <p>
        <strong>{title(props.event, lang)}</strong>
      </p>
      {sessions.length === 0 ? (
        <p>{s(lang, 'noSessions')}</p>
      ) : (
        <>
          <h2>{s(lang, 'chooseSession')}</h2>
          <SessionLinks eventId={props.event.id} sessions={sessions} lang={lang} />
        </>
      )}
    </Layout>
  );
}

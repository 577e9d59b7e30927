import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import { byGivenName } from '../shared/text.js';
import type { attendanceReport } from './checkins.usecases.js';
import { EventStatusNotice, s, sessionTimes, sheetHref } from './attendance-common.js';

type Report = Awaited<ReturnType<typeof attendanceReport>>;

// The words the door shows for each answer (web/scanner-answer.js), for the conflicts table.
const RESULT_LABELS: Record<string, { vi: string; en: string }> = {
  ok: { vi: 'Mời vào', en: 'Checked in' },
  already_checked_in: { vi: 'Đã vào rồi', en: 'Already checked in' },
  not_confirmed: { vi: 'Chưa được xác nhận', en: 'Not confirmed' },
  outside_window: { vi: 'Ngoài giờ soát vé', en: 'Outside check-in time' },
  unknown: { vi: 'Không nhận ra vé', en: 'Unknown ticket' },
  wrong_event: { vi: 'Vé của sự kiện khác', en: 'Ticket for another event' },
  cancelled: { vi: 'Đăng ký đã hủy', en: 'Registration cancelled' },
};
const resultLabel = (code: string, lang: Lang) => RESULT_LABELS[code]?.[lang] ?? code;

/** "ok -> already_checked_in": what the device said, then what the server recorded. */
function conflictLabel(conflict: string, lang: Lang) {
  const [said, recorded] = conflict.split(' -> ');
  return recorded ? `${resultLabel(said!, lang)} → ${resultLabel(recorded, lang)}` : conflict;
}

function completionRule(event: EventView, sessions: number, lang: Lang) {
  const percent = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(event.completionShare);
  const needed = Math.max(1, Math.ceil(event.completionShare * sessions - 1e-9));
  return lang === 'vi'
    ? `Hoàn thành khi có mặt ít nhất ${percent} số buổi (${needed}/${sessions} buổi). Vắng có phép được ghi lại nhưng không tính là có mặt.`
    : `Completed with at least ${percent} of the sessions attended (${needed} of ${sessions}). Excused absences are recorded but do not count as attendance.`;
}

/** An event's attendance for organisers: per session, per person (with completion), and offline conflicts. */
export function AttendancePage(props: { meta: PageMeta; event: EventView; report: Report }) {
  const { lang } = props.meta;
  const { event, report } = props;
  const sessions = event.sessions ?? [];
  const counts = new Map(report.sessions.map((x) => [x.session_id, x]));
  const course = event.kind === 'training_class';
  const people = [...report.registrations].sort((a, b) => byGivenName(a.full_name, b.full_name));
  const confirmed = people.filter((r) => r.status === 'confirmed');
  const completed = confirmed.filter((r) => r.completed).length;
  const whenOf = (sessionId: string | null) => {
    const i = sessions.findIndex((x) => x.id === sessionId);
    return i < 0 ? '—' : `${i + 1}/${sessions.length}`;
  };
  return (
    <Layout {...props.meta}>
      <h1>
        {s(lang, 'attendanceHeading')} — {title(event, lang)}
      </h1>
      <EventStatusNotice event={event} lang={lang} />
      <h2>{s(lang, 'bySession')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{s(lang, 'session')}</th>
            <th scope="col">{s(lang, 'time')}</th>
            <th scope="col">{s(lang, 'present')}</th>
            <th scope="col">{s(lang, 'excused')}</th>
            <th scope="col">{s(lang, 'expected')}</th>
            <th scope="col">{s(lang, 'sheet')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((x, i) => {
            const c = counts.get(x.id);
            return (
              <tr>
                <td>
                  {i + 1}/{sessions.length}
                  {x.title ? ` — ${x.title}` : ''}
                </td>
                <td>{sessionTimes(x, lang)}</td>
                <td>{c?.present ?? 0}</td>
                <td>{c?.excused ?? 0}</td>
                <td>{c?.expected ?? 0}</td>
                <td>
                  <a href={sheetHref(event.id, x.id)}>{s(lang, 'print')}</a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{s(lang, 'byPerson')}</h2>
      {course && sessions.length > 0 && <p>{completionRule(event, sessions.length, lang)}</p>}
      {course && (
        <p>
          {s(lang, 'completed')}: {completed}/{confirmed.length}
        </p>
      )}
      {people.length === 0 ? (
        <p>{s(lang, 'nobody')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{s(lang, 'no')}</th>
              <th scope="col">{s(lang, 'name')}</th>
              <th scope="col">{s(lang, 'sessionsAttended')}</th>
              <th scope="col">{s(lang, 'excused')}</th>
              {course && <th scope="col">{s(lang, 'completed')}</th>}
            </tr>
          </thead>
          <tbody>
            {people.map((r, i) => (
              <tr>
                <td>{i + 1}</td>
                <td>
                  {r.full_name}
                  {r.status === 'cancelled' ? ` (${s(lang, 'cancelled')})` : ''}
                </td>
                <td>
                  {r.present}/{r.sessions}
                </td>
                <td>{r.excused}</td>
                {course && <td>{r.status !== 'confirmed' ? '—' : r.completed ? s(lang, 'yes') : s(lang, 'notYet')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {report.conflicts.length > 0 && (
        <>
          <h2>{s(lang, 'conflicts')}</h2>
          <p>{s(lang, 'conflictsHelp')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{s(lang, 'scannedAt')}</th>
                <th scope="col">{s(lang, 'receivedAt')}</th>
                <th scope="col">{s(lang, 'session')}</th>
                <th scope="col">{s(lang, 'device')}</th>
                <th scope="col">{s(lang, 'person')}</th>
                <th scope="col">{s(lang, 'deviceSaid')}</th>
              </tr>
            </thead>
            <tbody>
              {report.conflicts.map((x) => (
                <tr>
                  <td>{`${formatTime(new Date(x.scanned_at))} ${formatDay(new Date(x.scanned_at), lang)}`}</td>
                  <td>{`${formatTime(new Date(x.received_at))} ${formatDay(new Date(x.received_at), lang)}`}</td>
                  <td>{whenOf(x.session_id)}</td>
                  <td>{x.device_id}</td>
                  <td>{x.full_name ?? '—'}</td>
                  <td>{conflictLabel(x.conflict ?? '', lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}

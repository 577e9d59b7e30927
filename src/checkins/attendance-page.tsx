import type { z } from 'zod';
import type { EventView } from '../events/events.usecases.js';
import { ERRORS } from '../http/messages.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { byGivenName, foldForSearch, inLanguage } from '../shared/text.js';
import { doorOpensAt, formatDateTime, formatDay, formatTime, type Lang } from '../shared/time.js';
import { EventStatusNotice, type Session, s, sessionTimes, sheetHref } from './attendance-common.js';
import type { attendancePageQuery } from './checkins.schemas.js';
import type { attendanceReport } from './checkins.usecases.js';

type Report = Awaited<ReturnType<typeof attendanceReport>>;
type Query = z.infer<typeof attendancePageQuery>;

// The words the door shows for each answer (web/scanner-answer.js), for the conflicts table.
const RESULT_LABELS: Record<string, { vi: string; en: string }> = {
  ok: { vi: 'Mời vào', en: 'Checked in' },
  already_checked_in: { vi: 'Đã vào rồi', en: 'Already checked in' },
  not_confirmed: { vi: 'Chưa được xác nhận', en: 'Not confirmed' },
  outside_window: { vi: 'Ngoài giờ soát vé', en: 'Outside check-in time' },
  unknown: { vi: 'Không nhận ra vé', en: 'Unknown ticket' },
  wrong_event: { vi: 'Vé của sự kiện khác', en: 'Ticket for another event' },
  cancelled: { vi: 'Đăng ký đã huỷ', en: 'Registration cancelled' },
};
const resultLabel = (code: string, lang: Lang) => RESULT_LABELS[code]?.[lang] ?? code;

/** "ok -> already_checked_in": what the device said, then what the server recorded. */
function conflictLabel(conflict: string, lang: Lang) {
  const [said, recorded] = conflict.split(' -> ');
  return recorded ? `${resultLabel(said!, lang)} → ${resultLabel(recorded, lang)}` : conflict;
}

function completionRule(event: EventView, sessions: number, lang: Lang) {
  const percent = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(
    event.completionShare,
  );
  const needed = Math.max(1, Math.ceil(event.completionShare * sessions - 1e-9));
  return lang === 'vi'
    ? `Hoàn thành khi có mặt ít nhất ${percent} số buổi (${needed}/${sessions} buổi). Vắng có phép được ghi lại nhưng không tính là có mặt.`
    : `Completed with at least ${percent} of the sessions attended (${needed} of ${sessions}). Excused absences are recorded but do not count as attendance.`;
}

/** The session a mark most likely concerns: the one open now, else the last one begun, else the first. */
function likelySession(sessions: Session[], now: Date, opensMinutes: number) {
  const t = now.getTime();
  return (
    sessions.find((x) => t >= doorOpensAt(x.startsAt, opensMinutes).getTime() && t <= x.endsAt.getTime()) ??
    [...sessions].reverse().find((x) => x.startsAt.getTime() <= t) ??
    sessions[0]
  );
}

/** What the last mark did, or why it was not made, named by the person it was for. */
function Outcome(props: { query: Query; report: Report; sessions: Session[]; lang: Lang; opensMinutes: number }) {
  const { query, report, sessions, lang, opensMinutes } = props;
  const person = report.registrations.find((r) => r.registration_id === query.who);
  const said = query.marked ?? query.unchanged;
  if (!person || (!said && !query.error)) return null;
  // The query only says what to report; the data must agree, or a crafted link could claim a mark.
  const mark = report.marks.find((m) => m.registration_id === query.who && m.session_id === query.session);
  if (said && (said === 'absent' ? mark !== undefined : mark?.status !== said)) return null;
  const i = sessions.findIndex((x) => x.id === query.session);
  const where = i < 0 ? '' : `, ${s(lang, 'session').toLowerCase()} ${i + 1}/${sessions.length}`;
  if (query.error) {
    // When a session not yet open opens, so the organiser knows when to come back.
    const session = sessions[i];
    const opens =
      query.error === 'attendance.session_not_open' && session
        ? ` ${s(lang, 'opensAt')} ${formatDateTime(doorOpensAt(session.startsAt, opensMinutes), lang)}.`
        : '';
    return (
      <p class="notice danger" role="alert">
        {s(lang, 'notRecorded')}: {person.full_name}
        {where}. {ERRORS[query.error][lang]}.{opens}
      </p>
    );
  }
  if (query.unchanged) {
    const state = query.unchanged === 'absent' ? s(lang, 'noMark') : s(lang, query.unchanged === 'present' ? 'markPresent' : 'markExcused');
    return (
      <p class="notice" role="status">
        {s(lang, 'unchanged')} — {person.full_name}
        {where}: {state}.
      </p>
    );
  }
  const what =
    query.marked === 'absent'
      ? s(lang, 'cleared')
      : `${s(lang, 'recorded')}: ${s(lang, query.marked === 'present' ? 'markPresent' : 'markExcused')}`;
  return (
    <p class="notice ok" role="status">
      {what} — {person.full_name}
      {where}.
    </p>
  );
}

/** An event's attendance for organisers: per session, per person (with completion and marking), and offline conflicts. */
export function AttendancePage(props: { meta: PageMeta; event: EventView; report: Report; query: Query; now: Date; opensMinutes: number }) {
  const { lang } = props.meta;
  const { event, report, query } = props;
  const sessions = event.sessions ?? [];
  const counts = new Map(report.sessions.map((x) => [x.session_id, x]));
  const course = event.kind === 'training_class';
  const everyone = [...report.registrations].sort((a, b) => byGivenName(a.full_name, b.full_name));
  const confirmed = everyone.filter((r) => r.status === 'confirmed');
  const completed = confirmed.filter((r) => r.completed).length;
  const needle = query.q ? foldForSearch(query.q) : '';
  const people = needle ? everyone.filter((r) => foldForSearch(r.full_name).includes(needle)) : everyone;
  const marks = new Map(report.marks.map((m) => [`${m.registration_id}:${m.session_id}`, m]));
  const chosen = sessions.find((x) => x.id === query.session) ?? likelySession(sessions, props.now, props.opensMinutes);
  const action = `/admin/events/${event.id}/attendance`;
  // Conflicts an organiser has looked at leave the list, unless asked for.
  const toReview = report.conflicts.filter((x) => !x.reviewed_at);
  const reviewedCount = report.conflicts.length - toReview.length;
  const shownConflicts = query.reviewed ? report.conflicts : toReview;
  const justReviewed = report.conflicts.find((x) => Number(x.id) === query.reviewedScan && x.reviewed_at);
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
      <div class="scroll">
        <table>
          <ColumnHeads
            labels={[s(lang, 'session'), s(lang, 'time'), s(lang, 'present'), s(lang, 'excused'), s(lang, 'expected'), s(lang, 'sheet')]}
          />
          <tbody>
            {sessions.map((x, i) => {
              const c = counts.get(x.id);
              return (
                <tr>
                  <td>
                    {i + 1}/{sessions.length}
                    {x.title ? ` — ${inLanguage(x.title, x.titleEn, lang)}` : ''}
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
      </div>

      <h2>{s(lang, 'byPerson')}</h2>
      <p>
        {s(lang, 'attendedAny')}: <strong>{report.totals.attendedAny}</strong>/{report.totals.confirmed} {s(lang, 'ofConfirmed')}
      </p>
      {course && sessions.length > 0 && <p>{completionRule(event, sessions.length, lang)}</p>}
      {course && (
        <p>
          {s(lang, 'completed')}: {completed}/{confirmed.length}
        </p>
      )}
      <Outcome query={query} report={report} sessions={sessions} lang={lang} opensMinutes={props.opensMinutes} />
      <form method="get" action={action} class="inline-form" role="search">
        <label for="q">{s(lang, 'searchLabel')}</label> <input id="q" name="q" type="search" value={query.q ?? ''} maxlength={100} />{' '}
        <button type="submit">{s(lang, 'search')}</button>
        {query.q && (
          <>
            {' '}
            <a href={action}>{s(lang, 'showAll')}</a>
          </>
        )}
      </form>
      {everyone.length === 0 ? (
        <p>{s(lang, 'nobody')}</p>
      ) : people.length === 0 ? (
        <p>
          {s(lang, 'noMatch')} “{query.q}”.
        </p>
      ) : (
        <>
          <p class="hint">
            {s(lang, 'legend')}. {s(lang, 'markHelp')}
          </p>
          <p class="scroll-hint hint">{s(lang, 'scrollHint')}</p>
          <div class="scroll">
            <table class="attendance-grid">
              <thead>
                <tr>
                  <th scope="col">{s(lang, 'no')}</th>
                  <th scope="col">{s(lang, 'name')}</th>
                  {sessions.map((x, i) => (
                    <th scope="col" class="mark" title={sessionTimes(x, lang)}>
                      {i + 1}
                    </th>
                  ))}
                  <th scope="col">{s(lang, 'sessionsAttended')}</th>
                  {course && <th scope="col">{s(lang, 'completed')}</th>}
                  <th scope="col">{s(lang, 'markColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((r, i) => (
                  <tr id={`p-${r.registration_id}`} class={r.registration_id === query.who ? 'just-marked' : undefined}>
                    <td>{i + 1}</td>
                    <td>
                      {r.full_name}
                      {r.status === 'cancelled' ? ` (${s(lang, 'cancelled')})` : ''}
                    </td>
                    {sessions.map((x) => {
                      const m = marks.get(`${r.registration_id}:${x.id}`);
                      const word = !m
                        ? ''
                        : m.status === 'excused'
                          ? s(lang, 'excused')
                          : m.method === 'manual'
                            ? s(lang, 'markedByStaff')
                            : s(lang, 'present');
                      return (
                        <td class="mark" title={word || undefined}>
                          {!m ? '' : m.status === 'excused' ? 'P' : '✓'}
                        </td>
                      );
                    })}
                    <td>
                      {r.present}/{r.sessions}
                      {r.excused > 0 ? ` (+${r.excused} P)` : ''}
                    </td>
                    {course && <td>{r.status !== 'confirmed' ? '—' : r.completed ? s(lang, 'yes') : s(lang, 'notYet')}</td>}
                    <td>
                      <form method="post" action={action} class="mark-form">
                        <input type="hidden" name="registrationId" value={r.registration_id} />
                        {query.q && <input type="hidden" name="q" value={query.q} />}
                        <select name="sessionId" aria-label={s(lang, 'session')}>
                          {sessions.map((x, j) => (
                            <option value={x.id} selected={x.id === chosen?.id}>
                              {`${s(lang, 'session')} ${j + 1} · ${formatTime(x.startsAt)} ${formatDay(x.startsAt, lang)}`}
                            </option>
                          ))}
                        </select>{' '}
                        <select name="status" aria-label={s(lang, 'markColumn')}>
                          <option value="present">{s(lang, 'markPresent')}</option>
                          <option value="excused">{s(lang, 'markExcused')}</option>
                          <option value="absent">{s(lang, 'markClear')}</option>
                        </select>{' '}
                        <button type="submit">{s(lang, 'save')}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {report.conflicts.length > 0 && (
        <>
          <h2 id="conflicts">{s(lang, 'conflicts')}</h2>
          <p>{s(lang, 'conflictsHelp')}</p>
          {justReviewed && (
            <p class="notice ok" role="status">
              {s(lang, 'markedReviewed')}: {justReviewed.full_name ?? '—'}, {conflictLabel(justReviewed.conflict ?? '', lang)}.
            </p>
          )}
          {toReview.length === 0 ? <p class="notice ok">{s(lang, 'allReviewed')}</p> : null}
          {shownConflicts.length > 0 && (
            <div class="scroll">
              <table>
                <ColumnHeads
                  labels={[
                    s(lang, 'scannedAt'),
                    s(lang, 'receivedAt'),
                    s(lang, 'session'),
                    s(lang, 'heldBy'),
                    s(lang, 'person'),
                    s(lang, 'deviceSaid'),
                    s(lang, 'review'),
                  ]}
                />
                <tbody>
                  {shownConflicts.map((x) => (
                    <tr>
                      <td>{`${formatTime(new Date(x.scanned_at))} ${formatDay(new Date(x.scanned_at), lang)}`}</td>
                      <td>{`${formatTime(new Date(x.received_at))} ${formatDay(new Date(x.received_at), lang)}`}</td>
                      <td>{whenOf(x.session_id)}</td>
                      <td>
                        {x.held_by ?? '—'}{' '}
                        <span class="muted">({x.device_id.length > 16 ? `${x.device_id.slice(0, 16)}…` : x.device_id})</span>
                      </td>
                      <td>{x.full_name ?? '—'}</td>
                      <td>{conflictLabel(x.conflict ?? '', lang)}</td>
                      <td>
                        {x.reviewed_at ? (
                          `${s(lang, 'reviewedAt')} ${formatDateTime(new Date(x.reviewed_at), lang)}`
                        ) : (
                          <form method="post" action={`/admin/events/${event.id}/conflicts/${x.id}/review`}>
                            <button type="submit" class="secondary">
                              {s(lang, 'markReviewed')}
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {reviewedCount > 0 &&
            (query.reviewed ? (
              <p>
                <a href={`${action}#conflicts`}>{s(lang, 'hideReviewed')}</a>
              </p>
            ) : (
              <p>
                {s(lang, 'reviewedCount')}: {reviewedCount}. <a href={`${action}?reviewed=1#conflicts`}>{s(lang, 'showReviewed')}</a>
              </p>
            ))}
        </>
      )}
    </Layout>
  );
}

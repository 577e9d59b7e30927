import { ERRORS } from '../http/messages.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { inLanguage } from '../shared/text.js';
import { formatDateTime, formatDay, formatTime, type Lang } from '../shared/time.js';
import type { AttendancePageView, GridMark, MarkOutcomeView, PersonRow } from './attendance.presenter.js';
import { EventStatusNotice, s, sessionTimes, sheetHref } from './attendance-common.js';
import { ConflictsSection } from './attendance-conflicts.js';

function completionRule(completion: NonNullable<AttendancePageView['completion']>, lang: Lang) {
  const percent = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(
    completion.share,
  );
  const { needed, sessions } = completion;
  return lang === 'vi'
    ? `Hoàn thành khi có mặt ít nhất ${percent} số buổi (${needed}/${sessions} buổi). Vắng có phép được ghi lại nhưng không tính là có mặt.`
    : `Completed with at least ${percent} of the sessions attended (${needed} of ${sessions}). Excused absences are recorded but do not count as attendance.`;
}

/** What the last mark did, or why it was not made, named by the person it was for. */
function MarkOutcome(props: { outcome: MarkOutcomeView; lang: Lang }) {
  const { outcome, lang } = props;
  const where = outcome.session ? `, ${s(lang, 'session').toLowerCase()} ${outcome.session.number}/${outcome.session.count}` : '';
  if (outcome.kind === 'refused') {
    const opens = outcome.opensAt ? ` ${s(lang, 'opensAt')} ${formatDateTime(outcome.opensAt, lang)}.` : '';
    return (
      <p class="notice danger" role="alert">
        {s(lang, 'notRecorded')}: {outcome.person}
        {where}. {ERRORS[outcome.code][lang]}.{opens}
      </p>
    );
  }
  if (outcome.kind === 'unchanged') {
    const state = outcome.state === 'absent' ? s(lang, 'noMark') : s(lang, outcome.state === 'present' ? 'markPresent' : 'markExcused');
    return (
      <p class="notice" role="status">
        {s(lang, 'unchanged')} — {outcome.person}
        {where}: {state}.
      </p>
    );
  }
  const what =
    outcome.status === 'absent'
      ? s(lang, 'cleared')
      : `${s(lang, 'recorded')}: ${s(lang, outcome.status === 'present' ? 'markPresent' : 'markExcused')}`;
  return (
    <p class="notice ok" role="status">
      {what} — {outcome.person}
      {where}.
    </p>
  );
}

/** Per session: how many came, were excused, were expected, and its printable sheet. */
function SessionsTable(props: { view: AttendancePageView; lang: Lang }) {
  const { view, lang } = props;
  return (
    <div class="scroll">
      <table>
        <ColumnHeads
          labels={[s(lang, 'session'), s(lang, 'time'), s(lang, 'present'), s(lang, 'excused'), s(lang, 'expected'), s(lang, 'sheet')]}
        />
        <tbody>
          {view.sessions.map((x) => (
            <tr>
              <td>
                {x.number}/{x.count}
                {x.session.title ? ` — ${inLanguage(x.session.title, x.session.titleEn, lang)}` : ''}
              </td>
              <td>{sessionTimes(x.session, lang)}</td>
              <td>{x.present}</td>
              <td>{x.excused}</td>
              <td>{x.expected}</td>
              <td>
                <a href={sheetHref(view.event.id, x.session.id)}>{s(lang, 'print')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function markWord(mark: GridMark, lang: Lang) {
  if (!mark) return '';
  return mark === 'excused' ? s(lang, 'excused') : mark === 'by_staff' ? s(lang, 'markedByStaff') : s(lang, 'present');
}

/** One person's row: a mark per session, the tally, completion, and the form to mark them. */
function PersonLine(props: { view: AttendancePageView; person: PersonRow; index: number; lang: Lang }) {
  const { view, person: r, lang } = props;
  const action = `/admin/events/${view.event.id}/attendance`;
  return (
    <tr id={`p-${r.registrationId}`} class={r.justMarked ? 'just-marked' : undefined}>
      <td>{props.index + 1}</td>
      <td>
        {r.name}
        {r.cancelled ? ` (${s(lang, 'cancelled')})` : ''}
      </td>
      {r.marks.map((m) => (
        <td class="mark" title={markWord(m, lang) || undefined}>
          {!m ? '' : m === 'excused' ? 'P' : '✓'}
        </td>
      ))}
      <td>
        {r.present}/{r.sessions}
        {r.excused > 0 ? ` (+${r.excused} P)` : ''}
      </td>
      {view.course && <td>{!r.confirmed ? '—' : r.completed ? s(lang, 'yes') : s(lang, 'notYet')}</td>}
      <td>
        <form method="post" action={action} class="mark-form">
          <input type="hidden" name="registrationId" value={r.registrationId} />
          {view.q && <input type="hidden" name="q" value={view.q} />}
          <select name="sessionId" aria-label={s(lang, 'session')}>
            {view.sessions.map((x) => (
              <option value={x.session.id} selected={x.session.id === view.chosenSessionId}>
                {`${s(lang, 'session')} ${x.number} · ${formatTime(x.session.startsAt)} ${formatDay(x.session.startsAt, lang)}`}
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
  );
}

/** Everyone on the list (or those the search found), a mark per session, and a form per person. */
function PeopleGrid(props: { view: AttendancePageView; lang: Lang }) {
  const { view, lang } = props;
  if (view.everyone === 0) return <p>{s(lang, 'nobody')}</p>;
  if (view.people.length === 0) {
    return (
      <p>
        {s(lang, 'noMatch')} “{view.q}”.
      </p>
    );
  }
  return (
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
              {view.sessions.map((x) => (
                <th scope="col" class="mark" title={sessionTimes(x.session, lang)}>
                  {x.number}
                </th>
              ))}
              <th scope="col">{s(lang, 'sessionsAttended')}</th>
              {view.course && <th scope="col">{s(lang, 'completed')}</th>}
              <th scope="col">{s(lang, 'markColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {view.people.map((person, index) => (
              <PersonLine view={view} person={person} index={index} lang={lang} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** An event's attendance for organisers: per session, per person (with completion and marking), and offline conflicts. */
export function AttendancePage(props: { meta: PageMeta; view: AttendancePageView }) {
  const { lang } = props.meta;
  const { view } = props;
  const { event } = view;
  const action = `/admin/events/${event.id}/attendance`;
  return (
    <Layout {...props.meta}>
      <h1>
        {s(lang, 'attendanceHeading')} — {title(event, lang)}
      </h1>
      <EventStatusNotice event={event} lang={lang} />
      <h2>{s(lang, 'bySession')}</h2>
      <SessionsTable view={view} lang={lang} />

      <h2>{s(lang, 'byPerson')}</h2>
      <p>
        {s(lang, 'attendedAny')}: <strong>{view.totals.attendedAny}</strong>/{view.totals.confirmed} {s(lang, 'ofConfirmed')}
      </p>
      {view.completion && <p>{completionRule(view.completion, lang)}</p>}
      {view.course && (
        <p>
          {s(lang, 'completed')}: {view.totals.completed}/{view.totals.confirmed}
        </p>
      )}
      {view.outcome && <MarkOutcome outcome={view.outcome} lang={lang} />}
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for some browsers still in use; the role says the same */}
      <form method="get" action={action} class="inline-form" role="search">
        <label for="q">{s(lang, 'searchLabel')}</label> <input id="q" name="q" type="search" value={view.q ?? ''} maxlength={100} />{' '}
        <button type="submit">{s(lang, 'search')}</button>
        {view.q && (
          <>
            {' '}
            <a href={action}>{s(lang, 'showAll')}</a>
          </>
        )}
      </form>
      <PeopleGrid view={view} lang={lang} />

      <ConflictsSection eventId={event.id} conflicts={view.conflicts} lang={lang} />
    </Layout>
  );
}

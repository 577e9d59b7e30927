import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { formatTime, type Lang } from '../shared/time.js';
import type { Session } from './attendance.presenter.js';
import { EventStatusNotice, s, sessionLabel, sheetHref } from './attendance-common.js';
import type { SheetRow, SignInSheetView } from './sign-in-sheet.presenter.js';

/** A scan's time, or words: a mark made by staff prints no time (it is not an arrival time). */
function markText(mark: SheetRow['mark'], lang: Lang) {
  if (!mark) return '';
  if (mark.status === 'excused') return s(lang, 'excused');
  return mark.scannedAt ? formatTime(mark.scannedAt) : s(lang, 'markedByStaff');
}

/** One session's printed sign-in sheet: the names in Vietnamese order, a column to sign. */
export function SignInSheetPage(props: { meta: PageMeta; sheet: SignInSheetView; printedAt: string }) {
  const { lang } = props.meta;
  const { event, session, number, sessionCount, rows, counts } = props.sheet;
  const others = (event.sessions ?? []).filter((x) => x.id !== session.id);
  const line = sessionLabel(session, number, sessionCount, lang);
  return (
    <Layout {...props.meta}>
      <article class="sheet">
        <h1>{s(lang, 'sheetHeading')}</h1>
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
          {s(lang, 'confirmedPeople')}: {counts.confirmed} · {s(lang, 'checkedIn')}: {counts.present} · {s(lang, 'excused')}:{' '}
          {counts.excused}
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
                    {r.name}
                    {r.cancelledSince ? ` (${s(lang, 'cancelledSince')})` : ''}
                  </td>
                  <td>{r.facility ?? ''}</td>
                  <td>{markText(r.mark, lang)}</td>
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
      <h1>{s(lang, 'sheetHeading')}</h1>
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

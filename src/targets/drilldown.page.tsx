import type { EventKind } from '../db/schema.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS } from '../pages/strings.js';
import { formatDay, type Lang } from '../shared/time.js';
import { barLabel, chartLegend, ProgressBar, YearChart } from './charts.js';
import { Breadcrumbs, BreakdownTable, links, programmeName, ReachNotice, targetLabel, YearTable } from './dashboard.page.js';
import { COUNTED_LABELS, d, GENDER_LABELS, num, PACE_LABELS, pct } from './dashboard.strings.js';
import type { EventBehind, PeopleFilter, Programme, Reach, TargetDrillDown } from './dashboard.usecases.js';

type Person = NonNullable<TargetDrillDown['people']>[number];

/** Years to choose from, the chosen one marked; no script, plain links. */
function YearPicker(props: { lang: Lang; years: number[]; current: number | undefined; href: (year: number | undefined) => string }) {
  const { lang } = props;
  const item = (year: number | undefined, text: string) =>
    props.current === year ? (
      <li>
        <strong aria-current="page">{text}</strong>
      </li>
    ) : (
      <li>
        <a href={props.href(year)}>{text}</a>
      </li>
    );
  return (
    <nav aria-label={d(lang, 'year')}>
      <ul class="pills">
        {item(undefined, d(lang, 'allYears'))}
        {props.years.map((y) => item(y, String(y)))}
      </ul>
    </nav>
  );
}

function genderText(gender: string | null, lang: Lang): string {
  return gender === 'female' || gender === 'male' || gender === 'other' ? GENDER_LABELS[gender][lang] : GENDER_LABELS.unknown[lang];
}

/** What the people list is narrowed to, with a way back to all of them. */
function FilterNote(props: { lang: Lang; filter: PeopleFilter; clear: string }) {
  const { lang, filter } = props;
  const parts = [
    filter.district !== undefined && `${d(lang, 'district')}: ${filter.district === '-' ? d(lang, 'unknown') : filter.district}`,
    filter.gender !== undefined && `${d(lang, 'gender')}: ${genderText(filter.gender === '-' ? null : filter.gender, lang)}`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <p class="notice">
      {d(lang, 'filteredBy')}: <strong>{parts.join(' · ')}</strong> — <a href={props.clear}>{d(lang, 'clearFilter')}</a>
    </p>
  );
}

function EventsTable(props: { lang: Lang; events: EventBehind[]; metric: string }) {
  const { lang } = props;
  if (props.events.length === 0) return <p>{d(lang, 'noEvents')}</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{d(lang, 'event')}</th>
            <th scope="col">{d(lang, 'year')}</th>
            <th scope="col">{d(lang, 'endedOn')}</th>
            <th scope="col" class="num">
              {d(lang, 'attendees')}
            </th>
            <th scope="col" class="num">
              {props.metric === 'facilities_participated' ? d(lang, 'facilities') : d(lang, 'completed')}
            </th>
            <th scope="col">{d(lang, 'counts')}</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <tr class={e.counted === 'counted' ? undefined : 'not-counted'}>
              <td>
                <a href={`/events/${e.id}`}>{lang === 'en' && e.titleEn ? e.titleEn : e.title}</a>
                <br />
                <span class="muted small">{KIND_LABELS[e.kind as EventKind]?.[lang] ?? e.kind}</span>
              </td>
              <td>{e.year}</td>
              <td>{formatDay(e.endedAt, lang)}</td>
              <td class="num">{num(e.attendees, lang)}</td>
              <td class="num">{num(props.metric === 'facilities_participated' ? e.facilities : e.completed, lang)}</td>
              <td>{COUNTED_LABELS[e.counted][lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PeopleTable(props: { lang: Lang; people: Person[]; truncated: boolean }) {
  const { lang } = props;
  if (props.people.length === 0) return <p>{d(lang, 'noPeople')}</p>;
  return (
    <>
      {props.truncated && <p class="notice warn">{d(lang, 'truncated')}</p>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{d(lang, 'name')}</th>
              <th scope="col">{d(lang, 'district')}</th>
              <th scope="col">{d(lang, 'gender')}</th>
              <th scope="col">{d(lang, 'event')}</th>
              <th scope="col">{d(lang, 'year')}</th>
              <th scope="col" class="num">
                {d(lang, 'sessionsAttended')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.people.map((p) => (
              <tr>
                <td>{p.full_name}</td>
                <td>{p.district ?? d(lang, 'unknown')}</td>
                <td>{genderText(p.gender, lang)}</td>
                <td>{p.event_title}</td>
                <td>{p.yr}</td>
                <td class="num">
                  {p.present}/{p.sessions}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function TargetPage(props: { meta: PageMeta; data: TargetDrillDown; filter: PeopleFilter }) {
  const { lang } = props.meta;
  const { programme, target: t, filter } = { ...props.data, filter: props.filter };
  const label = targetLabel(t, lang);
  const shown = filter.year === undefined ? t.achieved : (t.byYear[String(filter.year)] ?? 0);
  const here = (query: PeopleFilter) => links.target(programme, t.code, query);
  return (
    <Layout {...props.meta}>
      <Breadcrumbs lang={lang} trail={[{ href: links.dashboard(programme), text: programmeName(programme, lang) }, { text: label }]} />
      <h1>{label}</h1>
      <ReachNotice lang={lang} reach={props.data.reach} />
      <p class="figure">
        <strong>{num(shown, lang)}</strong>{' '}
        {filter.year === undefined ? `/ ${num(t.goal, lang)} ${t.unit} (${pct(t.progress, lang)})` : `${t.unit} (${filter.year})`}{' '}
        <span class={`pace pace-${t.pace}`}>{PACE_LABELS[t.pace][lang]}</span>
      </p>
      <ProgressBar
        progress={t.progress}
        elapsed={t.timeElapsed}
        pace={t.pace}
        label={barLabel(lang, t.achieved, t.goal, t.progress, t.timeElapsed)}
      />
      {t.distinctPeople !== undefined && (
        <p>
          {d(lang, 'distinctPeople')} ({d(lang, 'allYears').toLowerCase()}): <strong>{num(t.distinctPeople, lang)}</strong>
        </p>
      )}
      <p class="muted small">
        {t.metric === 'events_held'
          ? `${d(lang, 'minAttendeesRule')} ${num(props.data.minAttendees, lang)} ${d(lang, 'attendeesWord')}.`
          : t.metric === 'learners_completed'
            ? d(lang, 'completionRule')
            : ''}
      </p>
      <YearChart byYear={t.byYear} goal={t.goal} lang={lang} label={`${d(lang, 'chartTitle')} — ${label}`} />
      <p class="muted small">{chartLegend(lang)}</p>
      <YearTable lang={lang} programme={programme} t={t} />
      <YearPicker lang={lang} years={props.data.years} current={filter.year} href={(year) => here({ ...filter, year })} />
      <h2>
        {d(lang, 'events')} ({num(props.data.events.length, lang)})
      </h2>
      <EventsTable lang={lang} events={props.data.events} metric={t.metric} />
      {props.data.people && (
        <>
          <h2 id="people">{d(lang, 'people')}</h2>
          {props.data.breakdown && props.data.breakdown.total > 0 && (
            <BreakdownTable
              lang={lang}
              breakdown={props.data.breakdown}
              caption={`${d(lang, 'learnersBreakdown')} (${d(lang, 'allYears').toLowerCase()})`}
              href={(district, gender) => `${here({ district: district === null ? '-' : district, gender })}#people`}
            />
          )}
          <FilterNote lang={lang} filter={filter} clear={`${here({ year: filter.year })}#people`} />
          <PeopleTable lang={lang} people={props.data.people} truncated={props.data.truncated} />
        </>
      )}
    </Layout>
  );
}

export function LearnersPage(props: {
  meta: PageMeta;
  programme: Programme;
  reach: Reach;
  years: number[];
  people: Person[];
  truncated: boolean;
  filter: PeopleFilter;
}) {
  const { lang } = props.meta;
  const { programme, filter } = props;
  const here = (query: PeopleFilter) => links.learners(programme, query);
  return (
    <Layout {...props.meta}>
      <Breadcrumbs
        lang={lang}
        trail={[{ href: links.dashboard(programme), text: programmeName(programme, lang) }, { text: d(lang, 'allLearnerTargets') }]}
      />
      <h1>{d(lang, 'allLearnerTargets')}</h1>
      <ReachNotice lang={lang} reach={props.reach} />
      <p class="muted small">{d(lang, 'breakdownNote')}</p>
      <YearPicker lang={lang} years={props.years} current={filter.year} href={(year) => here({ ...filter, year })} />
      <FilterNote lang={lang} filter={filter} clear={here({ year: filter.year })} />
      <PeopleTable lang={lang} people={props.people} truncated={props.truncated} />
    </Layout>
  );
}

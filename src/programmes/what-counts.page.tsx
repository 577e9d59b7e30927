import type { EventKind } from '../db/schema.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS, topicLabel } from '../pages/strings.js';
import { formatDay, type Lang } from '../shared/time.js';
import type { EventVerdict, WhatCounts } from '../targets/what-counts.usecases.js';
import { Crumbs } from './programme-form.js';
import { filterText } from './programme-targets.page.js';
import { METRIC_LABELS, ps, REASON_LABELS } from './programmes.strings.js';

function EventCell({ e, lang }: { e: EventVerdict; lang: Lang }) {
  const facts = [KIND_LABELS[e.kind as EventKind]?.[lang] ?? e.kind, e.topic && topicLabel(e.topic, lang), e.programmeCode]
    .filter(Boolean)
    .join(' · ');
  return (
    <td>
      <a href={`/events/${e.id}`}>{lang === 'en' && e.titleEn ? e.titleEn : e.title}</a>
      <br />
      <span class="muted small">{facts}</span>
    </td>
  );
}

function VerdictTable(props: { lang: Lang; events: EventVerdict[]; metric: WhatCounts['target']['metric']; why: boolean }) {
  const { lang } = props;
  const figure = (e: EventVerdict) =>
    props.metric === 'facilities_participated' ? e.facilities : props.metric === 'learners_completed' ? e.completed : e.attendees;
  const figureHead =
    props.metric === 'facilities_participated'
      ? ps(lang, 'facilities')
      : props.metric === 'learners_completed'
        ? ps(lang, 'completed')
        : ps(lang, 'attendees');
  return (
    <div class="scroll">
      <table class="verdicts stack-table">
        <thead>
          <tr>
            <th scope="col">{ps(lang, 'event')}</th>
            <th scope="col">{ps(lang, 'endedOn')}</th>
            <th scope="col" class="num">
              {figureHead}
            </th>
            {props.why && <th scope="col">{ps(lang, 'why')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <tr>
              <EventCell e={e} lang={lang} />
              <td data-label={ps(lang, 'endedOn')}>{e.endedAt ? formatDay(e.endedAt, lang) : '—'}</td>
              <td class="num" data-label={figureHead}>
                {figure(e)}
              </td>
              {props.why && (
                <td data-label={ps(lang, 'why')}>
                  <ul class="reasons">
                    {e.reasons.map((r) => (
                      <li>{REASON_LABELS[r][lang]}</li>
                    ))}
                  </ul>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /admin/programmes/:id/targets/:code/why: the events that count toward a target, and why the others do not. */
export function WhatCountsPage(props: { meta: PageMeta; data: WhatCounts }) {
  const { lang } = props.meta;
  const { programme: p, target: t } = props.data;
  const name = lang === 'en' ? p.nameEn : p.nameVi;
  const label = lang === 'en' ? t.labelEn : t.labelVi;
  const base = `/admin/programmes/${p.id}`;
  return (
    <Layout {...props.meta}>
      <Crumbs
        lang={lang}
        trail={[
          { href: '/admin/programmes', text: ps(lang, 'heading') },
          { href: `${base}/targets`, text: name },
          { text: ps(lang, 'whatCounts') },
        ]}
      />
      <h1>{label}</h1>
      <p>
        <a href={`${base}/targets/${t.code}`}>{ps(lang, 'dashboard')}</a>
      </p>
      {props.data.limited && <p class="notice">{ps(lang, 'limited')}</p>}
      <dl class="facts">
        <dt>{ps(lang, 'metric')}</dt>
        <dd>
          {METRIC_LABELS[t.metric][lang]} · {ps(lang, 'goal')} {t.goal} {t.unit}
        </dd>
        <dt>{ps(lang, 'filter')}</dt>
        <dd>
          {filterText({ eventKinds: t.eventKinds, topics: t.topics, fairScopes: t.fairScopes, minAttendees: t.minAttendees }, lang)}
          {t.metric === 'events_held' && ` · ≥ ${t.minAttendees} ${ps(lang, 'attendees').toLowerCase()}`}
        </dd>
        <dt>{ps(lang, 'rule')}</dt>
        <dd>{ps(lang, 'ruleEvents')}</dd>
      </dl>
      <h2>
        {ps(lang, 'counted')} ({props.data.counted.length})
      </h2>
      {props.data.counted.length === 0 ? (
        <p>{ps(lang, 'noneCounted')}</p>
      ) : (
        <VerdictTable lang={lang} events={props.data.counted} metric={t.metric} why={false} />
      )}
      <h2>
        {ps(lang, 'notCounted')} ({props.data.notCounted.length})
      </h2>
      {props.data.notCounted.length === 0 ? (
        <p>{ps(lang, 'noneOther')}</p>
      ) : (
        <VerdictTable lang={lang} events={props.data.notCounted} metric={t.metric} why />
      )}
    </Layout>
  );
}

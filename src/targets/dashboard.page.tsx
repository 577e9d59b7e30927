import { Layout, type PageMeta } from '../pages/layout.js';
import type { Lang } from '../shared/time.js';
import { barLabel, chartLegend, ProgressBar, YearChart } from './charts.js';
import { d, day, GENDER_LABELS, num, PACE_LABELS, pct, reachNote } from './dashboard.strings.js';
import { type Breakdown, type Dashboard, GENDER_KEYS, type GenderKey, type Programme, type Reach } from './dashboard.usecases.js';
import type { TargetProgress } from './targets.usecases.js';

/** Links to what is behind a number. `-` asks for the rows where district or gender is not given. */
export const links = {
  dashboard: (p: { id: string }) => `/admin/programmes/${p.id}`,
  target: (
    p: { id: string },
    code: string,
    query: { year?: number | undefined; district?: string | null | undefined; gender?: string | undefined } = {},
  ) => withQuery(`/admin/programmes/${p.id}/targets/${encodeURIComponent(code)}`, query),
  learners: (
    p: { id: string },
    query: { year?: number | undefined; district?: string | null | undefined; gender?: string | undefined } = {},
  ) => withQuery(`/admin/programmes/${p.id}/learners`, query),
  report: (p: { id: string }, ext: 'csv' | 'xlsx', lang: Lang) => `/api/v1/programmes/${p.id}/report.${ext}?lang=${lang}`,
};

function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.set(k, v === null ? '-' : String(v));
  }
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export function programmeName(p: Programme, lang: Lang): string {
  return lang === 'en' ? p.nameEn : p.nameVi;
}

export function targetLabel(t: { label: string; labelEn: string }, lang: Lang): string {
  return lang === 'en' ? t.labelEn : t.label;
}

/** Said at the top of every programme page whose numbers are only the reader's own events. */
export function ReachNotice(props: { lang: Lang; reach: Reach }) {
  if (!props.reach) return null;
  return <p class="notice warn">{reachNote(props.lang, props.reach.events)}</p>;
}

export function Breadcrumbs(props: { lang: Lang; trail: { href?: string; text: string }[] }) {
  return (
    <nav class="crumbs" aria-label={props.lang === 'vi' ? 'Bạn đang ở' : 'You are here'}>
      <a href="/admin">{d(props.lang, 'staffArea')}</a>
      {props.trail.map((step) => (
        <>
          {' › '}
          {step.href ? <a href={step.href}>{step.text}</a> : <span aria-current="page">{step.text}</span>}
        </>
      ))}
    </nav>
  );
}

/** Years as a table row of numbers, each leading to the events and people behind it. */
export function YearTable(props: { lang: Lang; programme: Programme; t: TargetProgress }) {
  const { lang, programme, t } = props;
  const years = Object.keys(t.byYear).sort();
  return (
    <div class="scroll">
      <table class="years">
        <caption class="visually-hidden">
          {d(lang, 'byYear')}: {targetLabel(t, lang)}
        </caption>
        <thead>
          <tr>
            {years.map((y) => (
              <th scope="col">{y}</th>
            ))}
            <th scope="col">{d(lang, 'total')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {years.map((y) => (
              <td>
                <a href={links.target(programme, t.code, { year: Number(y) })}>{num(t.byYear[y] ?? 0, lang)}</a>
              </td>
            ))}
            <td>
              <a href={links.target(programme, t.code)}>{num(t.achieved, lang)}</a>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const mean = (n: number | null, lang: Lang) =>
  n === null ? '—' : n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The survey's averages from the target's events, and how many answered. */
function FeedbackLine(props: { lang: Lang; feedback: NonNullable<TargetProgress['feedback']> }) {
  const { lang, feedback: f } = props;
  return (
    <p class="small target-feedback">
      {d(lang, 'feedback')}:{' '}
      {f.answers === 0 ? (
        <span class="muted">{d(lang, 'feedbackNone')}</span>
      ) : (
        <>
          {d(lang, 'feedbackUsefulness')} <strong>{mean(f.usefulness, lang)}</strong> · {d(lang, 'feedbackContent')}{' '}
          <strong>{mean(f.content, lang)}</strong> · {d(lang, 'feedbackTrainer')} <strong>{mean(f.trainer, lang)}</strong>{' '}
          <span class="muted">
            ({d(lang, 'feedbackAverage')}; {num(f.answers, lang)} {d(lang, 'feedbackAnswers')})
          </span>
        </>
      )}
    </p>
  );
}

function TargetCard(props: { lang: Lang; programme: Programme; t: TargetProgress }) {
  const { lang, programme, t } = props;
  const label = targetLabel(t, lang);
  return (
    <li class="target">
      <h3>
        <a href={links.target(programme, t.code)}>{label}</a>
      </h3>
      <p class="figure">
        <a href={links.target(programme, t.code)} aria-label={`${d(lang, 'achieved')}: ${num(t.achieved, lang)} ${t.unit}`}>
          <strong>{num(t.achieved, lang)}</strong>
        </a>
        {' / '}
        {num(t.goal, lang)} {t.unit} <span class="muted">({pct(t.progress, lang)})</span>{' '}
        <span class={`pace pace-${t.pace}`}>{PACE_LABELS[t.pace][lang]}</span>
      </p>
      <ProgressBar
        progress={t.progress}
        elapsed={t.timeElapsed}
        pace={t.pace}
        label={barLabel(lang, t.achieved, t.goal, t.progress, t.timeElapsed)}
      />
      <p class="muted small">
        {d(lang, 'expectedByNow')}: {num(Math.round(t.goal * t.timeElapsed), lang)} {t.unit}
        {t.distinctPeople !== undefined && (
          <>
            {' · '}
            {d(lang, 'distinctPeople')}: <strong>{num(t.distinctPeople, lang)}</strong>
          </>
        )}
      </p>
      {t.feedback && <FeedbackLine lang={lang} feedback={t.feedback} />}
      <details class="by-year" open>
        <summary>{d(lang, 'byYear')}</summary>
        <YearChart byYear={t.byYear} goal={t.goal} lang={lang} label={`${d(lang, 'chartTitle')} — ${label}`} />
        <YearTable lang={lang} programme={programme} t={t} />
      </details>
    </li>
  );
}

/** District × gender, every number leading to the people behind it. */
export function BreakdownTable(props: {
  lang: Lang;
  breakdown: Breakdown;
  href: (district: string | null | undefined, gender: string | undefined) => string;
  caption: string;
}) {
  const { lang, breakdown, href } = props;
  // Unknown gender is asked for as '-', like an unknown district.
  const g = (k: GenderKey) => (k === 'unknown' ? '-' : k);
  return (
    <div class="scroll">
      <table class="breakdown">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{d(lang, 'district')}</th>
            {GENDER_KEYS.map((k) => (
              <th scope="col" class="num">
                {GENDER_LABELS[k][lang]}
              </th>
            ))}
            <th scope="col" class="num">
              {d(lang, 'total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {breakdown.districts.map((row) => (
            <tr>
              <th scope="row">{row.district ?? d(lang, 'unknown')}</th>
              {GENDER_KEYS.map((k) => (
                <td class="num">{row.byGender[k] > 0 ? <a href={href(row.district, g(k))}>{num(row.byGender[k], lang)}</a> : '0'}</td>
              ))}
              <td class="num">
                <a href={href(row.district, undefined)}>{num(row.total, lang)}</a>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{d(lang, 'total')}</th>
            {GENDER_KEYS.map((k) => (
              <td class="num">
                {breakdown.byGender[k] > 0 ? <a href={href(undefined, g(k))}>{num(breakdown.byGender[k], lang)}</a> : '0'}
              </td>
            ))}
            <td class="num">
              <a href={href(undefined, undefined)}>{num(breakdown.total, lang)}</a>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function DashboardPage(props: { meta: PageMeta; data: Dashboard; asOf: string }) {
  const { lang } = props.meta;
  const { programme, targets, learners, elapsed } = props.data;
  const hasLearnerTargets = targets.some((t) => t.metric === 'learners_completed');
  return (
    <Layout {...props.meta}>
      <Breadcrumbs lang={lang} trail={[{ text: programmeName(programme, lang) }]} />
      <h1>{programmeName(programme, lang)}</h1>
      <ReachNotice lang={lang} reach={props.data.reach} />
      <dl class="facts">
        <dt>{d(lang, 'period')}</dt>
        <dd>
          {day(programme.startsOn, lang)} – {day(programme.endsOn, lang)}
        </dd>
        <dt>{d(lang, 'elapsed')}</dt>
        <dd>
          <meter min="0" max="1" value={elapsed.toFixed(3)}>
            {pct(elapsed, lang)}
          </meter>{' '}
          {pct(elapsed, lang)}
        </dd>
        <dt>{d(lang, 'asOf')}</dt>
        <dd>{props.asOf}</dd>
        {programme.legalBasis && (
          <>
            <dt>{d(lang, 'legalBasis')}</dt>
            <dd>{programme.legalBasis}</dd>
          </>
        )}
      </dl>
      <p class="actions">
        <span>{d(lang, 'download')}:</span>
        <a class="button secondary" href={links.report(programme, 'xlsx', lang)} download>
          XLSX
        </a>
        <a class="button secondary" href={links.report(programme, 'csv', lang)} download>
          CSV
        </a>
      </p>
      <h2>{d(lang, 'targets')}</h2>
      <p class="muted small">
        {d(lang, 'barLegend')} {chartLegend(lang)}
      </p>
      <ol class="targets">
        {targets.map((t) => (
          <TargetCard lang={lang} programme={programme} t={t} />
        ))}
      </ol>
      <h2 id="breakdown">{d(lang, 'learnersBreakdown')}</h2>
      {hasLearnerTargets ? (
        <>
          <p class="muted small">{d(lang, 'breakdownNote')}</p>
          <BreakdownTable
            lang={lang}
            breakdown={learners}
            caption={d(lang, 'allLearnerTargets')}
            href={(district, gender) => links.learners(programme, { district, gender })}
          />
        </>
      ) : (
        <p>{d(lang, 'noLearnerTargets')}</p>
      )}
    </Layout>
  );
}

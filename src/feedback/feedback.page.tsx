import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import type { EventResults, Survey } from './feedback.presenter.js';
import { isSurveyed, QUESTIONS, type Question } from './feedback.rules.js';
import { fs, MARK_WORDS, mean, QUESTION_TEXT } from './feedback.strings.js';

const MARKS = [1, 2, 3, 4, 5] as const;

/** What the form was sent with, to show it again beside its errors. */
export interface SurveyForm {
  values: Partial<Record<Question, string>> & { comment?: string };
  errors: Partial<Record<Question | 'comment', string>>;
}

/** One question: five large labelled buttons (radios), a phone's thumb wide each. */
function MarkChoice(props: { q: Question; lang: Lang; value: string | undefined; error: string | undefined }) {
  const { q, lang } = props;
  return (
    <fieldset class={`mark-choice${props.error ? ' has-error' : ''}`} id={`q-${q}`}>
      <legend>{QUESTION_TEXT[q][lang]}</legend>
      {props.error && (
        <p class="field-error" id={`q-${q}-error`}>
          {props.error}
        </p>
      )}
      <div class="marks">
        {MARKS.map((m) => (
          <label>
            <input
              type="radio"
              name={q}
              value={String(m)}
              checked={props.value === String(m)}
              required
              aria-describedby={props.error ? `q-${q}-error` : undefined}
            />
            <span class="mark">
              <strong>{m}</strong>
              <small>{MARK_WORDS[m][lang]}</small>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Given({ survey, lang }: { survey: Survey; lang: Lang }) {
  const a = survey.answer;
  if (!a) return null;
  return (
    <section class="card">
      <h2>{fs(lang, 'yourAnswer')}</h2>
      <dl class="facts">
        {QUESTIONS.map((q) => (
          <>
            <dt>{QUESTION_TEXT[q].short[lang]}</dt>
            <dd>
              {a[q]}/5 · {MARK_WORDS[a[q] as 1][lang]}
            </dd>
          </>
        ))}
        {a.comment && (
          <>
            <dt>{fs(lang, 'comments')}</dt>
            <dd class="comment-text">{a.comment}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** /manage/:token/feedback: the survey, the thanks once sent, or why it is not open. */
export function SurveyPage(props: { meta: PageMeta; survey: Survey; token: string; form?: SurveyForm; justSent?: boolean }) {
  const { meta, survey, token } = props;
  const { lang } = meta;
  const form = props.form ?? { values: {}, errors: {} };
  const back = `/manage/${token}`;
  const errors = Object.entries(form.errors);
  return (
    <Layout {...meta}>
      <p class="kicker">{title(survey.event, lang)}</p>
      {survey.state === 'given' && props.justSent ? (
        <>
          <h1>{fs(lang, 'thanksTitle')}</h1>
          <p class="notice ok" role="status">
            {fs(lang, 'thanks')}
          </p>
        </>
      ) : (
        <h1>{fs(lang, 'surveyTitle')}</h1>
      )}
      {survey.state === 'given' && !props.justSent && <p class="notice">{fs(lang, 'feedback.already_given')}</p>}
      {survey.state === 'given' && <Given survey={survey} lang={lang} />}
      {survey.state === 'refused' && survey.refusal && <p class="notice warn">{fs(lang, survey.refusal)}</p>}
      {survey.state === 'open' && (
        <form method="post" action={`${back}/feedback`} class="survey" id="survey-form">
          <p class="lead">{fs(lang, 'surveyLead')}</p>
          {errors.length > 0 && (
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
              <h2 id="error-summary-title">{fs(lang, 'errorsTitle')}</h2>
              <ul>
                {errors.map(([field, message]) => (
                  <li>
                    <a href={field === 'comment' ? '#comment' : `#q-${field}`}>
                      {field === 'comment' ? fs(lang, 'comment') : QUESTION_TEXT[field as Question].short[lang]}: {message}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {QUESTIONS.map((q) => (
            <MarkChoice q={q} lang={lang} value={form.values[q]} error={form.errors[q]} />
          ))}
          <label class="comment-field" for="comment">
            <span>{fs(lang, 'comment')}</span>
            {form.errors.comment && <span class="field-error">{form.errors.comment}</span>}
            <textarea id="comment" name="comment" rows={4} maxlength={1000} aria-describedby="comment-hint">
              {form.values.comment ?? ''}
            </textarea>
            <span class="hint" id="comment-hint">
              {fs(lang, 'commentHint')}
            </span>
          </label>
          <p class="cta">
            <button type="submit" class="primary">
              {fs(lang, 'send')}
            </button>
          </p>
        </form>
      )}
      <p>
        <a href={back}>{fs(lang, 'backToRegistration')}</a>
      </p>
    </Layout>
  );
}

/** A mark's share of the answers as a bar: SVG attributes, since the page's policy forbids inline styles. */
function DistributionBar(props: { n: number; total: number; label: string }) {
  const width = props.total > 0 ? Math.round((props.n / props.total) * 100) : 0;
  return (
    <svg class="dist-bar" viewBox="0 0 100 10" width="100" height="10" role="img" aria-label={props.label} preserveAspectRatio="none">
      <rect x="0" y="0" width="100" height="10" class="dist-track" />
      <rect x="0" y="0" width={String(width)} height="10" class="dist-fill" />
    </svg>
  );
}

function pct(share: number, lang: Lang): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%`;
}

/** /admin/events/:id/feedback: the event's answers for its organisers. */
export function ResultsPage(props: { meta: PageMeta; results: EventResults }) {
  const { lang } = props.meta;
  const r = props.results;
  const base = `/admin/events/${r.event.id}`;
  return (
    <Layout {...props.meta}>
      <nav class="crumbs" aria-label={lang === 'vi' ? 'Bạn đang ở' : 'You are here'}>
        <a href="/admin">{lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area'}</a> › <a href={base}>{title(r.event, lang)}</a> ›{' '}
        <span aria-current="page">{fs(lang, 'resultsTitle')}</span>
      </nav>
      <h1>
        {fs(lang, 'resultsTitle')} — {title(r.event, lang)}
      </h1>
      {!isSurveyed(r.event.kind) && <p class="notice warn">{fs(lang, 'notSurveyedEvent')}</p>}
      <dl class="facts feedback-facts">
        <dt>{fs(lang, 'answers')}</dt>
        <dd>
          <strong>{r.answers}</strong>
        </dd>
        <dt>{fs(lang, 'attended')}</dt>
        <dd>{r.attended}</dd>
        <dt>{fs(lang, 'responseRate')}</dt>
        <dd>{r.responseRate === null ? '—' : pct(r.responseRate, lang)}</dd>
      </dl>
      {r.answers === 0 ? (
        <p class="notice">{fs(lang, 'noAnswers')}</p>
      ) : (
        <div class="scroll">
          <table class="feedback-results">
            <thead>
              <tr>
                <th scope="col">{fs(lang, 'question')}</th>
                <th scope="col" class="num">
                  {fs(lang, 'average')}
                </th>
                <th scope="col">{fs(lang, 'distribution')}</th>
              </tr>
            </thead>
            <tbody>
              {r.questions.map((q) => (
                <tr>
                  <th scope="row" title={QUESTION_TEXT[q.question][lang]}>
                    {QUESTION_TEXT[q.question].short[lang]}
                  </th>
                  <td class="num">
                    <strong>{q.average === null ? '—' : mean(q.average, lang)}</strong>/5
                  </td>
                  <td>
                    <ul class="distribution">
                      {MARKS.map((m) => {
                        const n = q.distribution[m - 1] ?? 0;
                        const label = `${fs(lang, 'mark')} ${m} (${MARK_WORDS[m][lang]}): ${n}`;
                        return (
                          <li>
                            <span class="dist-mark">{m}</span>
                            <DistributionBar n={n} total={r.answers} label={label} />
                            <span class="dist-n">{n}</span>
                          </li>
                        );
                      })}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{fs(lang, 'comments')}</h2>
      {r.comments.length === 0 ? (
        <p class="muted">{fs(lang, 'noComments')}</p>
      ) : (
        <ul class="comments">
          {r.comments.map((c) => (
            <li>
              <p class="comment-text">{c.text}</p>
              <p class="muted small">{formatDateTime(c.submittedAt, lang)}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

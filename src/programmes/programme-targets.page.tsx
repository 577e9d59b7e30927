import type { EventKind, FairScope } from '../db/schema.js';
import { EVENT_KINDS, FAIR_SCOPES } from '../events/events.schemas.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS, SCOPE_LABELS, topicLabel } from '../pages/strings.js';
import type { Lang } from '../shared/time.js';
import { Checkboxes, Crumbs, ErrorList, FieldError, TextField } from './programme-form.js';
import type { PostedForm } from './programmes.forms.js';
import { METRICS } from './programmes.schemas.js';
import { METRIC_LABELS, ps } from './programmes.strings.js';
import type { ProgrammeView, TargetDefinition } from './programmes.usecases.js';

const name = (p: ProgrammeView, lang: Lang) => (lang === 'en' ? p.nameEn : p.name);
const label = (t: TargetDefinition, lang: Lang) => (lang === 'en' ? t.labelEn : t.label);

/** A target's filter in words: "Lớp đào tạo · Khởi sự kinh doanh, Quản trị doanh nghiệp · cấp huyện". */
export function filterText(f: TargetDefinition['filter'], lang: Lang): string {
  const kinds = f.eventKinds.length ? f.eventKinds.map((k) => KIND_LABELS[k as EventKind]?.[lang] ?? k).join(', ') : ps(lang, 'anyKind');
  const topics = f.topics.length ? f.topics.map((x) => topicLabel(x, lang)).join(', ') : ps(lang, 'anyTopic');
  const scopes = f.fairScopes.map((s) => SCOPE_LABELS[s as FairScope]?.[lang] ?? s).join(', ');
  return [kinds, topics, scopes].filter(Boolean).join(' · ');
}

/** /admin/programmes/:id/targets: the targets, how each is counted, and (for editors) a CSV upload. */
export function ProgrammeTargetsPage(props: {
  meta: PageMeta;
  programme: ProgrammeView;
  canEdit: boolean;
  notice?: string | undefined;
  csvForm: PostedForm;
}) {
  const { lang } = props.meta;
  const p = props.programme;
  const base = `/admin/programmes/${p.id}`;
  return (
    <Layout {...props.meta}>
      <Crumbs lang={lang} trail={[{ href: '/admin/programmes', text: ps(lang, 'heading') }, { text: name(p, lang) }]} />
      <h1>{name(p, lang)}</h1>
      <p>
        <a href={base}>{ps(lang, 'dashboard')}</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <h2>{ps(lang, 'targets')}</h2>
      {p.targets.length === 0 ? (
        <p>{ps(lang, 'noTargets')}</p>
      ) : (
        <div class="scroll">
          <table class="targets-table stack-table">
            <thead>
              <tr>
                <th scope="col">{ps(lang, 'target')}</th>
                <th scope="col" class="num">
                  {ps(lang, 'goal')}
                </th>
                <th scope="col">{ps(lang, 'filter')}</th>
                <th scope="col">{ps(lang, 'actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.targets.map((t) => (
                <tr>
                  <td>
                    {label(t, lang)}
                    <br />
                    <span class="muted small">
                      {t.code} · {METRIC_LABELS[t.metric][lang]}
                    </span>
                  </td>
                  <td class="num" data-label={ps(lang, 'goal')}>
                    {t.goal} <span class="muted small">{t.unit}</span>
                  </td>
                  <td data-label={ps(lang, 'filter')}>
                    {filterText(t.filter, lang)}
                    {t.metric === 'events_held' && ` · ≥ ${t.filter.minAttendees} ${ps(lang, 'attendees').toLowerCase()}`}
                  </td>
                  <td>
                    <div class="row-actions">
                      <a href={`${base}/targets/${t.code}/why`}>{ps(lang, 'whatCounts')}</a>
                      {props.canEdit && <a href={`${base}/targets/${t.code}/edit`}>{ps(lang, 'edit')}</a>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit && (
        <section aria-labelledby="csv">
          <h2 id="csv">{ps(lang, 'csvHeading')}</h2>
          <p class="muted small">{ps(lang, 'csvIntro')}</p>
          <form method="post" action={`${base}/targets`} enctype="multipart/form-data" class="stack account-form" novalidate>
            <ErrorList form={props.csvForm} lang={lang} />
            <div class={props.csvForm.errors.file ? 'field has-error' : 'field'}>
              <label for="f-file">{ps(lang, 'csvFile')}</label>
              <FieldError form={props.csvForm} name="file" />
              <input id="f-file" name="file" type="file" accept="text/csv,.csv" />
            </div>
            <button type="submit" class="primary">
              {ps(lang, 'upload')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** /admin/programmes/:id/targets/:code/edit: a target's goal, labels and filters. */
export function TargetEditPage(props: { meta: PageMeta; programme: ProgrammeView; target: TargetDefinition; form: PostedForm }) {
  const { lang } = props.meta;
  const { programme: p, target: t, form } = props;
  const base = `/admin/programmes/${p.id}`;
  return (
    <Layout {...props.meta}>
      <Crumbs
        lang={lang}
        trail={[
          { href: '/admin/programmes', text: ps(lang, 'heading') },
          { href: `${base}/targets`, text: name(p, lang) },
          { text: ps(lang, 'editHeading') },
        ]}
      />
      <h1>
        {ps(lang, 'editHeading')}: {label(t, lang)}
      </h1>
      <p class="muted small">{t.code}</p>
      <form method="post" action={`${base}/targets/${t.code}/edit`} class="stack account-form" novalidate>
        <ErrorList form={form} lang={lang} />
        <TextField form={form} name="labelVi" label={ps(lang, 'labelVi')} required />
        <TextField form={form} name="labelEn" label={ps(lang, 'labelEn')} required />
        <div class="field-pair">
          <TextField form={form} name="goal" label={ps(lang, 'goal')} required short />
          <TextField form={form} name="unit" label={ps(lang, 'unit')} required short />
        </div>
        <div class={form.errors.metric ? 'field has-error' : 'field'}>
          <label for="f-metric">{ps(lang, 'metric')}</label>
          <FieldError form={form} name="metric" />
          <select id="f-metric" name="metric">
            {METRICS.map((m) => (
              <option value={m} selected={form.values.metric === m}>
                {METRIC_LABELS[m][lang]}
              </option>
            ))}
          </select>
        </div>
        <Checkboxes
          form={form}
          name="eventKinds"
          legend={ps(lang, 'kinds')}
          options={EVENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k][lang] }))}
        />
        <TextField form={form} name="topics" label={ps(lang, 'topics')} hint={ps(lang, 'topicsHint')} />
        <Checkboxes
          form={form}
          name="fairScopes"
          legend={ps(lang, 'scopes')}
          hint={ps(lang, 'scopesHint')}
          options={FAIR_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s][lang] }))}
        />
        <TextField form={form} name="minAttendees" label={ps(lang, 'minAttendees')} required short />
        <div class="row-actions">
          <button type="submit" class="primary">
            {ps(lang, 'save')}
          </button>
          <a href={`${base}/targets`}>{ps(lang, 'cancel')}</a>
        </div>
      </form>
    </Layout>
  );
}

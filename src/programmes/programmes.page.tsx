import { Layout, type PageMeta } from '../pages/layout.js';
import type { Lang } from '../shared/time.js';
import { Crumbs, ErrorList, FieldError, TextField } from './programme-form.js';
import type { PostedForm } from './programmes.forms.js';
import type { ProgrammeRow } from './programmes.presenter.js';
import { ps } from './programmes.strings.js';

/** A programme's day as 01/01/2024 (the same in both languages). */
const day = (iso: string, _lang: Lang) => iso.split('-').reverse().join('/');

/** /admin/programmes: every programme, and for those who change them, create and import. */
export function ProgrammesPage(props: {
  meta: PageMeta;
  programmes: ProgrammeRow[];
  canEdit: boolean;
  notice?: string | undefined;
  createForm: PostedForm;
  importForm: PostedForm;
}) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <Crumbs lang={lang} trail={[{ text: ps(lang, 'heading') }]} />
      <h1>{ps(lang, 'heading')}</h1>
      <p>{ps(lang, 'intro')}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.programmes.length === 0 ? (
        <p>{ps(lang, 'none')}</p>
      ) : (
        <div class="scroll">
          <table class="programmes stack-table">
            <thead>
              <tr>
                <th scope="col">{ps(lang, 'name')}</th>
                <th scope="col">{ps(lang, 'period')}</th>
                <th scope="col" class="num">
                  {ps(lang, 'targets')}
                </th>
                <th scope="col">{ps(lang, 'actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.programmes.map((p) => (
                <tr>
                  <td>
                    <a href={`/admin/programmes/${p.id}`}>{lang === 'en' ? p.nameEn : p.name}</a>
                    {p.demo && <span class="badge demo">{ps(lang, 'demo')}</span>}
                    <br />
                    <span class="muted small">
                      {p.code} · {p.province}
                    </span>
                  </td>
                  <td data-label={ps(lang, 'period')}>
                    {day(p.startsOn, lang)} – {day(p.endsOn, lang)}
                  </td>
                  <td class="num" data-label={ps(lang, 'targets')}>
                    {p.targets}
                  </td>
                  <td>
                    <div class="row-actions">
                      <a href={`/admin/programmes/${p.id}`}>{ps(lang, 'dashboard')}</a>
                      <a href={`/admin/programmes/${p.id}/targets`}>{ps(lang, 'manageTargets')}</a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit && <CreateForm lang={lang} form={props.createForm} />}
      {props.canEdit && <ImportForm lang={lang} form={props.importForm} />}
    </Layout>
  );
}

function CreateForm({ lang, form }: { lang: Lang; form: PostedForm }) {
  return (
    <section aria-labelledby="create">
      <h2 id="create">{ps(lang, 'createHeading')}</h2>
      <p class="muted small">{ps(lang, 'createIntro')}</p>
      <form method="post" action="/admin/programmes" class="stack account-form" novalidate>
        <ErrorList form={form} lang={lang} />
        <TextField form={form} name="code" label={ps(lang, 'code')} hint={ps(lang, 'codeHint')} required />
        <TextField form={form} name="nameVi" label={ps(lang, 'nameVi')} required />
        <TextField form={form} name="nameEn" label={ps(lang, 'nameEn')} required />
        <TextField form={form} name="province" label={ps(lang, 'province')} required />
        <TextField form={form} name="legalBasis" label={ps(lang, 'legalBasis')} />
        <div class="field-pair">
          <TextField form={form} name="startsOn" label={ps(lang, 'startsOn')} type="date" required />
          <TextField form={form} name="endsOn" label={ps(lang, 'endsOn')} type="date" required />
        </div>
        <button type="submit" class="primary">
          {ps(lang, 'create')}
        </button>
      </form>
    </section>
  );
}

function ImportForm({ lang, form }: { lang: Lang; form: PostedForm }) {
  return (
    <section aria-labelledby="import">
      <h2 id="import">{ps(lang, 'importHeading')}</h2>
      <p class="muted small">{ps(lang, 'importIntro')}</p>
      <form method="post" action="/admin/programmes/import" enctype="multipart/form-data" class="stack account-form" novalidate>
        <ErrorList form={form} lang={lang} />
        <div class={form.errors.file ? 'field has-error' : 'field'}>
          <label for="f-file">{ps(lang, 'file')}</label>
          <FieldError form={form} name="file" />
          <input id="f-file" name="file" type="file" accept="application/json,.json" />
        </div>
        <div class="field">
          <label for="f-json">{ps(lang, 'pasteJson')}</label>
          <textarea id="f-json" name="json" rows={4}>
            {form.values.json ?? ''}
          </textarea>
        </div>
        <button type="submit" class="primary">
          {ps(lang, 'import')}
        </button>
      </form>
    </section>
  );
}

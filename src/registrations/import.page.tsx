import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import type { Lang } from '../shared/time.js';
import { irt } from './import.strings.js';
import type { ImportRowView, ImportSummary } from './import.usecases.js';
import type { CarriedFields } from './import-carry.js';

export const importHref = (eventId: string) => `/admin/events/${eventId}/registrations/import`;
export const printHref = (eventId: string, who: 'all' | 'no-email') => `/admin/events/${eventId}/tickets/print?who=${who}`;

/** What the page shows under the form: nothing yet, a preview to confirm, or what was imported. */
export type ImportStage =
  | { stage: 'upload'; errors: string[] }
  | { stage: 'preview'; rows: ImportRowView[]; summary: ImportSummary; carried: CarriedFields }
  | { stage: 'done'; rows: ImportRowView[]; summary: ImportSummary };

function Summary({ summary, lang, done }: { summary: ImportSummary; lang: Lang; done: boolean }) {
  return (
    <p class="pills import-summary" role="status">
      <strong class="st-new">
        {irt(lang, done ? 'added' : 'new')}: {summary.new}
      </strong>{' '}
      <strong class="st-duplicate">
        {irt(lang, 'duplicate')}: {summary.duplicate}
      </strong>{' '}
      <strong class="st-invalid">
        {irt(lang, 'invalid')}: {summary.invalid}
      </strong>
    </p>
  );
}

function RowsTable({ rows, lang }: { rows: ImportRowView[]; lang: Lang }) {
  return (
    <div class="scroll">
      <table class="import-rows">
        <ColumnHeads labels={[irt(lang, 'row'), irt(lang, 'name'), irt(lang, 'status'), irt(lang, 'messages')]} />
        <tbody>
          {rows.map((r) => (
            <tr class={`st-${r.status}`}>
              <td class="num">{r.row}</td>
              <td>{r.fullName ?? ''}</td>
              <td>
                <span class={`badge st-${r.status}`}>{irt(lang, r.status)}</span>
                {r.registration && (
                  <span class="small">
                    {' '}
                    ·{' '}
                    {irt(
                      lang,
                      r.registration.status === 'waitlisted' || r.registration.status === 'pending' ? r.registration.status : 'confirmed',
                    )}
                  </span>
                )}
              </td>
              <td>
                {(r.errors ?? []).map((e) => (
                  <div>{e}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /admin/events/:id/registrations/import: upload, preview each row, confirm; the templates. */
export function ImportPage(props: { meta: PageMeta; event: EventView; view: ImportStage }) {
  const { lang } = props.meta;
  const { event, view } = props;
  const action = importHref(event.id);
  return (
    <Layout {...props.meta}>
      <p class="crumbs">
        <a href={`/admin/events/${event.id}/registrations`}>{irt(lang, 'toList')}</a>
      </p>
      <h1>
        {irt(lang, 'heading')} — {title(event, lang)}
      </h1>
      {view.stage !== 'done' && (
        <>
          <p>{irt(lang, 'intro')}</p>
          <p class="hint">{event.emailRequired ? irt(lang, 'emailNeeded') : irt(lang, 'noPhone')}</p>
          <p>
            {irt(lang, 'template')}: <a href={`${action}/template.xlsx`}>Excel (.xlsx)</a> · <a href={`${action}/template.csv`}>CSV</a>
          </p>
        </>
      )}
      {view.stage === 'upload' && view.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>{irt(lang, 'errorTitle')}</h2>
          <ul>
            {view.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {view.stage !== 'done' && (
        <form method="post" action={action} enctype="multipart/form-data" class="stack import-upload">
          <label>
            {irt(lang, 'file')}
            <input
              type="file"
              name="file"
              required
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
          </label>
          <button type="submit" class={view.stage === 'upload' ? 'primary' : 'secondary'}>
            {irt(lang, 'check')}
          </button>
        </form>
      )}
      {view.stage === 'preview' && (
        <section class="import-preview">
          <h2>{irt(lang, 'previewHeading')}</h2>
          <Summary summary={view.summary} lang={lang} done={false} />
          {view.summary.new > 0 ? (
            <form method="post" action={`${action}/confirm`} class="actions">
              {(Object.keys(view.carried) as (keyof CarriedFields)[]).map((k) => (
                <input type="hidden" name={k} value={view.carried[k]} />
              ))}
              <button type="submit" class="primary">
                {irt(lang, 'confirm')}: {view.summary.new} {irt(lang, 'people')}
              </button>
            </form>
          ) : (
            <p class="notice">{irt(lang, 'nothingNew')}</p>
          )}
          <RowsTable rows={view.rows} lang={lang} />
        </section>
      )}
      {view.stage === 'done' && (
        <section class="import-result">
          <h2>{irt(lang, 'resultHeading')}</h2>
          <Summary summary={view.summary} lang={lang} done={true} />
          <p class="actions">
            <a class="button primary" href={printHref(event.id, 'no-email')}>
              {irt(lang, 'print')}
            </a>
            <a class="button secondary" href={printHref(event.id, 'all')}>
              {irt(lang, 'printAll')}
            </a>
            <a class="button secondary" href={`/admin/events/${event.id}/registrations`}>
              {irt(lang, 'toList')}
            </a>
            <a class="button secondary" href={action}>
              {irt(lang, 'other')}
            </a>
          </p>
          <RowsTable rows={view.rows} lang={lang} />
        </section>
      )}
    </Layout>
  );
}

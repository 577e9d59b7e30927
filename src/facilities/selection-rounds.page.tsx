import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { formatDay, type Lang } from '../shared/time.js';
import { fs } from './facilities.strings.js';
import type { RoundForm } from './facility-forms.js';
import { AWARD_LEVELS, PRODUCT_CATEGORIES, RESULT_LABELS, rs, SELECTION_LEVELS } from './selection-rounds.strings.js';
import type { RoundPageData, RoundsPageData } from './selection-rounds.usecases.js';

const EMPTY: RoundForm = { values: {}, errors: {} };

const day = (iso: string, lang: Lang) => formatDay(new Date(`${iso}T12:00:00+07:00`), lang);

function Errors({ form, lang }: { form: RoundForm; lang: Lang }) {
  const messages = Object.values(form.errors);
  if (messages.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{rs(lang, 'formErrors')}</p>
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

function Input(props: { form: RoundForm; name: string; label: string; hint?: string; type?: string; prefix?: string }) {
  const id = `f-${props.prefix ?? ''}${props.name}`;
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {error && <p class="field-error">{error}</p>}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form.values[props.name] ?? ''}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function Select(props: {
  form: RoundForm;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  lang: Lang;
  prefix?: string;
  hint?: string;
}) {
  const id = `f-${props.prefix ?? ''}${props.name}`;
  const error = props.form.errors[props.name];
  const chosen = props.form.values[props.name] ?? '';
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {error && <p class="field-error">{error}</p>}
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined}>
        <option value="">{rs(props.lang, 'choose')}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={chosen === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const options = <K extends string>(table: Record<K, { vi: string; en: string }>, lang: Lang) =>
  (Object.keys(table) as K[]).map((k) => ({ value: k, label: table[k][lang] }));

/** /admin/facilities/selection-rounds: the rounds, each with its counts, and a form to add one. */
export function SelectionRoundsPage(props: { meta: PageMeta; data: RoundsPageData; form?: RoundForm | undefined }) {
  const { lang } = props.meta;
  const form = props.form ?? EMPTY;
  const { rounds, programmes, canEdit } = props.data;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin/facilities">← {rs(lang, 'backToRegistry')}</a>
      </p>
      <h1>{rs(lang, 'heading')}</h1>
      <p>{rs(lang, 'intro')}</p>
      {rounds.length === 0 ? (
        <p>{rs(lang, 'none')}</p>
      ) : (
        <div class="scroll">
          <table class="rounds">
            <ColumnHeads
              labels={[
                rs(lang, 'title'),
                rs(lang, 'level'),
                rs(lang, 'heldOn'),
                rs(lang, 'entries'),
                rs(lang, 'awarded'),
                rs(lang, 'counted'),
              ]}
            />
            <tbody>
              {rounds.map((r) => (
                <tr>
                  <td>
                    <a href={`/admin/facilities/selection-rounds/${r.id}`}>{r.title}</a>
                    {r.programmeName && <span class="kicker">{r.programmeName}</span>}
                  </td>
                  <td>
                    {SELECTION_LEVELS[r.level][lang]}
                    {r.district && ` · ${r.district}`}
                  </td>
                  <td>{day(r.heldOn, lang)}</td>
                  <td class="num">
                    {r.recorded}/{r.entries}
                  </td>
                  <td class="num">{r.awarded}</td>
                  <td>{rs(lang, r.counted ? 'yes' : 'no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && (
        <section aria-labelledby="new-round">
          <h2 id="new-round">{rs(lang, 'newRound')}</h2>
          <form method="post" action="/admin/facilities/selection-rounds" class="stacked" novalidate>
            <Errors form={form} lang={lang} />
            <Input form={form} name="title" label={rs(lang, 'title')} />
            <Select form={form} name="level" label={rs(lang, 'level')} options={options(SELECTION_LEVELS, lang)} lang={lang} />
            <Input form={form} name="district" label={rs(lang, 'district')} hint={rs(lang, 'districtHint')} />
            <Input form={form} name="heldOn" label={rs(lang, 'heldOn')} hint={rs(lang, 'heldOnHint')} type="date" />
            <Select
              form={form}
              name="programmeId"
              label={rs(lang, 'programme')}
              options={programmes.map((p) => ({ value: p.id, label: lang === 'en' ? p.nameEn : p.name }))}
              lang={lang}
            />
            <button type="submit">{rs(lang, 'create')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** One round: its products with their results, a result form per product, and a form to enter one. */
export function SelectionRoundPage(props: {
  meta: PageMeta;
  data: RoundPageData;
  entryForm?: RoundForm | undefined;
  resultForm?: { entryId: string; form: RoundForm } | undefined;
  notice?: string | undefined;
}) {
  const { lang } = props.meta;
  const { round, entries, canEdit } = props.data;
  const entryForm = props.entryForm ?? EMPTY;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin/facilities/selection-rounds">← {rs(lang, 'backToRounds')}</a>
      </p>
      <h1>{round.title}</h1>
      <p>
        {SELECTION_LEVELS[round.level][lang]}
        {round.district && ` · ${round.district}`} · {day(round.heldOn, lang)}
        {round.programmeName && ` · ${lang === 'en' && round.programmeNameEn ? round.programmeNameEn : round.programmeName}`}
      </p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <h2>
        {rs(lang, 'entriesHeading')} ({props.data.awarded}/{entries.length} {rs(lang, 'awarded').toLowerCase()})
      </h2>
      {entries.length === 0 ? (
        <p>{rs(lang, 'noEntries')}</p>
      ) : (
        <ul class="entries">
          {entries.map((e) => {
            const failed = props.resultForm?.entryId === e.id ? props.resultForm.form : null;
            const form: RoundForm = failed ?? {
              values: { result: e.result ?? '', awardLevel: e.awardLevel ?? '', certificateNo: e.certificateNo ?? '' },
              errors: {},
            };
            return (
              <li class="entry card" id={`entry-${e.id}`}>
                <p class="entry-head">
                  <strong>{e.productName}</strong>
                  <span class="kicker">{PRODUCT_CATEGORIES[e.category as keyof typeof PRODUCT_CATEGORIES]?.[lang] ?? e.category}</span>
                </p>
                <p>
                  {rs(lang, 'facility')}: <a href={`/admin/facilities/${e.facilityId}`}>{e.facilityName}</a>
                  {e.taxCode && ` · ${e.taxCode}`} · {e.district}
                </p>
                <p class="entry-result">
                  {rs(lang, 'result')}:{' '}
                  <strong>
                    {e.result ? RESULT_LABELS[e.result][lang] : rs(lang, 'notRecorded')}
                    {e.awardLevel && ` · ${AWARD_LEVELS[e.awardLevel][lang]}`}
                  </strong>
                  {e.certificateNo && ` · ${rs(lang, 'certificateNo')}: ${e.certificateNo}`}
                </p>
                {canEdit && (
                  <details open={failed !== null}>
                    <summary>{rs(lang, 'record')}</summary>
                    <form
                      method="post"
                      action={`/admin/facilities/selection-rounds/${round.id}/entries/${e.id}/result`}
                      class="stacked"
                      novalidate
                    >
                      <Errors form={form} lang={lang} />
                      <Select
                        form={form}
                        name="result"
                        label={rs(lang, 'result')}
                        options={options(RESULT_LABELS, lang)}
                        lang={lang}
                        prefix={`${e.id}-`}
                      />
                      <Select
                        form={form}
                        name="awardLevel"
                        label={rs(lang, 'awardLevel')}
                        options={options(AWARD_LEVELS, lang)}
                        lang={lang}
                        prefix={`${e.id}-`}
                        hint={rs(lang, 'certificateHint')}
                      />
                      <Input
                        form={form}
                        name="certificateNo"
                        label={rs(lang, 'certificateNo')}
                        hint={rs(lang, 'certificateHint')}
                        prefix={`${e.id}-`}
                      />
                      <button type="submit">{rs(lang, 'record')}</button>
                    </form>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <section aria-labelledby="new-entry">
          <h2 id="new-entry">{rs(lang, 'newEntry')}</h2>
          <form method="post" action={`/admin/facilities/selection-rounds/${round.id}/entries`} class="stacked" novalidate>
            <Errors form={entryForm} lang={lang} />
            <Input form={entryForm} name="facilityName" label={rs(lang, 'facilityName')} hint={rs(lang, 'facilityNameHint')} />
            <Input form={entryForm} name="taxCode" label={rs(lang, 'taxCode')} />
            <Input form={entryForm} name="district" label={rs(lang, 'facilityDistrict')} />
            <Input form={entryForm} name="productName" label={rs(lang, 'product')} />
            <Select form={entryForm} name="category" label={rs(lang, 'category')} options={options(PRODUCT_CATEGORIES, lang)} lang={lang} />
            <button type="submit">{rs(lang, 'addEntry')}</button>
          </form>
        </section>
      )}
      {!canEdit && (
        <p class="hint">
          {fs(lang, 'staffArea')}: {rs(lang, 'readOnly')}
        </p>
      )}
    </Layout>
  );
}

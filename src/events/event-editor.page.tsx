import { title } from '../pages/catalogue.js';
import { ErrorSummary, Field, type FieldErrors, type FieldSpec, type FormValues } from '../pages/form-fields.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS, SCOPE_LABELS } from '../pages/strings.js';
import type { Lang } from '../shared/time.js';
import { es } from './event-editor.strings.js';
import type { EditorQuestion } from './event-editor.usecases.js';
import { EVENT_KINDS, FAIR_SCOPES } from './events.schemas.js';
import type { EventView } from './events.usecases.js';

export interface EditorProps {
  meta: PageMeta;
  /** The event being edited; none for a new one. */
  event: EventView | null;
  /** Every stored question (retired too), by id, for what the rule lets change. */
  questions: EditorQuestion[];
  programmes: { id: string; name: string }[];
  topics: { value: string; label: string }[];
  values: FormValues;
  errors: FieldErrors;
  rows: { sessions: number; questions: number };
  /** A fair's booths on its map: when there are any, its capacity is their number. */
  boothCount: number;
}

function basicSpecs(lang: Lang, props: EditorProps): FieldSpec[] {
  return [
    ...(props.event
      ? []
      : [
          {
            name: 'kind',
            label: es(lang, 'kind'),
            kind: 'select',
            required: true,
            options: EVENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k][lang] })),
          } satisfies FieldSpec,
        ]),
    { name: 'title', label: es(lang, 'title'), kind: 'text', required: true, maxLength: 200 },
    { name: 'titleEn', label: es(lang, 'titleEn'), kind: 'text', maxLength: 200 },
    { name: 'description', label: es(lang, 'description'), kind: 'textarea', maxLength: 10000 },
    { name: 'descriptionEn', label: es(lang, 'descriptionEn'), kind: 'textarea', maxLength: 10000 },
    { name: 'topic', label: es(lang, 'topic'), kind: 'select', hint: es(lang, 'topicHint'), options: props.topics },
    ...(props.event && props.event.kind !== 'fair'
      ? []
      : [
          {
            name: 'scope',
            label: es(lang, 'scope'),
            kind: 'select',
            hint: es(lang, 'scopeHint'),
            options: FAIR_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s][lang] })),
          } satisfies FieldSpec,
        ]),
    {
      name: 'programmeId',
      label: es(lang, 'programme'),
      kind: 'select',
      options: props.programmes.map((p) => ({ value: p.id, label: p.name })),
    },
  ];
}

function placeSpecs(lang: Lang, boothCount: number): FieldSpec[] {
  const hint = boothCount > 0 ? es(lang, 'capacityFollowsBooths').replace('{n}', String(boothCount)) : es(lang, 'capacityHint');
  return [
    { name: 'venue.name', label: es(lang, 'venueName'), kind: 'text', maxLength: 200 },
    { name: 'venue.address', label: es(lang, 'venueAddress'), kind: 'text', maxLength: 300 },
    { name: 'venue.district', label: es(lang, 'venueDistrict'), kind: 'text', maxLength: 100 },
    { name: 'capacity', label: es(lang, 'capacity'), kind: 'number', required: true, hint },
  ];
}

function registrationSpecs(lang: Lang): FieldSpec[] {
  return [
    { name: 'registrationOpensAt', label: es(lang, 'opensAt'), kind: 'datetime-local', hint: es(lang, 'opensHint') },
    { name: 'registrationClosesAt', label: es(lang, 'closesAt'), kind: 'datetime-local', hint: es(lang, 'closesHint') },
    { name: 'requiresApproval', label: es(lang, 'requiresApproval'), kind: 'checkbox' },
    { name: 'emailRequired', label: es(lang, 'emailRequired'), kind: 'checkbox' },
    { name: 'completionShare', label: es(lang, 'completionShare'), kind: 'number', hint: es(lang, 'completionHint') },
    { name: 'certificatesAutomatic', label: es(lang, 'certificatesAutomatic'), kind: 'checkbox', hint: es(lang, 'certificatesHint') },
  ];
}

function sessionSpecs(lang: Lang, i: number): FieldSpec[] {
  return [
    // Required in a row that is used; an empty row is skipped (the form is novalidate, the server decides).
    { name: `sessions.${i}.startsAt`, label: es(lang, 'startsAt'), kind: 'datetime-local', required: true },
    { name: `sessions.${i}.endsAt`, label: es(lang, 'endsAt'), kind: 'datetime-local', required: true },
    { name: `sessions.${i}.title`, label: es(lang, 'sessionTitle'), kind: 'text', maxLength: 200 },
    { name: `sessions.${i}.titleEn`, label: es(lang, 'sessionTitleEn'), kind: 'text', maxLength: 200 },
  ];
}

const QUESTION_TYPES = [
  ['text', 'typeText'],
  ['choice', 'typeChoice'],
  ['yes_no', 'typeYesNo'],
  ['number', 'typeNumber'],
] as const;

function questionSpecs(lang: Lang, i: number): FieldSpec[] {
  return [
    { name: `questions.${i}.label`, label: es(lang, 'label'), kind: 'text', maxLength: 300, required: true },
    { name: `questions.${i}.labelEn`, label: es(lang, 'labelEn'), kind: 'text', maxLength: 300 },
    {
      name: `questions.${i}.type`,
      label: es(lang, 'type'),
      kind: 'select',
      required: true,
      options: QUESTION_TYPES.map(([value, key]) => ({ value, label: es(lang, key) })),
    },
    { name: `questions.${i}.options`, label: es(lang, 'options'), kind: 'textarea', hint: es(lang, 'optionsHint') },
    { name: `questions.${i}.required`, label: es(lang, 'required'), kind: 'checkbox' },
  ];
}

/** Every field the summary can name, rows included. */
function allSpecs(lang: Lang, props: EditorProps): FieldSpec[] {
  const rows = (n: number, make: (lang: Lang, i: number) => FieldSpec[]) => Array.from({ length: n }, (_, i) => make(lang, i)).flat();
  return [
    ...basicSpecs(lang, props),
    ...placeSpecs(lang, props.boothCount),
    { name: 'sessions', label: es(lang, 'sessions'), kind: 'text' },
    ...rows(props.rows.sessions, sessionSpecs),
    ...registrationSpecs(lang),
    { name: 'questions', label: es(lang, 'questions'), kind: 'text' },
    ...rows(props.rows.questions, questionSpecs),
  ];
}

function Fields(props: { specs: FieldSpec[]; values: FormValues; errors: FieldErrors; lang: Lang }) {
  return (
    <>
      {props.specs.map((spec) => (
        <Field spec={spec} values={props.values} errors={props.errors} lang={props.lang} />
      ))}
    </>
  );
}

function GroupError({ name, errors }: { name: string; errors: FieldErrors }) {
  const error = errors[name];
  return error ? <p class="field-error">{error}</p> : null;
}

function SessionRow(props: { i: number; values: FormValues; errors: FieldErrors; lang: Lang }) {
  const { i, values, lang } = props;
  const id = values[`sessions.${i}.id`];
  return (
    <fieldset class="block row" id={`session-${i}`}>
      <legend>
        {es(lang, 'session')} {i + 1}
      </legend>
      {id && <input type="hidden" name={`sessions.${i}.id`} value={id} />}
      <div class="pair">
        <Fields specs={sessionSpecs(lang, i).slice(0, 2)} values={values} errors={props.errors} lang={lang} />
      </div>
      <Fields specs={sessionSpecs(lang, i).slice(2)} values={values} errors={props.errors} lang={lang} />
      {id && (
        <label class="choice">
          <input type="checkbox" name={`sessions.${i}.remove`} value="yes" checked={values[`sessions.${i}.remove`] === 'yes'} />
          {es(lang, 'removeSession')}
        </label>
      )}
    </fieldset>
  );
}

function QuestionRow(props: { i: number; values: FormValues; errors: FieldErrors; lang: Lang; stored: EditorQuestion | undefined }) {
  const { i, values, lang, stored } = props;
  return (
    <fieldset class="block row" id={`question-${i}`}>
      <legend>
        {es(lang, 'question')} {i + 1}
        {stored?.retired && <span class="badge"> {es(lang, 'retired')}</span>}
      </legend>
      {stored && <input type="hidden" name={`questions.${i}.id`} value={stored.id} />}
      {stored?.answered && (
        <p class="hint">
          {es(lang, 'answered')}
          {stored.chosen.length > 0 && `. ${es(lang, 'chosen')}: ${stored.chosen.join(', ')}`}
        </p>
      )}
      <Fields specs={questionSpecs(lang, i)} values={values} errors={props.errors} lang={lang} />
      {stored?.answered ? (
        <label class="choice">
          <input type="checkbox" name={`questions.${i}.retired`} value="yes" checked={values[`questions.${i}.retired`] === 'yes'} />
          {es(lang, 'retireQuestion')}
        </label>
      ) : (
        stored && (
          <label class="choice">
            <input type="checkbox" name={`questions.${i}.remove`} value="yes" checked={values[`questions.${i}.remove`] === 'yes'} />
            {es(lang, 'removeQuestion')}
          </label>
        )
      )}
    </fieldset>
  );
}

/**
 * The event editor: every field the API takes, sessions and questions as rows. It works without
 * scripts: empty rows wait at the end of each list and "add rows" posts the form back with more.
 */
export function EventEditorPage(props: EditorProps) {
  const { lang } = props.meta;
  const { event, values, errors } = props;
  const action = event ? `/admin/events/${event.id}/edit` : '/admin/events/new';
  const storedById = new Map(props.questions.map((q) => [q.id, q]));
  return (
    <Layout {...props.meta}>
      <p>
        <a href={event ? `/admin/events/${event.id}` : '/admin'}>{es(lang, event ? 'backToEvent' : 'backToAdmin')}</a>
      </p>
      <h1>{event ? `${es(lang, 'editHeading')}: ${title(event, lang)}` : es(lang, 'newHeading')}</h1>
      <p>{es(lang, event ? 'editIntro' : 'newIntro')}</p>
      <ErrorSummary specs={allSpecs(lang, props)} errors={errors} lang={lang} />
      <form method="post" action={action} class="form editor" novalidate id="event-form">
        <fieldset class="block">
          <legend>{es(lang, 'basics')}</legend>
          {event && (
            <p>
              {es(lang, 'kind')}: <strong>{KIND_LABELS[event.kind][lang]}</strong>
            </p>
          )}
          <Fields specs={basicSpecs(lang, props)} values={values} errors={errors} lang={lang} />
        </fieldset>
        <fieldset class="block">
          <legend>{es(lang, 'place')}</legend>
          <Fields specs={placeSpecs(lang, props.boothCount)} values={values} errors={errors} lang={lang} />
        </fieldset>
        <section class="rows" id="f-sessions" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">{es(lang, 'sessions')}</h2>
          <p class="hint">{es(lang, 'sessionsHint')}</p>
          <GroupError name="sessions" errors={errors} />
          {Array.from({ length: props.rows.sessions }, (_, i) => (
            <SessionRow i={i} values={values} errors={errors} lang={lang} />
          ))}
        </section>
        <fieldset class="block">
          <legend>{es(lang, 'registration')}</legend>
          <Fields specs={registrationSpecs(lang)} values={values} errors={errors} lang={lang} />
        </fieldset>
        <section class="rows" id="f-questions" aria-labelledby="questions-heading">
          <h2 id="questions-heading">{es(lang, 'questions')}</h2>
          <p class="hint">{es(lang, 'questionsHint')}</p>
          <GroupError name="questions" errors={errors} />
          {Array.from({ length: props.rows.questions }, (_, i) => (
            <QuestionRow i={i} values={values} errors={errors} lang={lang} stored={storedById.get(values[`questions.${i}.id`] ?? '')} />
          ))}
        </section>
        {/* Save first: Enter in a field presses the form's first button. */}
        <p class="actions">
          <button type="submit" class="primary">
            {es(lang, event ? 'save' : 'saveNew')}
          </button>
          <button type="submit" name="more" value="rows" class="secondary">
            {es(lang, 'moreRows')}
          </button>
          <a class="button secondary" href={event ? `/admin/events/${event.id}` : '/admin'}>
            {es(lang, 'cancelEdit')}
          </a>
        </p>
      </form>
    </Layout>
  );
}

/** A cancelled or completed event: nothing to edit. */
export function NotEditablePage(props: { meta: PageMeta; event: EventView }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{title(props.event, lang)}</h1>
      <p class="notice warn">{es(lang, 'notEditable')}</p>
      <p>
        <a href={`/admin/events/${props.event.id}`}>{es(lang, 'backToEvent')}</a>
      </p>
    </Layout>
  );
}

import type { EventKind } from '../db/schema.js';
import type { FieldErrors, FormValues } from '../pages/form-fields.js';
import type { FieldIssue } from '../shared/errors.js';
import { inZone } from '../shared/time.js';
import type { EditorQuestion } from './event-editor.usecases.js';
import type { EventView } from './events.usecases.js';

/**
 * The editor's form as the JSON API's body: field names are the body's paths (`venue.name`,
 * `sessions.0.startsAt`), so the schema's and the use case's issues land beside their inputs.
 * Rows left empty or marked for removal are not sent; `rows` maps a body index back to its row.
 */

/** Empty rows shown below the filled ones, and how many more "add rows" gives. */
export const SPARE_ROWS = 1;
export const MORE_ROWS = 2;

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A datetime-local value ("2026-12-14T08:00", Vietnam time) as ISO 8601 with its offset; anything else as typed, for the schema to refuse. */
function instant(raw: string): string {
  return LOCAL.test(raw) ? `${raw}:00+07:00` : raw;
}

/** A time as a datetime-local input shows it, in Vietnam time. */
export function localInput(at: Date | null): string {
  return at ? inZone(at).toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** What a browser posts, as plain strings (the last of repeated names). */
export function formValues(body: Record<string, string | File | (string | File)[]>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    values[name] = typeof last === 'string' ? last : '';
  }
  return values;
}

/** How many session and question rows the values hold (the highest index named, plus one). */
export function rowCounts(values: FormValues): { sessions: number; questions: number } {
  const highest = (prefix: string) =>
    Object.keys(values).reduce((n, name) => {
      const m = name.match(new RegExp(`^${prefix}\\.(\\d+)\\.`));
      return m ? Math.max(n, Number(m[1]) + 1) : n;
    }, 0);
  return { sessions: highest('sessions'), questions: highest('questions') };
}

const v = (values: FormValues, name: string) => (values[name] ?? '').trim();
const number = (raw: string): number | string => (/^-?\d+([.,]\d+)?$/.test(raw) ? Number(raw.replace(',', '.')) : raw);

function sessionRows(values: FormValues, rows: number) {
  const body: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const at = (k: string) => v(values, `sessions.${i}.${k}`);
    if (at('remove') === 'yes') continue;
    if (!at('startsAt') && !at('endsAt') && !at('title') && !at('titleEn')) continue;
    body.push({
      ...(at('id') && { id: at('id') }),
      ...(at('title') && { title: at('title') }),
      ...(at('titleEn') && { titleEn: at('titleEn') }),
      startsAt: instant(at('startsAt')),
      endsAt: instant(at('endsAt')),
    });
    rowOf.push(i);
  }
  return { body, rowOf };
}

function questionRows(values: FormValues, rows: number, editing: boolean) {
  const body: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const at = (k: string) => v(values, `questions.${i}.${k}`);
    if (at('remove') === 'yes') continue;
    if (!at('label') && !at('labelEn') && !at('options')) continue;
    const type = at('type') || 'text';
    const options = at('options')
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean);
    body.push({
      ...(editing && at('id') && { id: at('id') }),
      label: at('label'),
      ...(at('labelEn') && { labelEn: at('labelEn') }),
      type,
      required: at('required') === 'yes',
      ...((type === 'choice' || options.length > 0) && { options }),
      ...(editing && at('retired') === 'yes' && { retired: true }),
    });
    rowOf.push(i);
  }
  return { body, rowOf };
}

export interface FormBody {
  body: Record<string, unknown>;
  /** Body index → form row, for the issues about one session or question. */
  sessionRow: number[];
  questionRow: number[];
}

/**
 * The posted form as `createEventSchema`'s body (`kind` given) or `updateEventSchema`'s (the
 * event's kind, which does not change): an update sends every field, cleared ones as null, so
 * the form is the whole truth; the use case then records and acts on what differs.
 */
export function formBody(values: FormValues, mode: { create: true } | { create: false; kind: EventKind }): FormBody {
  const rows = rowCounts(values);
  const kind = mode.create ? v(values, 'kind') : mode.kind;
  const sessions = sessionRows(values, rows.sessions);
  const questions = questionRows(values, rows.questions, !mode.create);
  const optional = (name: string) => v(values, name) || (mode.create ? undefined : null);
  const venueGiven = v(values, 'venue.name') || v(values, 'venue.address') || v(values, 'venue.district');
  const share = v(values, 'completionShare');
  const body: Record<string, unknown> = {
    ...(mode.create && { kind }),
    title: v(values, 'title'),
    titleEn: v(values, 'titleEn') || undefined,
    description: v(values, 'description'),
    descriptionEn: v(values, 'descriptionEn') || undefined,
    capacity: v(values, 'capacity') === '' ? undefined : number(v(values, 'capacity')),
    venue: venueGiven
      ? {
          name: v(values, 'venue.name'),
          ...(v(values, 'venue.address') && { address: v(values, 'venue.address') }),
          ...(v(values, 'venue.district') && { district: v(values, 'venue.district') }),
        }
      : mode.create
        ? undefined
        : null,
    topic: optional('topic'),
    // Only a fair has a scope; another kind's form sends none, whatever the select held.
    scope: kind === 'fair' ? v(values, 'scope') || undefined : undefined,
    requiresApproval: v(values, 'requiresApproval') === 'yes',
    completionShare: share === '' ? undefined : typeof number(share) === 'number' ? Number(number(share)) / 100 : share,
    registrationOpensAt: v(values, 'registrationOpensAt') ? instant(v(values, 'registrationOpensAt')) : mode.create ? undefined : null,
    registrationClosesAt: v(values, 'registrationClosesAt') ? instant(v(values, 'registrationClosesAt')) : mode.create ? undefined : null,
    programmeId: optional('programmeId'),
    emailRequired: v(values, 'emailRequired') === 'yes',
    certificatesAutomatic: v(values, 'certificatesAutomatic') === 'yes',
    sessions: sessions.body,
    questions: questions.body,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body, sessionRow: sessions.rowOf, questionRow: questions.rowOf };
}

const COMPLETION_MESSAGE = 'Nhập phần trăm từ 1 đến 100 / Enter a percentage from 1 to 100';

/**
 * Each issue beside its input: body paths turned back into form rows, a number the form shows
 * as a percentage said as one. Messages stay as the API words them: Vietnamese, then English.
 */
export function formErrors(issues: FieldIssue[], shape: Pick<FormBody, 'sessionRow' | 'questionRow'>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    let field = issue.field;
    const row = field.match(/^(sessions|questions)\.(\d+)(\..+)?$/);
    if (row) {
      const map = row[1] === 'sessions' ? shape.sessionRow : shape.questionRow;
      const at = map[Number(row[2])];
      field = at === undefined ? (row[1] ?? field) : `${row[1]}.${at}${row[3] ?? '.label'}`;
      // An issue about a whole row (the session's times in order) sits beside its end.
      if (row[1] === 'sessions' && !row[3]) field = `sessions.${at}.endsAt`;
    }
    // A question's options arrive one per line: their issues belong to the one textarea.
    field = field.replace(/^(questions\.\d+\.options)\.\d+$/, '$1');
    if (field === 'completionShare') {
      errors[field] ??= COMPLETION_MESSAGE;
      continue;
    }
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The form filled with an event as stored, for editing it. */
export function valuesFromEvent(event: EventView, questions: EditorQuestion[]): FormValues {
  const values: FormValues = {
    kind: event.kind,
    title: event.title,
    titleEn: event.titleEn ?? '',
    description: event.description,
    descriptionEn: event.descriptionEn ?? '',
    topic: event.topic ?? '',
    scope: event.scope ?? '',
    capacity: String(event.capacity),
    'venue.name': event.venue?.name ?? '',
    'venue.address': event.venue?.address ?? '',
    'venue.district': event.venue?.district ?? '',
    registrationOpensAt: localInput(event.registrationOpensAt),
    registrationClosesAt: localInput(event.registrationClosesAt),
    requiresApproval: event.requiresApproval ? 'yes' : '',
    completionShare: String(Math.round(event.completionShare * 1000) / 10),
    programmeId: event.programmeId ?? '',
    emailRequired: event.emailRequired ? 'yes' : '',
    certificatesAutomatic: event.certificatesAutomatic ? 'yes' : '',
  };
  for (const [i, s] of (event.sessions ?? []).entries()) {
    values[`sessions.${i}.id`] = s.id;
    values[`sessions.${i}.title`] = s.title ?? '';
    values[`sessions.${i}.titleEn`] = s.titleEn ?? '';
    values[`sessions.${i}.startsAt`] = localInput(s.startsAt);
    values[`sessions.${i}.endsAt`] = localInput(s.endsAt);
  }
  for (const [i, q] of questions.entries()) {
    values[`questions.${i}.id`] = q.id;
    values[`questions.${i}.label`] = q.label;
    values[`questions.${i}.labelEn`] = q.labelEn ?? '';
    values[`questions.${i}.type`] = q.type;
    values[`questions.${i}.options`] = q.options.join('\n');
    values[`questions.${i}.required`] = q.required ? 'yes' : '';
    values[`questions.${i}.retired`] = q.retired ? 'yes' : '';
  }
  return values;
}

/** A fresh form: a training class, email required, the usual completion share. */
export function initialValues(): FormValues {
  return { kind: 'training_class', emailRequired: 'yes', completionShare: '80' };
}

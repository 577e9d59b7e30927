import type { EventView } from '../events/events.usecases.js';
import type { FieldErrors, FieldSpec, FormValues } from '../pages/form-fields.js';
import type { FieldIssue } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import { rt } from './registrations.strings.js';

export const PERSON_FIELDS = ['fullName', 'phone', 'email', 'gender', 'birthYear', 'district', 'commune', 'position', 'idNumber'] as const;
export const FACILITY_FIELDS = ['name', 'taxCode', 'district', 'address', 'sector', 'representative', 'products'] as const;
export const BOOTH_FIELDS = ['type', 'size', 'count', 'products'] as const;

/** What a browser posts, as plain strings (a file field, which the form never has, counts as empty). */
export function formValues(body: Record<string, string | File | (string | File)[]>): FormValues {
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    values[name] = typeof last === 'string' ? last : '';
  }
  return values;
}

/** Values a fresh form starts with. Consents stay unticked: silence is not consent. */
export function initialValues(event: EventView): FormValues {
  return event.kind === 'fair' ? { 'booth.type': 'standard', 'booth.size': '3x3', 'booth.count': '1' } : {};
}

function pick(values: FormValues, prefix: string, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, values[`${prefix}.${k}`] ?? '']));
}

export function formAnswer(type: NonNullable<EventView['questions']>[number]['type'], raw: string): string | number | boolean {
  if (type === 'yes_no') return raw === 'yes' ? true : raw === 'no' ? false : raw;
  // A number that does not parse is passed on as typed, so the use case says it is not valid.
  if (type === 'number' && /^-?\d+([.,]\d+)?$/.test(raw)) return Number(raw.replace(',', '.'));
  return raw;
}

/**
 * The form as the JSON API's body (`registrationSchema`): one schema and one use case behind
 * both. Field names are the body's paths, so the schema's issues land on the right inputs.
 */
export function toRegistrationBody(values: FormValues, event: EventView, lang: Lang): unknown {
  const answers: Record<string, string | number | boolean> = {};
  for (const q of event.questions ?? []) {
    const raw = (values[`answers.${q.id}`] ?? '').trim();
    if (raw !== '') answers[q.id] = formAnswer(q.type, raw);
  }
  // Outside fairs the facility is optional: sent only when named, in the person's district unless another is given.
  const ownFacility = (values['facility.name'] ?? '').trim()
    ? {
        name: values['facility.name'],
        taxCode: values['facility.taxCode'] ?? '',
        district: (values['facility.district'] ?? '').trim() || (values['person.district'] ?? ''),
      }
    : null;
  return {
    person: pick(values, 'person', PERSON_FIELDS),
    ...(event.kind === 'fair' && { facility: pick(values, 'facility', FACILITY_FIELDS), booth: pick(values, 'booth', BOOTH_FIELDS) }),
    ...(event.kind !== 'fair' && ownFacility && { facility: ownFacility }),
    answers,
    consent: { processing: values['consent.processing'] === 'yes', news: values['consent.news'] === 'yes' },
    lang,
  };
}

/** "Tiếng Việt / English" in the reader's language. */
function inLang(message: string, lang: Lang): string {
  const [vi = message, ...en] = message.split(' / ');
  return lang === 'vi' || en.length === 0 ? vi : en.join(' / ');
}

/**
 * One message per field, in the reader's language. A required field left empty says just that,
 * rather than a format rule about the empty string; issues that carry their own wording keep it.
 */
export function fieldErrors(issues: FieldIssue[], values: FormValues, specs: FieldSpec[], lang: Lang): FieldErrors {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const errors: FieldErrors = {};
  for (const issue of issues) {
    if (errors[issue.field]) continue;
    const spec = byName.get(issue.field);
    const empty = (values[issue.field] ?? '').trim() === '';
    // An empty field the rules need says so, rather than a length rule about the empty string:
    // a required one, or one needed because of another (a facility's district once it is named).
    const needed = spec?.required || issue.code === 'too_small';
    if (spec && needed && empty && spec.kind !== 'checkbox' && issue.code !== 'required') {
      errors[issue.field] = rt(lang, spec.kind === 'radio' || spec.kind === 'select' ? 'requiredChoice' : 'required');
    } else {
      errors[issue.field] = inLang(issue.message, lang);
    }
  }
  return errors;
}

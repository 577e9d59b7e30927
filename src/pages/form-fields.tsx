import type { Lang } from '../shared/time.js';
import { t } from './strings.js';

/** What a field looks like; a form is a list of these, so the error summary can name each one. */
export interface FieldSpec {
  /** The form field's name: the path of the value in the JSON API body (`person.phone`). */
  name: string;
  label: string;
  kind: 'text' | 'tel' | 'email' | 'number' | 'year' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'datetime-local' | 'date';
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
  autocomplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email';
  maxLength?: number;
}

/** Raw values as typed, by field name: re-shown as they were when the form comes back. */
export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** An id safe in URLs and CSS selectors; radios get one per option. */
export function fieldId(name: string, option?: string): string {
  const base = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return option === undefined ? base : `${base}-${option.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Where the summary's link for a field lands: the field, or a group's first option. */
export function fieldAnchor(spec: FieldSpec): string {
  return spec.kind === 'radio' && spec.options?.[0] ? fieldId(spec.name, spec.options[0].value) : fieldId(spec.name);
}

function describedBy(spec: FieldSpec, error: string | undefined): string | undefined {
  const ids = [spec.hint ? `${fieldId(spec.name)}-hint` : '', error ? `${fieldId(spec.name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ spec, lang }: { spec: FieldSpec; lang: Lang }) {
  return (
    <>
      {spec.label}
      {!spec.required && spec.kind !== 'checkbox' && <span class="optional"> {t(lang, 'optional')}</span>}
    </>
  );
}

function HintAndError({ spec, error, lang }: { spec: FieldSpec; error: string | undefined; lang: Lang }) {
  return (
    <>
      {spec.hint && (
        <p class="hint" id={`${fieldId(spec.name)}-hint`}>
          {spec.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${fieldId(spec.name)}-error`}>
          <span class="visually-hidden">{t(lang, 'errorPrefix')} </span>
          {error}
        </p>
      )}
    </>
  );
}

/** One labelled field with its hint and, after a failed post, its error right above the input. */
export function Field({ spec, values, errors, lang }: { spec: FieldSpec; values: FormValues; errors: FieldErrors; lang: Lang }) {
  const value = values[spec.name] ?? '';
  const error = errors[spec.name];
  const id = fieldId(spec.name);
  const aria = { 'aria-describedby': describedBy(spec, error), 'aria-invalid': error ? 'true' : undefined };
  const cls = error ? 'field has-error' : 'field';

  if (spec.kind === 'radio') {
    return (
      <fieldset class={cls} aria-describedby={aria['aria-describedby']}>
        <legend>
          <Label spec={spec} lang={lang} />
        </legend>
        <HintAndError spec={spec} error={error} lang={lang} />
        <div class="choices">
          {(spec.options ?? []).map((o) => (
            <label class="choice" for={fieldId(spec.name, o.value)}>
              <input
                type="radio"
                id={fieldId(spec.name, o.value)}
                name={spec.name}
                value={o.value}
                checked={value === o.value}
                required={spec.required}
                aria-invalid={aria['aria-invalid']}
              />
              {o.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (spec.kind === 'checkbox') {
    return (
      <div class={cls}>
        <HintAndError spec={spec} error={error} lang={lang} />
        <label class="choice" for={id}>
          <input type="checkbox" id={id} name={spec.name} value="yes" checked={value === 'yes'} required={spec.required} {...aria} />
          {spec.label}
        </label>
      </div>
    );
  }
  return (
    <div class={cls}>
      <label for={id}>
        <Label spec={spec} lang={lang} />
      </label>
      <HintAndError spec={spec} error={error} lang={lang} />
      <Control spec={spec} id={id} value={value} aria={aria} lang={lang} />
    </div>
  );
}

function Control(props: { spec: FieldSpec; id: string; value: string; aria: Record<string, string | undefined>; lang: Lang }) {
  const { spec, id, value, aria } = props;
  const common = { id, name: spec.name, required: spec.required, autocomplete: spec.autocomplete, inputmode: spec.inputMode, ...aria };
  switch (spec.kind) {
    case 'textarea':
      return (
        <textarea {...common} rows={3} maxlength={spec.maxLength}>
          {value}
        </textarea>
      );
    case 'select':
      return (
        <select {...common}>
          <option value="">{t(props.lang, 'choose')}</option>
          {(spec.options ?? []).map((o) => (
            <option value={o.value} selected={value === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'year':
      // A year is typed, not spun: a number input's arrows and scroll-to-change get in the way.
      return <input {...common} type="text" inputmode="numeric" maxlength={4} value={value} class="short" />;
    case 'number':
      return <input {...common} type="number" inputmode="decimal" step="any" value={value} class="short" />;
    default:
      return <input {...common} type={spec.kind} maxlength={spec.maxLength} value={value} />;
  }
}

/** The list of what went wrong at the top of the form, each linking to its field. */
export function ErrorSummary({ specs, errors, lang }: { specs: FieldSpec[]; errors: FieldErrors; lang: Lang }) {
  const known = new Set(specs.map((s) => s.name));
  const items = [
    ...specs.flatMap((s) => {
      const message = errors[s.name];
      if (!message) return [];
      // "Mã số thuế: Mã số thuế phải có…" says the name twice; a message that names its field stands alone.
      return [
        {
          href: `#${fieldAnchor(s)}`,
          text: message.toLowerCase().startsWith(s.label.toLowerCase()) ? message : `${s.label}: ${message}`,
        },
      ];
    }),
    // Issues about no single field (a missing block, an unknown question) still get said.
    ...Object.entries(errors)
      .filter(([name]) => !known.has(name))
      .map(([, text]) => ({ href: '#registration-form', text })),
  ];
  if (items.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{t(lang, 'errorSummary')}</h2>
      <ul>
        {items.map((i) => (
          <li>
            <a href={i.href}>{i.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

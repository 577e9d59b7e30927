import type { Child } from 'hono/jsx';
import type { Lang } from '../shared/time.js';
import type { PostedForm } from './programmes.forms.js';
import { ps } from './programmes.strings.js';

/** The trail from the staff area to this page. */
export function Crumbs(props: { lang: Lang; trail: { href?: string; text: string }[] }) {
  return (
    <nav class="crumbs" aria-label={props.lang === 'vi' ? 'Bạn đang ở' : 'You are here'}>
      <a href="/admin">{props.lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area'}</a>
      {props.trail.map((step) => (
        <>
          {' › '}
          {step.href ? <a href={step.href}>{step.text}</a> : <span aria-current="page">{step.text}</span>}
        </>
      ))}
    </nav>
  );
}

export function ErrorList({ form, lang }: { form: PostedForm; lang: Lang }) {
  const messages = Object.values(form.errors);
  if (messages.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{ps(lang, 'formErrors')}</p>
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ form, name }: { form: PostedForm; name: string }) {
  const error = form.errors[name];
  return error ? (
    <p class="field-error" id={`f-${name}-error`}>
      {error}
    </p>
  ) : null;
}

/** A labelled input with its hint and, after a failed post, its error above it. */
export function TextField(props: {
  form: PostedForm;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  short?: boolean;
}) {
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      <FieldError form={props.form} name={props.name} />
      <input
        id={`f-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required}
        class={props.short ? 'short' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `f-${props.name}-error` : undefined}
        value={props.form.values[props.name] ?? ''}
      />
    </div>
  );
}

/** Checkboxes for a list field (kinds, scopes). */
export function Checkboxes(props: {
  form: PostedForm;
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  children?: Child;
}) {
  const chosen = new Set(props.form.lists[props.name] ?? (props.form.values[props.name] ? [props.form.values[props.name]] : []));
  return (
    <fieldset class={props.form.errors[props.name] ? 'field has-error' : 'field'}>
      <legend>{props.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      <FieldError form={props.form} name={props.name} />
      <div class="choices">
        {props.options.map((o) => (
          <label class="choice">
            <input type="checkbox" name={props.name} value={o.value} checked={chosen.has(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

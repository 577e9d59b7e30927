import type { Role } from '../db/schema.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ROLE_LABELS } from '../pages/strings.js';
import { ColumnHeads } from '../pages/table.js';
import { formatDateTime, type Lang } from '../shared/time.js';
import type { AccountView, TokenView } from './users.presenter.js';
import { type UsersStringKey, us } from './users.strings.js';

/** An event an account or token may be given, as the checkboxes show it. */
export interface EventChoice {
  id: string;
  label: string;
}

/** A form as it was posted, with its errors by field (the reader's language). */
export interface PostedForm {
  values: Record<string, string>;
  eventIds: string[];
  errors: Record<string, string>;
}

export interface ShownOnce {
  kind: 'password' | 'token';
  label: string;
  secret: string;
}

const EMPTY: PostedForm = { values: {}, eventIds: [], errors: {} };

function FieldError({ form, name }: { form: PostedForm; name: string }) {
  const error = form.errors[name];
  return error ? (
    <p class="field-error" id={`${name}-error`}>
      {error}
    </p>
  ) : null;
}

function ErrorList({ form, lang }: { form: PostedForm; lang: Lang }) {
  const messages = Object.values(form.errors);
  if (messages.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{us(lang, 'formErrors')}</p>
      <ul>
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

function TextField(props: {
  form: PostedForm;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
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
        autocomplete={props.autocomplete}
        aria-invalid={error ? 'true' : undefined}
        value={props.type === 'password' ? '' : (props.form.values[props.name] ?? '')}
      />
    </div>
  );
}

export function RoleChoice({ form, lang }: { form: PostedForm; lang: Lang }) {
  const chosen = form.values.role ?? 'organiser';
  const options: [string, UsersStringKey][] = [
    ['organiser', 'roleOrganiser'],
    ['scanner', 'roleScanner'],
  ];
  return (
    <fieldset class={form.errors.role ? 'field has-error' : 'field'}>
      <legend>{us(lang, 'role')}</legend>
      <FieldError form={form} name="role" />
      <div class="choices">
        {options.map(([value, key]) => (
          <label class="choice">
            <input type="radio" name="role" value={value} checked={chosen === value} /> {us(lang, key)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function EventChoices({ form, events, lang }: { form: PostedForm; events: EventChoice[]; lang: Lang }) {
  const chosen = new Set(form.eventIds);
  return (
    <fieldset class={form.errors.eventIds ? 'field has-error event-choices' : 'field event-choices'}>
      <legend>{us(lang, 'events')}</legend>
      <p class="hint">{us(lang, 'eventsHint')}</p>
      <FieldError form={form} name="eventIds" />
      {events.length === 0 ? (
        <p>{us(lang, 'noEvents')}</p>
      ) : (
        events.map((e) => (
          <label class="choice">
            <input type="checkbox" name="eventIds" value={e.id} checked={chosen.has(e.id)} /> {e.label}
          </label>
        ))
      )}
    </fieldset>
  );
}

function eventList(ids: string[] | null, titles: Map<string, string>, lang: Lang): string {
  return ids === null ? us(lang, 'allEvents') : ids.map((id) => titles.get(id) ?? id).join('; ');
}

function roleLabel(role: Role, lang: Lang) {
  return ROLE_LABELS[role][lang];
}

export function ShownOnceNotice({ shown, lang }: { shown: ShownOnce; lang: Lang }) {
  return (
    <div class="notice ok" role="status">
      <p>
        {us(lang, shown.kind === 'password' ? 'shownOncePassword' : 'shownOnceToken')} <strong>{shown.label}</strong>.{' '}
        {us(lang, 'shownOnce')}
      </p>
      <p class="manage-url" id="shown-once">
        {shown.secret}
      </p>
    </div>
  );
}

export function UsersPage(props: {
  meta: PageMeta;
  me: string | null;
  accounts: AccountView[];
  tokens: TokenView[];
  events: EventChoice[];
  titles: Map<string, string>;
  notice?: string | undefined;
  shown?: ShownOnce | undefined;
  createForm?: PostedForm | undefined;
  tokenForm?: PostedForm | undefined;
}) {
  const { lang } = props.meta;
  const createForm = props.createForm ?? EMPTY;
  const tokenForm = props.tokenForm ?? EMPTY;
  const holders = props.accounts.filter((a) => a.active && a.role !== 'programme_manager');
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin">← {lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area'}</a>
      </p>
      <h1>{us(lang, 'heading')}</h1>
      <p>{us(lang, 'intro')}</p>
      {props.shown && <ShownOnceNotice shown={props.shown} lang={lang} />}
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}

      <h2>{us(lang, 'listHeading')}</h2>
      <div class="scroll">
        <table class="accounts">
          <ColumnHeads
            labels={[
              us(lang, 'person'),
              us(lang, 'role'),
              us(lang, 'events'),
              us(lang, 'state'),
              us(lang, 'lastSignIn'),
              us(lang, 'actions'),
            ]}
          />
          <tbody>
            {props.accounts.map((a) => (
              <tr class={a.active ? undefined : 'inactive'}>
                <td>
                  <strong class="wrap">{a.email}</strong>
                  {a.id === props.me && ` ${us(lang, 'you')}`}
                  {a.fullName && <span class="kicker">{a.fullName}</span>}
                </td>
                <td>{roleLabel(a.role, lang)}</td>
                <td>{eventList(a.eventIds, props.titles, lang)}</td>
                <td>{us(lang, a.active ? 'active' : 'deactivated')}</td>
                <td>{a.lastSignInAt ? formatDateTime(a.lastSignInAt, lang) : us(lang, 'never')}</td>
                <td>
                  <div class="row-actions">
                    <a href={`/admin/users/${a.id}/password`}>{us(lang, 'resetPassword')}</a>
                    {a.id !== props.me && (
                      <form method="post" action={`/admin/users/${a.id}/${a.active ? 'deactivate' : 'reactivate'}`}>
                        <button type="submit" class="secondary small">
                          {us(lang, a.active ? 'deactivate' : 'reactivate')}
                        </button>
                      </form>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="create">{us(lang, 'createHeading')}</h2>
      <form method="post" action="/admin/users" class="stack account-form" novalidate>
        <ErrorList form={createForm} lang={lang} />
        <TextField form={createForm} name="email" label={us(lang, 'email')} type="email" required autocomplete="off" />
        <TextField form={createForm} name="fullName" label={us(lang, 'fullName')} required autocomplete="off" />
        <RoleChoice form={createForm} lang={lang} />
        <EventChoices form={createForm} events={props.events} lang={lang} />
        <TextField
          form={createForm}
          name="password"
          label={us(lang, 'password')}
          type="password"
          hint={us(lang, 'passwordHint')}
          autocomplete="new-password"
        />
        <button type="submit" class="primary">
          {us(lang, 'create')}
        </button>
      </form>

      <h2 id="tokens">{us(lang, 'tokensHeading')}</h2>
      <p>{us(lang, 'tokensIntro')}</p>
      <form method="post" action="/admin/users/tokens" class="stack account-form" novalidate>
        <ErrorList form={tokenForm} lang={lang} />
        <TextField form={tokenForm} name="name" label={us(lang, 'tokenName')} required autocomplete="off" />
        <RoleChoice form={tokenForm} lang={lang} />
        <div class={tokenForm.errors.holderId ? 'field has-error' : 'field'}>
          <label for="f-holderId">{us(lang, 'holder')}</label>
          <FieldError form={tokenForm} name="holderId" />
          <select id="f-holderId" name="holderId">
            <option value="">{us(lang, 'noHolder')}</option>
            {holders.map((h) => (
              <option value={h.id} selected={tokenForm.values.holderId === h.id}>
                {h.email} ({roleLabel(h.role, lang)})
              </option>
            ))}
          </select>
        </div>
        <EventChoices form={tokenForm} events={props.events} lang={lang} />
        <button type="submit" class="primary">
          {us(lang, 'issue')}
        </button>
      </form>

      <h3>{us(lang, 'tokenList')}</h3>
      {props.tokens.length === 0 ? (
        <p>{us(lang, 'noTokens')}</p>
      ) : (
        <div class="scroll">
          <table class="accounts">
            <ColumnHeads
              labels={[
                us(lang, 'tokenName'),
                us(lang, 'role'),
                us(lang, 'events'),
                us(lang, 'holder'),
                us(lang, 'issuedAt'),
                us(lang, 'state'),
              ]}
            />
            <tbody>
              {props.tokens.map((t) => (
                <tr class={t.revokedAt ? 'inactive' : undefined}>
                  <td>{t.name}</td>
                  <td>{roleLabel(t.role, lang)}</td>
                  <td>{eventList(t.eventIds, props.titles, lang)}</td>
                  <td class="wrap">{t.holderEmail ?? '—'}</td>
                  <td>{formatDateTime(t.createdAt, lang)}</td>
                  <td>
                    {t.revokedAt ? (
                      `${us(lang, 'revokedAt')} ${formatDateTime(t.revokedAt, lang)}`
                    ) : (
                      <form method="post" action={`/admin/users/tokens/${t.id}/revoke`}>
                        <button type="submit" class="secondary small">
                          {us(lang, 'revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function ResetPasswordPage(props: { meta: PageMeta; account: AccountView; form?: PostedForm | undefined }) {
  const { lang } = props.meta;
  const form = props.form ?? EMPTY;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin/users">{us(lang, 'back')}</a>
      </p>
      <h1>
        {us(lang, 'resetHeading')}: {props.account.email}
      </h1>
      <p>{us(lang, 'resetIntro')}</p>
      <form method="post" action={`/admin/users/${props.account.id}/password`} class="stack account-form" novalidate>
        <ErrorList form={form} lang={lang} />
        <TextField
          form={form}
          name="password"
          label={us(lang, 'password')}
          type="password"
          hint={us(lang, 'passwordHint')}
          autocomplete="new-password"
        />
        <button type="submit" class="primary">
          {us(lang, 'resetSubmit')}
        </button>
      </form>
    </Layout>
  );
}

export { ErrorList, TextField };

import type { Role } from '../db/schema.js';
import { Layout, type PageMeta } from '../pages/layout.js';
import { ROLE_LABELS } from '../pages/strings.js';
import { ErrorList, type PostedForm, TextField } from './users.page.js';
import { us } from './users.strings.js';

/** /admin/account: who is signed in, and the form to change one's own password. */
export function AccountPage(props: { meta: PageMeta; email: string; role: Role; changed?: boolean; form?: PostedForm | undefined }) {
  const { lang } = props.meta;
  const form = props.form ?? { values: {}, eventIds: [], errors: {} };
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin">← {lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area'}</a>
      </p>
      <h1>{us(lang, 'accountHeading')}</h1>
      <p>
        {us(lang, 'signedInAs')} <strong class="wrap">{props.email}</strong> ({ROLE_LABELS[props.role][lang]})
      </p>
      {props.changed && (
        <p class="notice ok" role="status">
          {us(lang, 'changed')}; {us(lang, 'otherSessionsEnded')}.
        </p>
      )}
      <h2>{us(lang, 'changeHeading')}</h2>
      <p>{us(lang, 'changeIntro')}</p>
      <form method="post" action="/admin/account" class="stack account-form" novalidate>
        <ErrorList form={form} lang={lang} />
        <TextField form={form} name="current" label={us(lang, 'current')} type="password" required autocomplete="current-password" />
        <TextField form={form} name="next" label={us(lang, 'next')} type="password" required autocomplete="new-password" />
        <TextField form={form} name="again" label={us(lang, 'again')} type="password" required autocomplete="new-password" />
        <button type="submit" class="primary">
          {us(lang, 'change')}
        </button>
      </form>
    </Layout>
  );
}

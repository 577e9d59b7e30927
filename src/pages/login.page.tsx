import { Layout, type PageMeta } from './layout.js';
import { t } from './strings.js';

export function LoginPage(props: { meta: PageMeta; email?: string; error?: string; next?: string }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>{t(lang, 'signIn')}</h1>
      {props.error && (
        <p class="notice danger" role="alert" id="login-error">
          {props.error}
        </p>
      )}
      <form method="post" action="/login" class="stack" aria-describedby={props.error ? 'login-error' : undefined}>
        <label>
          {t(lang, 'email')}
          <input type="email" name="email" autocomplete="username" required value={props.email ?? ''} />
        </label>
        <label>
          {t(lang, 'password')}
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <button type="submit">{t(lang, 'signIn')}</button>
      </form>
    </Layout>
  );
}

import { Layout, type PageMeta } from './layout.js';
import { t } from './strings.js';

export function ErrorPage(props: { meta: PageMeta; status: number; message: string; requestId?: string }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <h1>
        {t(lang, 'error')} {props.status}
      </h1>
      <p role="alert">{props.message}</p>
      {props.requestId && (
        <p class="muted">
          {lang === 'vi' ? 'Mã yêu cầu' : 'Request id'}: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/">{t(lang, 'home')}</a>
      </p>
    </Layout>
  );
}

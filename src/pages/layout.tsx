import type { Child } from 'hono/jsx';
import type { Lang } from '../shared/time.js';
import { t } from './strings.js';

export interface PageMeta {
  lang: Lang;
  title: string;
  /** The current path and query, for the language switch. */
  path: string;
  signedIn?: boolean;
  noindex?: boolean;
}

function switchHref(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return url.pathname + url.search;
}

export function Layout(props: PageMeta & { children: Child }) {
  const { lang } = props;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.noindex && <meta name="robots" content="noindex" />}
        <title>{`${props.title} · ${t(lang, 'siteName')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          {lang === 'vi' ? 'Bỏ qua, đến nội dung chính' : 'Skip to main content'}
        </a>
        <header class="site">
          <a class="brand" href="/">
            {t(lang, 'siteName')}
          </a>
          <nav aria-label={lang === 'vi' ? 'Liên kết chính' : 'Main links'}>
            <a href={switchHref(props.path, lang)} hreflang={lang === 'vi' ? 'en' : 'vi'} lang={lang === 'vi' ? 'en' : 'vi'}>
              {t(lang, 'otherLanguage')}
            </a>
            {props.signedIn ? <a href="/admin">{t(lang, 'staffArea')}</a> : <a href="/login">{t(lang, 'signIn')}</a>}
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          <p>{t(lang, 'tagline')}</p>
        </footer>
      </body>
    </html>
  );
}

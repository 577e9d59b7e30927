import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { PageMeta } from './layout.js';

/** The layout's inputs from the request: language, path for the language switch, signed-in state. */
export function pageMeta<E extends AppEnv>(c: Context<E>, title: string, extra: Partial<PageMeta> = {}): PageMeta {
  const url = new URL(c.req.url);
  return { lang: c.get('lang') ?? 'vi', title, path: url.pathname + url.search, signedIn: Boolean(c.get('actor')), ...extra };
}

/** Back-office pages hold personal data: never kept by a shared cache or the browser. */
export const PRIVATE_PAGE_HEADERS = { 'Cache-Control': 'private, no-store' };

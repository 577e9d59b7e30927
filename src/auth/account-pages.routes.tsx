import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientKey } from '../http/client.js';
import type { AppDeps, AppEnv, SignedInEnv, StaffEnv } from '../http/env.js';
import { loginHref } from '../http/params.js';
import { readSessionCookie } from '../http/session-cookie.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { AppError } from '../shared/errors.js';
import { AccountPage } from './account.page.js';
import { changeOwnPassword } from './account.usecases.js';
import type { Actor } from './actor.js';
import type { PostedForm } from './users.page.js';
import { changePasswordForm, checkForm, postedFields } from './users.schemas.js';
import { half, us } from './users.strings.js';

/**
 * Anyone signed in with an account, whatever the role (door staff change their password too):
 * signed out goes to the sign-in page; a bearer token has no password to change (403).
 */
const accountHolders = createMiddleware<SignedInEnv>(async function accountHolders(c, next) {
  const actor = (c as unknown as Context<AppEnv>).get('actor');
  if (!actor) {
    const url = new URL(c.req.url);
    return c.redirect(loginHref(url.pathname + url.search), 303);
  }
  if (actor.kind !== 'user') throw new AppError('auth.forbidden');
  await next();
});

const WRONG_PASSWORD = 'Mật khẩu hiện tại không đúng / The current password is wrong';
const TOO_MANY_GUESSES =
  'Nhập sai mật khẩu hiện tại quá nhiều lần, vui lòng thử lại sau ít phút (tối đa 15 phút) / Too many wrong current passwords, try again in a few minutes (15 at most)';

/** /admin/account: one's own password. */
export function accountPages(deps: AppDeps) {
  const render = (c: Context<StaffEnv>, status: 200 | 422 | 429, extra: { changed?: boolean; form?: PostedForm } = {}) => {
    const actor = c.get('actor') as Extract<Actor, { kind: 'user' }>;
    const meta = pageMeta(c, us(c.get('lang'), 'accountHeading'), { noindex: true });
    return c.html(<AccountPage meta={meta} email={actor.email} role={actor.role} {...extra} />, status, PRIVATE_PAGE_HEADERS);
  };
  return new Hono<AppEnv>()
    .use(accountHolders)
    .get('/', (c) => render(c, 200, { changed: c.req.query('changed') === '1' }))
    .post('/', async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkForm(changePasswordForm, fields, lang);
      if (!checked.ok) return render(c, 422, { form: checked.form });
      const outcome = await changeOwnPassword(
        deps,
        c.get('actor'),
        {
          current: checked.data.current,
          next: checked.data.next,
          sessionToken: readSessionCookie(c, deps.config),
          client: clientKey(c, deps),
        },
        c.get('requestId'),
      );
      if (outcome.result === 'not_an_account') throw new AppError('auth.unauthenticated');
      if (outcome.result === 'throttled') {
        c.header('Retry-After', String(outcome.retryAfterSeconds));
        return render(c, 429, { form: { values: {}, eventIds: [], errors: { current: half(TOO_MANY_GUESSES, lang) } } });
      }
      if (outcome.result === 'wrong_password') {
        return render(c, 422, { form: { values: {}, eventIds: [], errors: { current: half(WRONG_PASSWORD, lang) } } });
      }
      return c.redirect('/admin/account?changed=1', 303);
    });
}

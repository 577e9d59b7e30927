import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { isHttps } from '../config.js';
import { listEventsForStaff } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, SignedInEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { AppError } from '../shared/errors.js';
import { formatDay } from '../shared/time.js';
import { hasRole } from './actor.js';
import { revokeApiToken } from './auth.usecases.js';
import { type PostedForm, ResetPasswordPage, type ShownOnce, UsersPage } from './users.page.js';
import { checkForm, createAccountForm, formFromError, issueTokenForm, postedFields, resetPasswordForm } from './users.schemas.js';
import { us } from './users.strings.js';
import * as users from './users.usecases.js';

const SHOWN_COOKIE = 'kc_shown_once';
const shownCookie = z.object({ kind: z.enum(['password', 'token']), label: z.string(), secret: z.string() });

/** Admins only: organisers get 403 (organiserPages already sent the signed-out to sign in, door staff 403). */
export const adminPagesOnly = createMiddleware<SignedInEnv>(async function adminPagesOnly(c, next) {
  if (!hasRole(c.get('actor'), 'admin')) throw new AppError('auth.forbidden');
  await next();
});

/** The secret just made, read once: the cookie is cleared as it is shown. */
function takeShown(c: Context): ShownOnce | null {
  const raw = getCookie(c, SHOWN_COOKIE);
  if (!raw) return null;
  deleteCookie(c, SHOWN_COOKIE, { path: '/admin/users' });
  try {
    const parsed = shownCookie.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const pageQuery = z.object({
  deactivated: z.uuid().optional(),
  reactivated: z.uuid().optional(),
  revoked: z.uuid().optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/**
 * /admin/users: accounts and API tokens, for admins. A password or token made here is shown
 * once, on the page a post/redirect/get lands on, carried there by a one-minute cookie scoped to
 * this path: a refresh shows the list, never a second secret from a re-sent form.
 */
export function usersPages(deps: AppDeps) {
  const showOnce = (c: Context, shown: ShownOnce) =>
    setCookie(c, SHOWN_COOKIE, JSON.stringify(shown), {
      path: '/admin/users',
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: 60,
      secure: isHttps(deps.config),
    });

  const render = async (
    c: Context<StaffEnv>,
    status: 200 | 422,
    extra: { notice?: string; shown?: ShownOnce; createForm?: PostedForm; tokenForm?: PostedForm } = {},
  ) => {
    const actor = c.get('actor');
    const lang = c.get('lang');
    const [{ accounts, tokens }, events] = await Promise.all([users.listAccounts(deps, actor), listEventsForStaff(deps, actor)]);
    const choices = events
      .filter((e) => e.status !== 'cancelled')
      .map((e) => ({ id: e.id, label: `${title(e, lang)}${e.startsAt ? ` (${formatDay(e.startsAt, lang)})` : ''}` }));
    const titles = new Map(events.map((e) => [e.id, title(e, lang)]));
    const meta = pageMeta(c, us(lang, 'heading'), { noindex: true });
    const me = actor.kind === 'user' ? actor.userId : null;
    return c.html(
      <UsersPage meta={meta} me={me} accounts={accounts} tokens={tokens} events={choices} titles={titles} {...extra} />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };

  return new Hono<AppEnv>()
    .use(organiserPages)
    .use(adminPagesOnly)
    .get('/', validate('query', pageQuery), async (c) => {
      const q = c.req.valid('query');
      const lang = c.get('lang');
      const shown = takeShown(c);
      const { accounts, tokens } = await users.listAccounts(deps, c.get('actor'));
      // Said only of what is so: a crafted link cannot claim a live account was deactivated.
      let notice: string | undefined;
      const account = (id: string | undefined) => accounts.find((a) => a.id === id);
      if (account(q.deactivated)?.active === false) notice = `${us(lang, 'deactivatedNotice')}: ${account(q.deactivated)?.email}`;
      if (account(q.reactivated)?.active) notice = `${us(lang, 'reactivatedNotice')}: ${account(q.reactivated)?.email}`;
      const revoked = tokens.find((t) => t.id === q.revoked && t.revokedAt !== null);
      if (revoked) notice = `${us(lang, 'revokedNotice')}: ${revoked.name}`;
      return render(c, 200, { ...(notice && { notice }), ...(shown && { shown }) });
    })
    .post('/', async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkForm(createAccountForm, fields, lang);
      if (!checked.ok) return render(c, 422, { createForm: checked.form });
      try {
        const created = await users.createAccount(deps, c.get('actor'), checked.data, c.get('requestId'));
        showOnce(c, { kind: 'password', label: created.user.email, secret: created.password });
        return c.redirect('/admin/users', 303);
      } catch (err) {
        return render(c, 422, { createForm: formFromError(err, fields, lang) });
      }
    })
    .post('/tokens', async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkForm(issueTokenForm, fields, lang);
      if (!checked.ok) return render(c, 422, { tokenForm: checked.form });
      try {
        const issued = await users.issueToken(deps, c.get('actor'), checked.data, c.get('requestId'));
        showOnce(c, { kind: 'token', label: issued.name, secret: issued.token });
        return c.redirect('/admin/users#tokens', 303);
      } catch (err) {
        return render(c, 422, { tokenForm: formFromError(err, fields, lang) });
      }
    })
    .post('/tokens/:id/revoke', validate('param', pathIds({ id: 'token.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      await revokeApiToken(deps, c.get('actor'), id, c.get('requestId'));
      return c.redirect(`/admin/users?revoked=${id}#tokens`, 303);
    })
    .get('/:id/password', validate('param', pathIds({ id: 'user.not_found' })), async (c) => {
      const account = await findAccountOrThrow(c, c.req.valid('param').id);
      const lang = c.get('lang');
      return c.html(
        <ResetPasswordPage meta={pageMeta(c, us(lang, 'resetHeading'), { noindex: true })} account={account} />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .post('/:id/password', validate('param', pathIds({ id: 'user.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      const account = await findAccountOrThrow(c, id);
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkForm(resetPasswordForm, fields, lang);
      if (!checked.ok) {
        return c.html(
          <ResetPasswordPage meta={pageMeta(c, us(lang, 'resetHeading'), { noindex: true })} account={account} form={checked.form} />,
          422,
          PRIVATE_PAGE_HEADERS,
        );
      }
      const reset = await users.resetPassword(deps, c.get('actor'), id, checked.data.password, c.get('requestId'));
      showOnce(c, { kind: 'password', label: reset.email, secret: reset.password });
      return c.redirect('/admin/users', 303);
    })
    .post('/:id/deactivate', validate('param', pathIds({ id: 'user.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      await users.deactivateAccount(deps, c.get('actor'), id, c.get('requestId'));
      return c.redirect(`/admin/users?deactivated=${id}`, 303);
    })
    .post('/:id/reactivate', validate('param', pathIds({ id: 'user.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      await users.reactivateAccount(deps, c.get('actor'), id, c.get('requestId'));
      return c.redirect(`/admin/users?reactivated=${id}`, 303);
    });

  async function findAccountOrThrow(c: Context<StaffEnv>, id: string) {
    const { accounts } = await users.listAccounts(deps, c.get('actor'));
    const account = accounts.find((a) => a.id === id);
    if (!account) throw new AppError('user.not_found');
    return account;
  }
}

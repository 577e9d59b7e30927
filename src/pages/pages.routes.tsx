import { Hono } from 'hono';
import { z } from 'zod';
import { attentionFor } from '../attention/attention.usecases.js';
import { login, logout } from '../auth/auth.usecases.js';
import { loginSchema, signInContext } from '../auth/sign-in.js';
import { EVENT_KINDS } from '../events/events.schemas.js';
import { getPublicEventOrThrow, listEventsForStaff, listPublicEvents } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { ERRORS } from '../http/messages.js';
import { safeNextPath } from '../http/params.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../http/session-cookie.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { listProgrammesWithTargets } from '../programmes/programmes.usecases.js';
import { monthRange } from '../shared/time.js';
import { AdminPage } from './admin.page.js';
import { CataloguePage } from './catalogue.js';
import { EventPage } from './event.page.js';
import { LoginPage } from './login.page.js';
import { pageMeta } from './page-meta.js';

const catalogueQuery = z.strictObject({
  kind: z.union([z.enum(EVENT_KINDS), z.literal('')]).optional(),
  month: z.union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), z.literal('')]).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/** Server-rendered pages of the shell: the public catalogue and event pages, sign-in, the staff front door. */
export function pages(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', validate('query', catalogueQuery), async (c) => {
      const { kind, month } = c.req.valid('query');
      const range = month ? monthRange(month) : undefined;
      const events = await listPublicEvents(deps, {
        kind: kind || undefined,
        // Without a month the catalogue shows what has not ended yet.
        from: (range?.from ?? deps.clock.now()).toISOString(),
        to: range?.to.toISOString(),
      });
      const lang = c.get('lang');
      return c.html(
        <CataloguePage
          meta={pageMeta(c, lang === 'vi' ? 'Sự kiện' : 'Events')}
          events={events}
          filter={{ kind: kind || undefined, month: month || undefined }}
        />,
      );
    })
    .get('/events/:id', validate('param', pathIds({ id: 'event.not_found' })), async (c) => {
      const event = await getPublicEventOrThrow(deps, c.req.valid('param').id);
      return c.html(<EventPage meta={pageMeta(c, event.title)} event={event} />);
    })
    .get('/login', (c) =>
      c.html(
        <LoginPage
          meta={pageMeta(c, c.get('lang') === 'vi' ? 'Đăng nhập' : 'Sign in', { noindex: true })}
          next={safeNextPath(c.req.query('next')) ?? undefined}
        />,
      ),
    )
    .post('/login', async (c) => {
      const form = await readForm(c);
      const parsed = checkInput(loginSchema, { email: form.email, password: form.password });
      const lang = c.get('lang');
      const meta = pageMeta(c, lang === 'vi' ? 'Đăng nhập' : 'Sign in', { noindex: true });
      const email = typeof form.email === 'string' ? form.email : '';
      const next = safeNextPath(form.next) ?? undefined;
      if (!parsed.success) {
        return c.html(<LoginPage meta={meta} email={email} next={next} error={ERRORS['validation.failed'][lang]} />, 422);
      }
      const { ctx, request } = signInContext(c, deps);
      const outcome = await login(ctx, { ...parsed.data, ...request });
      if (outcome.result !== 'ok') {
        const code = outcome.result === 'throttled' ? 'auth.throttled' : 'auth.invalid_credentials';
        return c.html(<LoginPage meta={meta} email={email} next={next} error={ERRORS[code][lang]} />, ERRORS[code].status as 401);
      }
      writeSessionCookie(c, deps.config, outcome.sessionToken, outcome.expiresAt);
      // The back office's inner pages are for organisers: door staff go to their own start page,
      // a programme manager too unless the page is a programme's.
      const role = outcome.user.role;
      const notTheirs =
        next?.startsWith('/admin/') && (role === 'scanner' || (role === 'programme_manager' && !next.startsWith('/admin/programmes/')));
      return c.redirect(next && !notTheirs ? next : '/admin', 303);
    })
    .post('/logout', async (c) => {
      const token = readSessionCookie(c, deps.config);
      if (token) await logout(deps, token);
      clearSessionCookie(c, deps.config);
      return c.redirect('/', 303);
    })
    .get('/admin', async (c) => {
      const actor = c.get('actor');
      if (!actor) return c.redirect('/login', 303);
      const [events, programmes, attention] = await Promise.all([
        listEventsForStaff(deps, actor),
        listProgrammesWithTargets(deps.db),
        attentionFor(deps, actor),
      ]);
      const lang = c.get('lang');
      return c.html(
        <AdminPage
          meta={pageMeta(c, lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area', { noindex: true })}
          actor={actor}
          events={events}
          programmes={programmes}
          now={deps.clock.now()}
          attention={attention}
        />,
      );
    });
}

import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { isHttps } from '../config.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages, requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { issueApiToken, revokeApiToken } from './auth.usecases.js';
import { DoorDevicesPage } from './door-devices.page.js';
import { doorDevicesPage, pairingQrSvg } from './door-devices.usecases.js';

const issueForm = z.strictObject({
  name: z.string().trim().min(2).max(100),
  // One checkbox ticked arrives as a string, several as a list.
  eventIds: z
    .union([z.uuid(), z.array(z.uuid()).max(200)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

const ISSUED_COOKIE = 'kc_issued_token';
const issuedCookie = z.object({ name: z.string(), token: z.string() });

/** The token just issued, read once: the cookie is cleared as it is shown. */
function takeIssued(c: Context<StaffEnv>): { name: string; token: string } | null {
  const raw = getCookie(c, ISSUED_COOKIE);
  if (!raw) return null;
  deleteCookie(c, ISSUED_COOKIE, { path: '/admin/devices' });
  try {
    const parsed = issuedCookie.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const pageQuery = z.object({ revoked: z.uuid().optional(), lang: z.enum(['vi', 'en']).optional() });

/**
 * /admin/devices: an admin issues a door device its token (scan-only, for the events it is
 * given), sees the tokens issued and revokes one. The API does the same under /api/v1/auth/tokens.
 */
export function doorDevicesPages(deps: AppDeps) {
  const render = async (
    c: Context<StaffEnv>,
    status: 200 | 422,
    extra: {
      issued?: { name: string; token: string; qrSvg: string };
      revokedId?: string | undefined;
      error?: string;
      form?: { name: string; eventIds: string[] };
    } = {},
  ) => {
    const view = await doorDevicesPage(deps, c.get('actor'), { revokedId: extra.revokedId });
    const lang = c.get('lang');
    const meta = pageMeta(c, lang === 'vi' ? 'Mã cho máy quét tại cửa' : 'Door device tokens', { noindex: true });
    // A token shown once must not stay in a cache or the history's copy of the page.
    const page = <DoorDevicesPage meta={meta} view={view} issued={extra.issued} error={extra.error} form={extra.form} />;
    return c.html(page, status, PRIVATE_PAGE_HEADERS);
  };
  return (
    new Hono<AppEnv>()
      // Admins only: a page of credentials; signed out goes to sign-in first.
      .use(organiserPages, requireRole('admin'))
      .get('/', validate('query', pageQuery), async (c) => {
        const issued = takeIssued(c);
        const shown = issued && { ...issued, qrSvg: await pairingQrSvg(issued.token) };
        return render(c, 200, { revokedId: c.req.valid('query').revoked, ...(shown && { issued: shown }) });
      })
      .post('/', validate('form', issueForm), async (c) => {
        const form = c.req.valid('form');
        const outcome = await issueApiToken(
          deps,
          c.get('actor'),
          { name: form.name, role: 'scanner', eventIds: form.eventIds },
          c.get('requestId'),
        );
        if (outcome.result === 'refused') {
          // The reason is "Vietnamese / English": the page shows the reader's half.
          const [vi, en] = outcome.issue.message.split(' / ');
          return render(c, 422, { error: (c.get('lang') === 'en' ? en : vi) ?? outcome.issue.message, form });
        }
        // Post/redirect/get: the new token rides a one-minute cookie to the page that shows it
        // once, so a refresh there shows the list, never a second token issued by a re-sent form.
        setCookie(c, ISSUED_COOKIE, JSON.stringify({ name: outcome.created.name, token: outcome.created.token }), {
          path: '/admin/devices',
          httpOnly: true,
          sameSite: 'Strict',
          maxAge: 60,
          secure: isHttps(deps.config),
        });
        return c.redirect('/admin/devices', 303);
      })
      .post('/:id/revoke', validate('param', pathIds({ id: 'token.not_found' })), async (c) => {
        const { id } = c.req.valid('param');
        await revokeApiToken(deps, c.get('actor'), id, c.get('requestId'));
        return c.redirect(`/admin/devices?revoked=${id}`, 303);
      })
  );
}

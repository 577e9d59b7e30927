import { Hono } from 'hono';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { scanIdOrThrow, uuidParamOrThrow } from '../http/params.js';
import { validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { AppError } from '../shared/errors.js';
import { formatDateTime } from '../shared/time.js';
import { sheetHref } from './attendance-common.js';
import { AttendancePage } from './attendance-page.js';
import { attendancePageQuery, markForm } from './checkins.schemas.js';
import { attendanceReport, type CheckinCtx, markByOrganiser, reviewConflict, signInSheet } from './checkins.usecases.js';
import { ChooseSessionPage, SignInSheetPage } from './sign-in-sheet-page.js';

/**
 * /admin/events/:id/attendance and /admin/events/:id/…/sign-in-sheet: an event's attendance
 * and the printable list of each session, for organisers.
 */
export function attendancePages(deps: AppDeps, ctx: CheckinCtx) {
  return (
    new Hono<AppEnv>()
      // On each route rather than `.use`: a mistyped path under /admin/events is a 404, not a sign-in.
      .get('/:id/attendance', organiserPages, validate('query', attendancePageQuery), async (c) => {
        const actor = c.get('actor')!;
        const event = await getEventForStaffOrThrow(deps, actor, uuidParamOrThrow(c.req.param('id'), 'event.not_found'));
        const report = await attendanceReport(ctx, actor, event.id);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Điểm danh' : 'Attendance'} — ${title(event, lang)}`, { noindex: true });
        const page = (
          <AttendancePage
            meta={meta}
            event={event}
            report={report}
            query={c.req.valid('query')}
            now={deps.clock.now()}
            opensMinutes={ctx.opensMinutes}
          />
        );
        return c.html(page, 200, PRIVATE_PAGE_HEADERS);
      })
      // A mark from the page's own form (someone without their ticket, an excuse, a mistake);
      // back to the page, which says what was recorded or why not.
      .post('/:id/attendance', organiserPages, validate('form', markForm), async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        const form = c.req.valid('form');
        const back = new URLSearchParams({ who: form.registrationId, session: form.sessionId, ...(form.q && { q: form.q }) });
        try {
          const outcome = await markByOrganiser(ctx, c.get('actor')!, eventId, form, c.get('requestId'));
          back.set(outcome === 'changed' ? 'marked' : 'unchanged', form.status);
        } catch (err) {
          const code = err instanceof AppError ? err.code : null;
          if (code !== 'attendance.session_not_open' && code !== 'attendance.already_present' && code !== 'registration.invalid_transition')
            throw err;
          back.set('error', code);
        }
        return c.redirect(`/admin/events/${eventId}/attendance?${back}#p-${form.registrationId}`, 303);
      })
      // An offline conflict looked at: it leaves the list to review.
      .post('/:id/conflicts/:scanId/review', organiserPages, async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        await reviewConflict(ctx, c.get('actor')!, eventId, scanIdOrThrow(c.req.param('scanId')), c.get('requestId'));
        return c.redirect(`/admin/events/${eventId}/attendance?reviewedScan=${scanIdOrThrow(c.req.param('scanId'))}#conflicts`, 303);
      })
      .get('/:id/sign-in-sheet', organiserPages, async (c) => {
        const event = await getEventForStaffOrThrow(deps, c.get('actor')!, uuidParamOrThrow(c.req.param('id'), 'event.not_found'));
        const sessions = event.sessions ?? [];
        if (sessions.length === 1) return c.redirect(sheetHref(event.id, sessions[0]!.id), 303);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Danh sách ký nhận' : 'Sign-in sheets'} — ${title(event, lang)}`, { noindex: true });
        return c.html(<ChooseSessionPage meta={meta} event={event} />, 200, PRIVATE_PAGE_HEADERS);
      })
      .get('/:id/sessions/:sessionId/sign-in-sheet', organiserPages, async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        const sessionId = uuidParamOrThrow(c.req.param('sessionId'), 'session.not_found');
        const sheet = await signInSheet(deps, c.get('actor')!, eventId, sessionId);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Danh sách ký nhận' : 'Sign-in sheet'} — ${title(sheet.event, lang)}`, {
          noindex: true,
        });
        return c.html(
          <SignInSheetPage meta={meta} sheet={sheet} printedAt={formatDateTime(deps.clock.now(), lang)} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
  );
}

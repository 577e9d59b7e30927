import { Hono } from 'hono';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { formatDateTime } from '../shared/time.js';
import { AttendancePage } from './attendance.page.js';
import { sheetHref } from './attendance-common.js';
import { attendancePageQuery, conflictPath, eventPath, markForm, sessionPath } from './checkins.schemas.js';
import { attendancePage, type CheckinCtx, markByOrganiser, reviewConflict, signInSheet } from './checkins.usecases.js';
import { ChooseSessionPage, SignInSheetPage } from './sign-in-sheet.page.js';

/**
 * /admin/events/:id/attendance and /admin/events/:id/…/sign-in-sheet: an event's attendance
 * and the printable list of each session, for organisers.
 */
export function attendancePages(deps: AppDeps, ctx: CheckinCtx) {
  return (
    new Hono<AppEnv>()
      // On each route rather than `.use`: a mistyped path under /admin/events is a 404, not a sign-in.
      .get('/:id/attendance', organiserPages, validate('param', eventPath), validate('query', attendancePageQuery), async (c) => {
        const view = await attendancePage(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('query'));
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Điểm danh' : 'Attendance'} — ${title(view.event, lang)}`, { noindex: true });
        return c.html(<AttendancePage meta={meta} view={view} />, 200, PRIVATE_PAGE_HEADERS);
      })
      // A mark from the page's own form (someone without their ticket, an excuse, a mistake);
      // back to the page, which says what was recorded or why not.
      .post('/:id/attendance', organiserPages, validate('param', eventPath), validate('form', markForm), async (c) => {
        const eventId = c.req.valid('param').id;
        const form = c.req.valid('form');
        const back = new URLSearchParams({ who: form.registrationId, session: form.sessionId, ...(form.q && { q: form.q }) });
        const outcome = await markByOrganiser(ctx, c.get('actor'), eventId, form, c.get('requestId'));
        if (outcome.result === 'refused') back.set('error', outcome.code);
        else back.set(outcome.result === 'changed' ? 'marked' : 'unchanged', form.status);
        return c.redirect(`/admin/events/${eventId}/attendance?${back}#p-${form.registrationId}`, 303);
      })
      // An offline conflict looked at: it leaves the list to review.
      .post('/:id/conflicts/:scanId/review', organiserPages, validate('param', conflictPath), async (c) => {
        const { id: eventId, scanId } = c.req.valid('param');
        await reviewConflict(ctx, c.get('actor'), eventId, scanId, c.get('requestId'));
        return c.redirect(`/admin/events/${eventId}/attendance?reviewedScan=${scanId}#conflicts`, 303);
      })
      .get('/:id/sign-in-sheet', organiserPages, validate('param', eventPath), async (c) => {
        const event = await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
        const [only, ...more] = event.sessions ?? [];
        if (only && more.length === 0) return c.redirect(sheetHref(event.id, only.id), 303);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Danh sách ký nhận' : 'Sign-in sheets'} — ${title(event, lang)}`, { noindex: true });
        return c.html(<ChooseSessionPage meta={meta} event={event} />, 200, PRIVATE_PAGE_HEADERS);
      })
      .get('/:id/sessions/:sessionId/sign-in-sheet', organiserPages, validate('param', sessionPath), async (c) => {
        const { id: eventId, sessionId } = c.req.valid('param');
        const sheet = await signInSheet(deps, c.get('actor'), eventId, sessionId);
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

import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type EventView, getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { findHolderForStaff, reissueByStaff } from './ownership.usecases.js';
import { decideByStaff, findForStaff, listForStaff } from './registration-decisions.usecases.js';
import { fieldErrors, formValues } from './registration-form.js';
import { ConfirmDecisionPage, RegistrationsPage } from './registrations.page.js';
import { type HolderView, reissuedJson } from './registrations.presenter.js';
import { holderSchema } from './registrations.schemas.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import { holderFields, ReissuedPage, ReissueFormPage } from './reissue.page.js';
import { displayVnPhone } from './vn-fields.js';

const STATUS = z.enum(['confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected']);
// An empty select or search box arrives as "": the same as not filtering.
const blankAsNone = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const pageQuery = z.object({
  status: blankAsNone(STATUS),
  q: blankAsNone(z.string().trim().max(100)),
  done: z.enum(['approve', 'reject', 'cancel']).optional(),
  who: z.uuid().optional(),
  error: z.literal('registration.invalid_transition').optional(),
  tried: z.enum(['approve', 'reject', 'cancel']).optional(),
  op: z.enum(['promote', 'resend', 'correct']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
const decisionForm = z.strictObject({ status: blankAsNone(STATUS), q: blankAsNone(z.string().trim().max(100)) });
const eventId = pathIds({ id: 'event.not_found' });
const eventAndRegistration = pathIds({ id: 'event.not_found', regId: 'registration.not_found' });

/** /admin/events/:id/registrations: an event's registrations for its organisers. */
export function registrationsPages(deps: AppDeps, ctx: RegistrationCtx) {
  const reissueSubject = async (c: Context<StaffEnv>, ids: { id: string; regId: string }) => {
    const actor = c.get('actor');
    const event = await getEventForStaffOrThrow(deps, actor, ids.id);
    const holder = await findHolderForStaff(ctx, actor, event.id, ids.regId);
    return { event, holder };
  };
  const reissueMeta = (c: Context<StaffEnv>, event: EventView, holder: HolderView) =>
    pageMeta(c, `${title(event, c.get('lang'))} — ${holder.fullName}`, { noindex: true });
  return (
    new Hono<AppEnv>()
      .get('/:id/registrations', organiserPages, validate('param', eventId), validate('query', pageQuery), async (c) => {
        const event = await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
        const query = c.req.valid('query');
        const [registrations, subject] = await Promise.all([
          listForStaff(ctx, event.id, query),
          query.who ? findForStaff(ctx, event.id, query.who) : null,
        ]);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Đăng ký' : 'Registrations'} — ${title(event, lang)}`, { noindex: true });
        return c.html(
          <RegistrationsPage meta={meta} event={event} registrations={registrations} query={query} subject={subject} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      // The question before a decision that cannot be undone (reject, cancel).
      .get(
        '/:id/registrations/:regId/:decision{reject|cancel}/confirm',
        organiserPages,
        validate('param', eventAndRegistration.extend({ decision: z.enum(['reject', 'cancel']) })),
        validate('query', pageQuery),
        async (c) => {
          const { id, regId, decision } = c.req.valid('param');
          const event = await getEventForStaffOrThrow(deps, c.get('actor'), id);
          const subject = await findForStaff(ctx, event.id, regId);
          if (!subject) throw new AppError('registration.not_found');
          const lang = c.get('lang');
          const meta = pageMeta(c, `${title(event, lang)} — ${subject.fullName}`, { noindex: true });
          return c.html(
            <ConfirmDecisionPage meta={meta} event={event} subject={subject} decision={decision} query={c.req.valid('query')} />,
            200,
            PRIVATE_PAGE_HEADERS,
          );
        },
      )
      .get('/:id/registrations/:regId/reissue', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { event, holder } = await reissueSubject(c, c.req.valid('param'));
        const values = { fullName: holder.fullName, phone: holder.phone ? displayVnPhone(holder.phone) : '', email: holder.email ?? '' };
        return c.html(
          <ReissueFormPage meta={reissueMeta(c, event, holder)} event={event} holder={holder} values={values} errors={{}} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post('/:id/registrations/:regId/reissue', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { event, holder } = await reissueSubject(c, c.req.valid('param'));
        const form = formValues(await readForm(c));
        const values = { fullName: form.fullName ?? '', phone: form.phone ?? '', email: form.email ?? '' };
        const lang = c.get('lang');
        const showForm = (issues: FieldIssue[]) =>
          c.html(
            <ReissueFormPage
              meta={reissueMeta(c, event, holder)}
              event={event}
              holder={holder}
              values={values}
              errors={fieldErrors(issues, values, holderFields(lang), lang)}
            />,
            422,
            PRIVATE_PAGE_HEADERS,
          );
        const parsed = checkInput(holderSchema, values);
        if (!parsed.success) return showForm(parsed.issues);
        const done = await reissueByStaff(ctx, c.get('actor'), holder.id, parsed.data, event.id, c.get('requestId'));
        if (done.result === 'taken') return showForm(done.issues);
        const view = reissuedJson(done, deps.config.PUBLIC_URL);
        const fullName = parsed.data.fullName ?? holder.fullName;
        return c.html(
          <ReissuedPage
            meta={pageMeta(c, `${title(event, lang)} — ${fullName}`, { noindex: true })}
            event={event}
            fullName={fullName}
            email={parsed.data.email ?? null}
            shortCode={view.ticket?.code ?? null}
            manageUrl={view.manageUrl}
          />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post(
        '/:id/registrations/:regId/:decision',
        organiserPages,
        // A decision that is none of these names no page: 404.
        validate('param', eventAndRegistration.extend({ decision: z.enum(['approve', 'reject', 'cancel']) })),
        validate('form', decisionForm),
        async (c) => {
          const { id, regId, decision } = c.req.valid('param');
          const form = c.req.valid('form');
          // Back to the same filtered list, told what happened to whom.
          const back = new URLSearchParams({ ...(form.status && { status: form.status }), ...(form.q && { q: form.q }), who: regId });
          const change = await decideByStaff(ctx, c.get('actor'), regId, decision, id, c.get('requestId'));
          if (change.result === 'changed') {
            back.set('done', decision);
          } else {
            back.set('error', 'registration.invalid_transition');
            back.set('tried', decision);
          }
          return c.redirect(`/admin/events/${id}/registrations?${back}#r-${regId}`, 303);
        },
      )
  );
}

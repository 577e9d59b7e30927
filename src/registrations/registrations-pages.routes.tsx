import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type EventView, getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { uuidParamOrThrow } from '../http/params.js';
import { checkInput, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { fieldErrors, formValues } from '../pages/registration-form.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { findHolderForStaff, reissueByStaff } from './ownership.usecases.js';
import { reissuedJson } from './registrations.routes.js';
import { holderSchema } from './registrations.schemas.js';
import { decideByStaff, findForStaff, listForStaff, type RegistrationCtx, type StaffDecision } from './registrations.usecases.js';
import { ConfirmDecisionPage, RegistrationsPage } from './registrations-page.js';
import { holderFields, ReissuedPage, ReissueFormPage } from './reissue-page.js';
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
  lang: z.enum(['vi', 'en']).optional(),
});
const decisionForm = z.strictObject({ status: blankAsNone(STATUS), q: blankAsNone(z.string().trim().max(100)) });
const DECISIONS = new Set<StaffDecision>(['approve', 'reject', 'cancel']);

/** /admin/events/:id/registrations: an event's registrations for its organisers. */
export function registrationsPages(deps: AppDeps, ctx: RegistrationCtx) {
  const reissueSubject = async (c: Context<StaffEnv>) => {
    const actor = c.get('actor')!;
    const event = await getEventForStaffOrThrow(deps, actor, uuidParamOrThrow(c.req.param('id') ?? '', 'event.not_found'));
    const holder = await findHolderForStaff(ctx, actor, event.id, uuidParamOrThrow(c.req.param('regId') ?? '', 'registration.not_found'));
    return { event, holder };
  };
  const reissueMeta = (c: Context<StaffEnv>, event: EventView, holder: { full_name: string }) =>
    pageMeta(c, `${title(event, c.get('lang'))} — ${holder.full_name}`, { noindex: true });
  return (
    new Hono<AppEnv>()
      .get('/:id/registrations', organiserPages, validate('query', pageQuery), async (c) => {
        const actor = c.get('actor')!;
        const event = await getEventForStaffOrThrow(deps, actor, uuidParamOrThrow(c.req.param('id'), 'event.not_found'));
        const query = c.req.valid('query');
        const [rows, subject] = await Promise.all([
          listForStaff(ctx, event.id, query),
          query.who ? findForStaff(ctx, event.id, query.who) : null,
        ]);
        const lang = c.get('lang');
        const meta = pageMeta(c, `${lang === 'vi' ? 'Đăng ký' : 'Registrations'} — ${title(event, lang)}`, { noindex: true });
        return c.html(
          <RegistrationsPage meta={meta} event={event} rows={rows} query={query} subject={subject} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      // The question before a decision that cannot be undone (reject, cancel).
      .get('/:id/registrations/:regId/:decision{reject|cancel}/confirm', organiserPages, validate('query', pageQuery), async (c) => {
        const actor = c.get('actor')!;
        const event = await getEventForStaffOrThrow(deps, actor, uuidParamOrThrow(c.req.param('id'), 'event.not_found'));
        const subject = await findForStaff(ctx, event.id, uuidParamOrThrow(c.req.param('regId'), 'registration.not_found'));
        if (!subject) throw new AppError('registration.not_found');
        const decision = c.req.param('decision') as 'reject' | 'cancel';
        const lang = c.get('lang');
        const meta = pageMeta(c, `${title(event, lang)} — ${subject.full_name}`, { noindex: true });
        return c.html(
          <ConfirmDecisionPage meta={meta} event={event} subject={subject} decision={decision} query={c.req.valid('query')} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .get('/:id/registrations/:regId/reissue', organiserPages, async (c) => {
        const { event, holder } = await reissueSubject(c);
        const values = { fullName: holder.full_name, phone: holder.phone ? displayVnPhone(holder.phone) : '', email: holder.email ?? '' };
        return c.html(
          <ReissueFormPage meta={reissueMeta(c, event, holder)} event={event} holder={holder} values={values} errors={{}} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post('/:id/registrations/:regId/reissue', organiserPages, async (c) => {
        const { event, holder } = await reissueSubject(c);
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
        let done: Awaited<ReturnType<typeof reissueByStaff>>;
        try {
          done = await reissueByStaff(ctx, c.get('actor')!, holder.id, parsed.data, event.id, c.get('requestId'));
        } catch (err) {
          if (err instanceof AppError && err.code === 'validation.failed') return showForm(err.details?.fields ?? []);
          throw err;
        }
        const view = reissuedJson(done, deps.config.PUBLIC_URL);
        const meta = pageMeta(c, `${title(event, lang)} — ${parsed.data.fullName ?? holder.full_name}`, { noindex: true });
        return c.html(
          <ReissuedPage
            meta={meta}
            event={event}
            fullName={parsed.data.fullName ?? holder.full_name}
            email={parsed.data.email ?? null}
            shortCode={view.ticket?.code ?? null}
            manageUrl={view.manageUrl}
          />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post('/:id/registrations/:regId/:decision', organiserPages, validate('form', decisionForm), async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        const regId = uuidParamOrThrow(c.req.param('regId'), 'registration.not_found');
        const decision = c.req.param('decision') as StaffDecision;
        if (!DECISIONS.has(decision)) throw new AppError('route.not_found');
        const form = c.req.valid('form');
        // Back to the same filtered list, told what happened to whom.
        const back = new URLSearchParams({ ...(form.status && { status: form.status }), ...(form.q && { q: form.q }), who: regId });
        try {
          await decideByStaff(ctx, c.get('actor')!, regId, decision, eventId, c.get('requestId'));
          back.set('done', decision);
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'registration.invalid_transition')) throw err;
          back.set('error', err.code);
          back.set('tried', decision);
        }
        return c.redirect(`/admin/events/${eventId}/registrations?${back}#r-${regId}`, 303);
      })
  );
}

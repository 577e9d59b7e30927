import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type EventView, getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import type { FormValues } from '../pages/form-fields.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import type { ErrorCode, FieldIssue } from '../shared/errors.js';
import { allFields, registrationFields } from './register.page.js';
import { fieldErrors, formAnswer, formValues, initialValues, toRegistrationBody } from './registration-form.js';
import { registrationSchema } from './registrations.schemas.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import {
  AddedPage,
  AddRegistrationPage,
  alreadyRegisteredMessage,
  CorrectDetailsPage,
  correctionFields,
  listHref,
  OperationRefusedPage,
  PromoteConfirmPage,
} from './staff-operations.page.js';
import { correctionSchema } from './staff-operations.schemas.js';
import {
  addOnBehalf,
  correctDetails,
  findDetailsForStaff,
  promoteByStaff,
  promotionSubject,
  type RegistrationDetailsView,
  resendTicketByStaff,
} from './staff-operations.usecases.js';
import { displayVnPhone } from './vn-fields.js';

const eventId = pathIds({ id: 'event.not_found' });
const eventAndRegistration = pathIds({ id: 'event.not_found', regId: 'registration.not_found' });
const promoteForm = z.object({ overCapacity: z.literal('yes').optional() });

/** The correction form's values from the registration as it is. */
function detailsValues(d: RegistrationDetailsView, event: EventView): FormValues {
  const values: FormValues = {
    fullName: d.fullName,
    phone: d.phone ? displayVnPhone(d.phone) : '',
    email: d.email ?? '',
    gender: d.gender ?? '',
    birthYear: d.birthYear === null ? '' : String(d.birthYear),
    district: d.district ?? '',
    'facility.name': d.facility?.name ?? '',
    'facility.taxCode': d.facility?.taxCode ?? '',
    'facility.district': d.facility?.district ?? '',
  };
  for (const q of event.questions ?? []) {
    const a = d.answers[q.id];
    values[`answers.${q.id}`] = a === undefined ? '' : typeof a === 'boolean' ? (a ? 'yes' : 'no') : String(a);
  }
  return values;
}

/** The correction form as the PATCH body: every field sent, an empty one removes. */
function toCorrectionBody(values: FormValues, event: EventView): unknown {
  const v = (name: string) => values[name] ?? '';
  const answers: Record<string, string | number | boolean> = {};
  for (const q of event.questions ?? []) {
    const raw = v(`answers.${q.id}`).trim();
    answers[q.id] = raw === '' ? '' : formAnswer(q.type, raw);
  }
  return {
    fullName: v('fullName'),
    phone: v('phone'),
    email: v('email'),
    gender: v('gender'),
    birthYear: v('birthYear').trim(),
    district: v('district'),
    facility: v('facility.name').trim()
      ? { name: v('facility.name'), taxCode: v('facility.taxCode'), district: v('facility.district') }
      : null,
    answers,
  };
}

/**
 * /admin/events/:id/registrations/… — organisers' operations on an event's registrations: add
 * someone on their behalf, move up from the waiting list, send a ticket again, correct details.
 * Mounted before the list's own routes (its `/:regId/:decision` would take these paths).
 */
export function registrationOperationsPages(deps: AppDeps, ctx: RegistrationCtx) {
  const meta = (c: Context<StaffEnv>, event: EventView, who: string, failed = false) =>
    pageMeta(c, `${failed ? (c.get('lang') === 'vi' ? 'Lỗi: ' : 'Error: ') : ''}${title(event, c.get('lang'))} — ${who}`, {
      noindex: true,
    });
  const refused = (c: Context<StaffEnv>, event: EventView, fullName: string, code: ErrorCode) =>
    c.html(
      <OperationRefusedPage meta={meta(c, event, fullName)} event={event} fullName={fullName} code={code} />,
      409,
      PRIVATE_PAGE_HEADERS,
    );
  const addHeading = (c: Context<StaffEnv>) => (c.get('lang') === 'vi' ? 'Thêm đăng ký' : 'Add a registration');

  return (
    new Hono<AppEnv>()
      .get('/:id/registrations/new', organiserPages, validate('param', eventId), async (c) => {
        const event = await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
        return c.html(
          <AddRegistrationPage meta={meta(c, event, addHeading(c))} event={event} values={initialValues(event)} errors={{}} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post('/:id/registrations/new', organiserPages, validate('param', eventId), async (c) => {
        const actor = c.get('actor');
        const event = await getEventForStaffOrThrow(deps, actor, c.req.valid('param').id);
        const lang = c.get('lang');
        const values = formValues(await readForm(c));
        const showForm = (issues: FieldIssue[]) =>
          c.html(
            <AddRegistrationPage
              meta={meta(c, event, addHeading(c), true)}
              event={event}
              values={values}
              errors={fieldErrors(issues, values, allFields(registrationFields(event, lang)), lang)}
            />,
            422,
            PRIVATE_PAGE_HEADERS,
          );
        const parsed = checkInput(registrationSchema, toRegistrationBody(values, event, lang));
        if (!parsed.success) return showForm(parsed.issues);
        const outcome = await addOnBehalf(ctx, actor, event.id, parsed.data, c.get('requestId'));
        if (outcome.result === 'invalid') return showForm(outcome.issues);
        if (outcome.result === 'already_registered')
          return showForm([{ field: 'person.phone', code: 'taken', message: alreadyRegisteredMessage(lang) }]);
        const fullName = parsed.data.person.fullName;
        return c.html(
          <AddedPage
            meta={meta(c, event, fullName)}
            event={event}
            fullName={fullName}
            status={outcome.status}
            email={parsed.data.person.email ?? null}
            shortCode={outcome.status === 'confirmed' || outcome.status === 'pending' ? outcome.shortCode : null}
            manageUrl={`${deps.config.PUBLIC_URL}/manage/${outcome.manageToken}`}
          />,
          201,
          PRIVATE_PAGE_HEADERS,
        );
      })
      // The question before moving up past capacity.
      .get('/:id/registrations/:regId/promote/confirm', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { id, regId } = c.req.valid('param');
        const event = await getEventForStaffOrThrow(deps, c.get('actor'), id);
        const subject = await promotionSubject(ctx, c.get('actor'), event.id, regId);
        if (subject.status !== 'waitlisted') return refused(c, event, subject.fullName, 'registration.invalid_transition');
        return c.html(
          <PromoteConfirmPage meta={meta(c, event, subject.fullName)} event={event} subject={subject} />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post(
        '/:id/registrations/:regId/promote',
        organiserPages,
        validate('param', eventAndRegistration),
        validate('form', promoteForm),
        async (c) => {
          const { id, regId } = c.req.valid('param');
          const actor = c.get('actor');
          const event = await getEventForStaffOrThrow(deps, actor, id);
          const overCapacity = c.req.valid('form').overCapacity === 'yes';
          const done = await promoteByStaff(ctx, actor, event.id, regId, { overCapacity }, c.get('requestId'));
          // Full since the list was shown: ask first.
          if (done.result === 'over_capacity') return c.redirect(`${listHref(event.id)}/${regId}/promote/confirm`, 303);
          if (done.result === 'invalid_transition') {
            const subject = await promotionSubject(ctx, actor, event.id, regId);
            return refused(c, event, subject.fullName, 'registration.invalid_transition');
          }
          return c.redirect(`${listHref(event.id)}?op=promote&who=${regId}#r-${regId}`, 303);
        },
      )
      .post('/:id/registrations/:regId/resend-ticket', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { id, regId } = c.req.valid('param');
        const actor = c.get('actor');
        const event = await getEventForStaffOrThrow(deps, actor, id);
        const done = await resendTicketByStaff(ctx, actor, event.id, regId, c.get('requestId'));
        if (done.result !== 'queued') {
          const subject = await promotionSubject(ctx, actor, event.id, regId);
          return refused(
            c,
            event,
            subject.fullName,
            done.result === 'no_email' ? 'registration.no_email' : 'registration.invalid_transition',
          );
        }
        return c.redirect(`${listHref(event.id)}?op=resend&who=${regId}#r-${regId}`, 303);
      })
      .get('/:id/registrations/:regId/edit', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { id, regId } = c.req.valid('param');
        const event = await getEventForStaffOrThrow(deps, c.get('actor'), id);
        const details = await findDetailsForStaff(ctx, c.get('actor'), event.id, regId);
        if (details.anonymised) return refused(c, event, details.fullName, 'registration.invalid_transition');
        return c.html(
          <CorrectDetailsPage
            meta={meta(c, event, details.fullName)}
            event={event}
            details={details}
            values={detailsValues(details, event)}
            errors={{}}
          />,
          200,
          PRIVATE_PAGE_HEADERS,
        );
      })
      .post('/:id/registrations/:regId/edit', organiserPages, validate('param', eventAndRegistration), async (c) => {
        const { id, regId } = c.req.valid('param');
        const actor = c.get('actor');
        const event = await getEventForStaffOrThrow(deps, actor, id);
        const details = await findDetailsForStaff(ctx, actor, event.id, regId);
        if (details.anonymised) return refused(c, event, details.fullName, 'registration.invalid_transition');
        const lang = c.get('lang');
        const values = formValues(await readForm(c));
        const showForm = (issues: FieldIssue[]) => {
          const f = correctionFields(event, lang);
          return c.html(
            <CorrectDetailsPage
              meta={meta(c, event, details.fullName, true)}
              event={event}
              details={details}
              values={values}
              errors={fieldErrors(issues, values, [...f.person, ...f.facility, ...f.questions], lang)}
            />,
            422,
            PRIVATE_PAGE_HEADERS,
          );
        };
        const parsed = checkInput(correctionSchema, toCorrectionBody(values, event));
        if (!parsed.success) return showForm(parsed.issues);
        const done = await correctDetails(ctx, actor, event.id, regId, parsed.data, c.get('requestId'));
        if (done.result === 'invalid') return showForm(done.issues);
        return c.redirect(`${listHref(event.id)}?op=correct&who=${regId}#r-${regId}`, 303);
      })
  );
}

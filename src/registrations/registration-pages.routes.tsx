import { type Context, Hono } from 'hono';
import { liveCertificateNumber } from '../certificates/certificates.usecases.js';
import { type EventView, getPublicEventOrThrow } from '../events/events.usecases.js';
import { registrationRefusal } from '../events/registration-window.js';
import { surveyOffered } from '../feedback/feedback.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import type { FormValues } from '../pages/form-fields.js';
import { pageMeta } from '../pages/page-meta.js';
import { t } from '../pages/strings.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { ConfirmPage, DONE, type Done, isActive, ManagePage } from './manage.page.js';
import * as manage from './manage.usecases.js';
import { manageTokenOrThrow } from './manage-token.js';
import { resendManageLink } from './ownership.usecases.js';
import { AlreadyRegisteredPage, allFields, LinkResentPage, RegisterPage, registrationFields } from './register.page.js';
import * as decisions from './registration-decisions.usecases.js';
import { fieldErrors, formValues, initialValues, toRegistrationBody } from './registration-form.js';
import { registrationSchema, resendLinkSchema } from './registrations.schemas.js';
import { rt } from './registrations.strings.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import * as registrations from './registrations.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });

/** The event, if its form is offered now; else the error page with the code a post would get from the use case. */
async function openEventOrThrow(deps: AppDeps, id: string): Promise<EventView> {
  const event = await getPublicEventOrThrow(deps, id);
  const refusal = registrationRefusal(event, deps.clock.now());
  if (refusal) throw new AppError(refusal);
  return event;
}

/**
 * The public registration form and the manage link's pages. Plain HTML forms, no script: the
 * form posts the JSON API's body shape field by field and goes through the same schema and
 * the same use case, so the two ways in cannot drift apart.
 */
export function registrationPages(deps: AppDeps, ctx: RegistrationCtx) {
  const formPage = (c: Context<AppEnv>, event: EventView, values: FormValues, issues: FieldIssue[] = []) => {
    const lang = c.get('lang');
    const specs = allFields(registrationFields(event, lang));
    const errors = fieldErrors(issues, values, specs, lang);
    const heading = `${t(lang, 'register')}: ${title(event, lang)}`;
    // A failed post says so in the tab title too: it is the first thing a screen reader reads.
    const meta = pageMeta(c, issues.length ? `${t(lang, 'errorPrefix')} ${heading}` : heading);
    return c.html(<RegisterPage meta={meta} event={event} values={values} errors={errors} />, issues.length ? 422 : 200);
  };

  const manageMeta = (c: Context<AppEnv>) => pageMeta(c, rt(c.get('lang'), 'yourRegistration'), { noindex: true });

  const holderAction = (action: (ctx: RegistrationCtx, token: string) => Promise<unknown>, done: Done) => async (c: Context<AppEnv>) => {
    const token = manageTokenOrThrow(c);
    await action(ctx, token);
    return c.redirect(`/manage/${token}?done=${done}`, 303);
  };

  const confirmStep = (action: 'cancel' | 'erase') => async (c: Context<AppEnv>) => {
    const token = manageTokenOrThrow(c);
    const view = await manage.manageRegistration(ctx, token);
    const nothingToDo = action === 'cancel' ? !isActive(view.status) : view.anonymised;
    if (nothingToDo) return c.redirect(`/manage/${token}`, 303);
    const event = await getPublicEventOrThrow(deps, view.eventId);
    return c.html(<ConfirmPage meta={manageMeta(c)} event={event} token={token} action={action} />);
  };

  return new Hono<AppEnv>()
    .get('/events/:id/register', validate('param', eventId), async (c) => {
      const event = await openEventOrThrow(deps, c.req.valid('param').id);
      return formPage(c, event, initialValues(event));
    })
    .post('/events/:id/register', validate('param', eventId), async (c) => {
      const event = await openEventOrThrow(deps, c.req.valid('param').id);
      const values = formValues(await readForm(c));
      const parsed = checkInput(registrationSchema, toRegistrationBody(values, event, c.get('lang')));
      if (!parsed.success) return formPage(c, event, values, parsed.issues);
      const outcome = await registrations.register(ctx, event.id, parsed.data);
      switch (outcome.result) {
        case 'invalid':
          return formPage(c, event, values, outcome.issues);
        case 'created':
          return c.redirect(`/manage/${outcome.manageToken}`, 303);
        case 'already_registered': {
          // The same person again: say so, but never hand the link to whoever typed their phone.
          const meta = pageMeta(c, rt(c.get('lang'), 'alreadyTitle'), { noindex: true });
          const contact = {
            phone: parsed.data.person.phone,
            email: parsed.data.person.email ?? null,
            idNumber: parsed.data.person.idNumber ?? null,
          };
          return c.html(<AlreadyRegisteredPage meta={meta} event={event} contact={contact} />);
        }
      }
    })
    .post('/events/:id/resend-link', validate('param', eventId), async (c) => {
      const event = await getPublicEventOrThrow(deps, c.req.valid('param').id);
      const values = formValues(await readForm(c));
      const parsed = checkInput(resendLinkSchema, {
        phone: values['person.phone'],
        email: values['person.email'],
        idNumber: values['person.idNumber'],
      });
      // Whatever was posted and whatever happened, the page says the same (the API does too).
      if (parsed.success)
        await resendManageLink(ctx, event.id, {
          phone: parsed.data.phone ?? null,
          email: parsed.data.email ?? null,
          idNumber: parsed.data.idNumber ?? null,
        });
      return c.html(<LinkResentPage meta={pageMeta(c, rt(c.get('lang'), 'resentTitle'), { noindex: true })} event={event} />);
    })
    .get('/manage/:token', async (c) => {
      const token = manageTokenOrThrow(c);
      const view = await manage.manageRegistration(ctx, token);
      const [event, offered, certificate] = await Promise.all([
        getPublicEventOrThrow(deps, view.eventId),
        surveyOffered(deps, token),
        liveCertificateNumber(deps, view.id),
      ]);
      const done = c.req.query('done');
      return c.html(
        <ManagePage
          meta={manageMeta(c)}
          event={event}
          view={view}
          token={token}
          manageUrl={`${deps.config.PUBLIC_URL}/manage/${token}`}
          feedbackHref={offered ? `/manage/${token}/feedback` : undefined}
          certificateNumber={certificate}
          done={done !== undefined && Object.hasOwn(DONE, done) ? (done as Done) : undefined}
        />,
      );
    })
    .get('/manage/:token/cancel', confirmStep('cancel'))
    .post('/manage/:token/cancel', holderAction(decisions.cancelByHolder, 'cancelled'))
    .post('/manage/:token/withdraw-news-consent', holderAction(manage.withdrawNews, 'news-withdrawn'))
    .get('/manage/:token/erase', confirmStep('erase'))
    .post('/manage/:token/erase', holderAction(manage.erasePersonalData, 'erased'));
}

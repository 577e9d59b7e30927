import { type Context, Hono } from 'hono';
import { type EventView, getPublicEventOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { uuidParamOrThrow } from '../http/params.js';
import { checkInput, readForm } from '../http/validate.js';
import { resendManageLink } from '../registrations/ownership.usecases.js';
import { manageTokenOrThrow, manageView } from '../registrations/registrations.routes.js';
import { registrationSchema, resendLinkSchema } from '../registrations/registrations.schemas.js';
import type { RegistrationCtx } from '../registrations/registrations.usecases.js';
import * as registrations from '../registrations/registrations.usecases.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { title } from './catalogue.js';
import type { FormValues } from './form-fields.js';
import { ConfirmPage, DONE, type Done, isActive, ManagePage } from './manage-page.js';
import { pageMeta } from './page-meta.js';
import { AlreadyRegisteredPage, allFields, LinkResentPage, RegisterPage, registrationFields } from './register-page.js';
import { fieldErrors, formValues, initialValues, toRegistrationBody } from './registration-form.js';
import { rt } from './registration-strings.js';

/** Why an event's form is not offered; the same codes the use case throws on a post. */
function assertRegistrationOpen(event: EventView, now: Date): void {
  if (event.registrationOpen) return;
  if (event.status === 'cancelled') throw new AppError('registration.event_cancelled');
  if (event.registrationOpensAt && now < event.registrationOpensAt) throw new AppError('registration.not_open_yet');
  throw new AppError('registration.closed');
}

async function openEventOrThrow(c: Context<AppEnv>, deps: AppDeps): Promise<EventView> {
  const event = await getPublicEventOrThrow(deps, uuidParamOrThrow(c.req.param('id') ?? '', 'event.not_found'));
  assertRegistrationOpen(event, deps.clock.now());
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
    const heading = `${rt(lang, 'register')}: ${title(event, lang)}`;
    // A failed post says so in the tab title too: it is the first thing a screen reader reads.
    const meta = pageMeta(c, issues.length ? `${rt(lang, 'errorPrefix')} ${heading}` : heading);
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
    const view = await manageView(ctx, token);
    const nothingToDo = action === 'cancel' ? !isActive(view.status) : view.anonymised;
    if (nothingToDo) return c.redirect(`/manage/${token}`, 303);
    const event = await getPublicEventOrThrow(deps, view.eventId);
    return c.html(<ConfirmPage meta={manageMeta(c)} event={event} token={token} action={action} />);
  };

  return new Hono<AppEnv>()
    .get('/events/:id/register', async (c) => {
      const event = await openEventOrThrow(c, deps);
      return formPage(c, event, initialValues(event));
    })
    .post('/events/:id/register', async (c) => {
      const event = await openEventOrThrow(c, deps);
      const values = formValues(await readForm(c));
      const parsed = checkInput(registrationSchema, toRegistrationBody(values, event, c.get('lang')));
      if (!parsed.success) return formPage(c, event, values, parsed.issues);
      let outcome: Awaited<ReturnType<typeof registrations.register>>;
      try {
        outcome = await registrations.register(ctx, event.id, parsed.data);
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation.failed') return formPage(c, event, values, err.details?.fields ?? []);
        throw err;
      }
      // Without an idempotency key the use case never answers with a replay.
      if ('replay' in outcome) throw new AppError('internal');
      if (outcome.created) return c.redirect(`/manage/${outcome.manageToken}`, 303);
      // The same person again: say so, but never hand the link to whoever typed their phone.
      const meta = pageMeta(c, rt(c.get('lang'), 'alreadyTitle'), { noindex: true });
      const contact = {
        phone: parsed.data.person.phone,
        email: parsed.data.person.email ?? null,
        idNumber: parsed.data.person.idNumber ?? null,
      };
      return c.html(<AlreadyRegisteredPage meta={meta} event={event} contact={contact} />);
    })
    .post('/events/:id/resend-link', async (c) => {
      const event = await getPublicEventOrThrow(deps, uuidParamOrThrow(c.req.param('id'), 'event.not_found'));
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
      const view = await manageView(ctx, token);
      const event = await getPublicEventOrThrow(deps, view.eventId);
      const done = c.req.query('done');
      return c.html(
        <ManagePage
          meta={manageMeta(c)}
          event={event}
          view={view}
          token={token}
          manageUrl={`${deps.config.PUBLIC_URL}/manage/${token}`}
          done={done !== undefined && Object.hasOwn(DONE, done) ? (done as Done) : undefined}
        />,
      );
    })
    .get('/manage/:token/cancel', confirmStep('cancel'))
    .post('/manage/:token/cancel', holderAction(registrations.cancelByHolder, 'cancelled'))
    .post('/manage/:token/withdraw-news-consent', holderAction(registrations.withdrawNews, 'news-withdrawn'))
    .get('/manage/:token/erase', confirmStep('erase'))
    .post('/manage/:token/erase', holderAction(registrations.erasePersonalData, 'erased'));
}

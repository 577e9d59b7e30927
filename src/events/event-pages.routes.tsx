import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { EventPage } from '../pages/event.page.js';
import type { FieldErrors, FormValues } from '../pages/form-fields.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { listProgrammesWithTargets } from '../programmes/programmes.usecases.js';
import { AppError } from '../shared/errors.js';
import { EventEditorPage, NotEditablePage } from './event-editor.page.js';
import { es } from './event-editor.strings.js';
import { cancellationAudience, duplicateEvent, type EditorQuestion, getEventForEditingOrThrow } from './event-editor.usecases.js';
import { formBody, formErrors, formValues, initialValues, MORE_ROWS, rowCounts, SPARE_ROWS, valuesFromEvent } from './event-form.js';
import { CancelConfirmPage, DuplicatePage, EventHomePage } from './event-home.page.js';
import { eventHomeView, previewView, topicOptions } from './event-home.presenter.js';
import { createEventSchema, updateEventSchema } from './events.schemas.js';
import {
  canCreateEvents,
  cancelEvent,
  createEvent,
  type EventView,
  getEventForStaffOrThrow,
  publishEvent,
  updateEvent,
} from './events.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });
const homeQuery = z.object({
  done: z.enum(['created', 'saved', 'published', 'cancelled', 'duplicated']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
const FIRST_DAY_MESSAGE = 'Chọn một ngày hợp lệ / Pick a valid day';
const firstDayForm = z.object({ firstDay: z.iso.date({ error: FIRST_DAY_MESSAGE }) });

/** /admin/events/new, /admin/events/:id and its edit, preview, publish, cancel and duplicate pages. */
export function eventPages(deps: AppDeps) {
  const programmes = async () => (await listProgrammesWithTargets(deps.db)).map((p) => ({ id: p.id, name: p.name }));

  /** The editor, filled with `values`; rows for what they hold plus the spare ones (and more when asked). */
  const showEditor = async (
    c: Context<StaffEnv>,
    form: {
      event: EventView | null;
      questions: EditorQuestion[];
      values: FormValues;
      errors: FieldErrors;
      more?: boolean;
      boothCount?: number;
    },
    status: 200 | 422 = 200,
  ) => {
    const lang = c.get('lang');
    const held = rowCounts(form.values);
    const extra = SPARE_ROWS + (form.more ? MORE_ROWS : 0);
    const heading = form.event ? `${es(lang, 'editHeading')}: ${title(form.event, lang)}` : es(lang, 'newHeading');
    return c.html(
      <EventEditorPage
        meta={pageMeta(c, heading, { noindex: true })}
        event={form.event}
        questions={form.questions}
        programmes={await programmes()}
        topics={topicOptions(lang, form.values.topic ?? '')}
        values={form.values}
        errors={form.errors}
        boothCount={form.boothCount ?? 0}
        // A new event starts with two session rows: most classes have more than one.
        rows={{ sessions: Math.max(held.sessions + extra, form.event ? 0 : 2), questions: held.questions + extra }}
      />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };

  const refuseNewEvents = (c: Context<StaffEnv>) => {
    if (!canCreateEvents(c.get('actor'))) throw new AppError('auth.forbidden');
  };

  return new Hono<AppEnv>()
    .get('/new', organiserPages, async (c) => {
      refuseNewEvents(c);
      return showEditor(c, { event: null, questions: [], values: initialValues(), errors: {} });
    })
    .post('/new', organiserPages, async (c) => {
      refuseNewEvents(c);
      const values = formValues(await readForm(c));
      if (values.more) return showEditor(c, { event: null, questions: [], values, errors: {}, more: true });
      const shape = formBody(values, { create: true });
      const parsed = checkInput(createEventSchema, shape.body);
      if (!parsed.success) return showEditor(c, { event: null, questions: [], values, errors: formErrors(parsed.issues, shape) }, 422);
      const done = await createEvent(deps, c.get('actor'), parsed.data, c.get('requestId'));
      if (done.result === 'invalid')
        return showEditor(c, { event: null, questions: [], values, errors: formErrors(done.issues, shape) }, 422);
      return c.redirect(`/admin/events/${done.event.id}?done=created`, 303);
    })
    .get('/:id', organiserPages, validate('param', eventId), validate('query', homeQuery), async (c) => {
      const { event, questions } = await getEventForEditingOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      return c.html(
        <EventHomePage
          meta={pageMeta(c, title(event, c.get('lang')), { noindex: true })}
          view={eventHomeView(event, questions)}
          notice={c.req.valid('query').done}
        />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .get('/:id/edit', organiserPages, validate('param', eventId), async (c) => {
      const { event, questions, boothCount } = await getEventForEditingOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      if (!eventHomeView(event, questions).canEdit) {
        return c.html(<NotEditablePage meta={pageMeta(c, title(event, c.get('lang')), { noindex: true })} event={event} />, 409);
      }
      return showEditor(c, { event, questions, boothCount, values: valuesFromEvent(event, questions), errors: {} });
    })
    .post('/:id/edit', organiserPages, validate('param', eventId), async (c) => {
      const { event, questions, boothCount } = await getEventForEditingOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      const values = formValues(await readForm(c));
      if (values.more) return showEditor(c, { event, questions, boothCount, values, errors: {}, more: true });
      const shape = formBody(values, { create: false, kind: event.kind });
      const parsed = checkInput(updateEventSchema, shape.body);
      if (!parsed.success) return showEditor(c, { event, questions, boothCount, values, errors: formErrors(parsed.issues, shape) }, 422);
      const done = await updateEvent(deps, c.get('actor'), event.id, parsed.data, c.get('requestId'));
      if (done.result === 'invalid')
        return showEditor(c, { event, questions, boothCount, values, errors: formErrors(done.issues, shape) }, 422);
      return c.redirect(`/admin/events/${event.id}?done=saved`, 303);
    })
    .get('/:id/preview', organiserPages, validate('param', eventId), async (c) => {
      const event = await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      const lang = c.get('lang');
      return c.html(
        <EventPage
          meta={pageMeta(c, `${es(lang, 'preview')}: ${title(event, lang)}`, { noindex: true })}
          event={previewView(event, deps.clock.now())}
          preview={{ banner: es(lang, 'previewBanner'), back: `/admin/events/${event.id}` }}
        />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .post('/:id/publish', organiserPages, validate('param', eventId), async (c) => {
      const event = await publishEvent(deps, c.get('actor'), c.req.valid('param').id, c.get('requestId'));
      return c.redirect(`/admin/events/${event.id}?done=published`, 303);
    })
    .get('/:id/cancel', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const actor = c.get('actor');
      const [event, audience] = await Promise.all([getEventForStaffOrThrow(deps, actor, id), cancellationAudience(deps, actor, id)]);
      const lang = c.get('lang');
      return c.html(
        <CancelConfirmPage
          meta={pageMeta(c, `${es(lang, 'cancelHeading')} ${title(event, lang)}`, { noindex: true })}
          event={event}
          audience={audience}
        />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .post('/:id/cancel', organiserPages, validate('param', eventId), async (c) => {
      const event = await cancelEvent(deps, c.get('actor'), c.req.valid('param').id, c.get('requestId'));
      return c.redirect(`/admin/events/${event.id}?done=cancelled`, 303);
    })
    .get('/:id/duplicate', organiserPages, validate('param', eventId), async (c) => {
      const actor = c.get('actor');
      refuseNewEvents(c);
      const event = await getEventForStaffOrThrow(deps, actor, c.req.valid('param').id);
      const lang = c.get('lang');
      return c.html(
        <DuplicatePage meta={pageMeta(c, es(lang, 'duplicateHeading'), { noindex: true })} event={event} values={{}} errors={{}} />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .post('/:id/duplicate', organiserPages, validate('param', eventId), async (c) => {
      const actor = c.get('actor');
      refuseNewEvents(c);
      const event = await getEventForStaffOrThrow(deps, actor, c.req.valid('param').id);
      const values = formValues(await readForm(c));
      const parsed = checkInput(firstDayForm, { firstDay: values.firstDay ?? '' });
      const lang = c.get('lang');
      const meta = pageMeta(c, es(lang, 'duplicateHeading'), { noindex: true });
      if (!parsed.success) {
        return c.html(
          <DuplicatePage meta={meta} event={event} values={values} errors={{ firstDay: FIRST_DAY_MESSAGE }} />,
          422,
          PRIVATE_PAGE_HEADERS,
        );
      }
      const done = await duplicateEvent(deps, actor, event.id, parsed.data.firstDay, c.get('requestId'));
      if (done.result === 'invalid') {
        const errors = Object.fromEntries(done.issues.map((i) => ['firstDay', i.message]));
        return c.html(<DuplicatePage meta={meta} event={event} values={values} errors={errors} />, 422, PRIVATE_PAGE_HEADERS);
      }
      return c.redirect(`/admin/events/${done.event.id}?done=duplicated`, 303);
    });
}

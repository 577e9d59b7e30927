import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { type BoothsDone, type BoothsFormState, BoothsPage } from './booths.page.js';
import { allocationCsv } from './booths.presenter.js';
import { allocateFormSchema, bulkFormSchema, moveFormSchema } from './booths.schemas.js';
import { bs } from './booths.strings.js';
import { allocateAutomatically, allocateBooths, createBooths, fairBoothsForStaff, moveOrReleaseBooth } from './booths.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });
const eventAndBooth = pathIds({ id: 'event.not_found', boothId: 'booth.not_found' });
const pageQuery = z.object({
  done: z.enum(['created', 'allocated', 'moved', 'released']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const asText = (v: unknown) => (typeof v === 'string' ? v : '');

/** /admin/events/:id/booths: a fair's booth map, inventory, allocation and moves. */
export function boothsPages(deps: AppDeps) {
  /** The page, fresh from the database; with a refused form's messages when there are any. */
  const show = async (c: Context<StaffEnv>, id: string, form: BoothsFormState, status: 200 | 409 | 422, done?: BoothsDone) => {
    const actor = c.get('actor');
    const event = await getEventForStaffOrThrow(deps, actor, id);
    const fair = await fairBoothsForStaff(deps, actor, event.id);
    const lang = c.get('lang');
    const meta = pageMeta(c, `${bs(lang, 'heading')} — ${title(event, lang)}`, { noindex: true });
    return c.html(<BoothsPage meta={meta} event={event} fair={fair} done={done} form={form} />, status, PRIVATE_PAGE_HEADERS);
  };
  const back = (id: string, done: BoothsDone) => `/admin/events/${id}/booths?done=${done}`;
  return new Hono<AppEnv>()
    .get('/:id/booths', organiserPages, validate('param', eventId), validate('query', pageQuery), async (c) =>
      show(c, c.req.valid('param').id, { errors: [] }, 200, c.req.valid('query').done),
    )
    .get('/:id/booths/export.csv', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const fair = await fairBoothsForStaff(deps, c.get('actor'), id);
      const lang = c.get('lang');
      return c.body(allocationCsv(fair.booths, fair.requests, lang), 200, {
        ...PRIVATE_PAGE_HEADERS,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="gian-hang-${id.slice(0, 8)}.csv"`,
      });
    })
    .post('/:id/booths', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const raw = await readForm(c);
      const values = Object.fromEntries(['codes', 'type', 'size', 'zone', 'supportLevel'].map((k) => [k, asText(raw[k])]));
      const parsed = checkInput(bulkFormSchema, values);
      if (!parsed.success) return show(c, id, { errors: parsed.issues.map((i) => i.message), create: values }, 422);
      const { codes, ...shared } = parsed.data;
      const done = await createBooths(deps, c.get('actor'), id, { booths: codes.map((code) => ({ code, ...shared })) }, c.get('requestId'));
      if (done.result === 'invalid') return show(c, id, { errors: done.issues.map((i) => i.message), create: values }, 422);
      return c.redirect(back(id, 'created'), 303);
    })
    .post('/:id/booths/allocate', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const raw = await readForm(c, { all: true });
      const boothIds = (Array.isArray(raw.boothIds) ? raw.boothIds : [raw.boothIds]).map(asText).filter(Boolean);
      const input = {
        registrationId: asText(raw.registrationId),
        boothIds,
        pick: asText(raw.pick) || undefined,
        type: asText(raw.type),
        zone: asText(raw.zone),
      };
      const parsed = checkInput(allocateFormSchema, input);
      const kept = { registrationId: input.registrationId, boothIds };
      if (!parsed.success) return show(c, id, { errors: parsed.issues.map((i) => i.message), allocate: kept }, 422);
      const f = parsed.data;
      const actor = c.get('actor');
      const scope = { eventId: id, requestId: c.get('requestId') };
      if (f.pick === 'chosen' && f.boothIds.length === 0) {
        return show(c, id, { errors: ['Đánh dấu ít nhất một gian trên sơ đồ / Tick at least one booth on the map'], allocate: kept }, 422);
      }
      const done =
        f.pick === 'auto'
          ? await allocateAutomatically(deps, actor, f.registrationId, { type: f.type, zone: f.zone }, scope)
          : await allocateBooths(deps, actor, f.registrationId, f.boothIds, scope);
      if (done.result === 'taken') {
        const codes = done.codes.join(', ');
        return show(
          c,
          id,
          { errors: [`Gian đã được giao cho cơ sở khác: ${codes} / Already given to another facility: ${codes}`], allocate: kept },
          409,
        );
      }
      if (done.result === 'invalid') return show(c, id, { errors: done.issues.map((i) => i.message), allocate: kept }, 422);
      return c.redirect(back(id, 'allocated'), 303);
    })
    .post(
      '/:id/booths/:boothId/:action{move|release}',
      organiserPages,
      validate('param', eventAndBooth.extend({ action: z.enum(['move', 'release']) })),
      async (c) => {
        const { id, boothId, action } = c.req.valid('param');
        let to: string | null = null;
        if (action === 'move') {
          const parsed = checkInput(moveFormSchema, { toBoothId: asText((await readForm(c)).toBoothId) });
          if (!parsed.success) return show(c, id, { errors: parsed.issues.map((i) => i.message) }, 422);
          to = parsed.data.toBoothId;
        }
        const done = await moveOrReleaseBooth(deps, c.get('actor'), id, boothId, to, c.get('requestId'));
        if (done.result === 'taken') {
          return show(
            c,
            id,
            { errors: [`Gian đã được giao cho cơ sở khác: ${done.codes.join(', ')} / Already given to another facility`] },
            409,
          );
        }
        if (done.result === 'invalid') return show(c, id, { errors: done.issues.map((i) => i.message) }, 422);
        return c.redirect(back(id, done.result), 303);
      },
    );
}

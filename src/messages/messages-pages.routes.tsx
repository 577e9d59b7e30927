import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput, pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { readyText } from './message-text.js';
import { type MessageForm, MessagesPage, type MessagesPreview } from './messages.page.js';
import { messageSchema } from './messages.schemas.js';
import { ms } from './messages.strings.js';
import { messagesOverview, previewMessage, sendMessage } from './messages.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });
const pageQuery = z.object({
  template: z.string().max(40).optional(),
  queued: z.coerce.number().int().min(0).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const asText = (v: unknown) => (typeof v === 'string' ? v : '');
const EMPTY: MessageForm = { values: { audience: '', subject: '', body: '' }, errors: {} };

/** /admin/events/:id/messages: write to an event's people by attendance, and what was sent. */
export function messagesPages(deps: AppDeps) {
  const show = async (
    c: Context<StaffEnv>,
    id: string,
    form: MessageForm,
    status: 200 | 422,
    extra: { preview?: MessagesPreview; queued?: number | undefined; text?: { subject: string; body: string } } = {},
  ) => {
    const overview = await messagesOverview(deps, c.get('actor'), id, extra.text);
    const lang = c.get('lang');
    const meta = pageMeta(c, `${ms(lang, 'heading')} — ${title(overview.event, lang)}`, { noindex: true });
    return c.html(<MessagesPage meta={meta} overview={overview} form={form} {...extra} />, status, PRIVATE_PAGE_HEADERS);
  };
  return new Hono<AppEnv>()
    .get('/:id/messages', organiserPages, validate('param', eventId), validate('query', pageQuery), async (c) => {
      const { template, queued } = c.req.valid('query');
      const ready = readyText(template);
      const form = ready ? { values: { audience: ready.audience, subject: ready.subject, body: ready.body }, errors: {} } : EMPTY;
      return show(c, c.req.valid('param').id, form, 200, { queued });
    })
    .post('/:id/messages', organiserPages, validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      const raw = await readForm(c);
      const values = { audience: asText(raw.audience), subject: asText(raw.subject), body: asText(raw.body) };
      const parsed = checkInput(messageSchema, values);
      if (!parsed.success) {
        return show(c, id, { values, errors: Object.fromEntries(parsed.issues.map((i) => [i.field, i.message])) }, 422);
      }
      const actor = c.get('actor');
      // Only the Send button sends; anything else (Enter in the subject, whose default button is Preview) previews.
      if (raw.intent !== 'send') {
        const preview = await previewMessage(deps, actor, id, parsed.data);
        return show(c, id, { values, errors: {} }, 200, { preview, text: parsed.data });
      }
      const done = await sendMessage(deps, actor, id, parsed.data, c.get('requestId'));
      return c.redirect(`/admin/events/${id}/messages?queued=${done.message.recipients}`, 303);
    });
}

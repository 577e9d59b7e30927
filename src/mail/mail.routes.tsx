import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { pathSerials, validate } from '../http/validate.js';
import { pageMeta } from '../pages/page-meta.js';
import { AppError } from '../shared/errors.js';
import { mailDelivery } from './delivery.js';
import { MailListPage, MailViewPage } from './mail.page.js';
import { getMailOrThrow, htmlForBrowser, listMail, resendFailed } from './mail.usecases.js';

const listQuery = z.strictObject({
  status: z.enum(['queued', 'sending', 'sent', 'failed', 'skipped']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const mailId = pathSerials({ id: 'mail.not_found' });

/** /admin/mail: the outbox and, on a Node server without a way to send, the local mailbox. */
export function mailPages(deps: AppDeps) {
  const delivery = deps.mailDelivery ?? mailDelivery(deps.config, 'node');
  const title = (lang: string) => (lang === 'vi' ? 'Thư đi' : 'Outgoing mail');
  return new Hono<AppEnv>()
    .use(organiserPages)
    .get('/', validate('query', listQuery), async (c) => {
      const { status } = c.req.valid('query');
      const rows = await listMail(deps, c.get('actor'), status);
      const meta = pageMeta(c, title(c.get('lang')), { noindex: true });
      return c.html(<MailListPage meta={meta} rows={rows} status={status} delivery={delivery} />);
    })
    .get('/:id', validate('param', mailId), async (c) => {
      const entry = await getMailOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      return c.html(<MailViewPage meta={pageMeta(c, entry.subject ?? title(c.get('lang')), { noindex: true })} entry={entry} />);
    })
    .get('/:id/html', validate('param', mailId), async (c) => {
      const entry = await getMailOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      const html = htmlForBrowser(entry);
      if (html === null) throw new AppError('mail.not_found');
      // Our own template with every value escaped; the app's CSP still applies (no scripts).
      return c.html(html);
    })
    .get('/:id/message.eml', validate('param', mailId), async (c) => {
      const { id } = c.req.valid('param');
      const entry = await getMailOrThrow(deps, c.get('actor'), id);
      if (!entry.raw) throw new AppError('mail.not_found');
      return c.body(entry.raw, 200, {
        'content-type': 'message/rfc822',
        'content-disposition': `attachment; filename="thu-${id}.eml"`,
      });
    })
    .post('/:id/resend', validate('param', mailId), async (c) => {
      await resendFailed(deps, c.get('actor'), c.req.valid('param').id, c.get('requestId'));
      return c.redirect('/admin/mail?status=queued', 303);
    });
}

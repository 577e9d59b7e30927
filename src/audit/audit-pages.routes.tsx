import { Hono } from 'hono';
import { z } from 'zod';
import { listEventsForStaff } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { checkInput } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { AppError } from '../shared/errors.js';
import { startOfDay } from '../shared/time.js';
import { type AuditFilterValues, AuditPage } from './audit.page.js';
import { au } from './audit.strings.js';
import { auditReach, listAudit } from './audit.usecases.js';

const day = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày theo dạng năm-tháng-ngày / A date as YYYY-MM-DD' })
      .refine((v) => !Number.isNaN(startOfDay(v).getTime()), { message: 'Ngày không có thật / No such date' })
      .optional(),
  );
const text = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => v || undefined);

const auditQuery = z
  .object({
    eventId: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.uuid({ message: 'Sự kiện không hợp lệ / Not a valid event' }).optional()),
    person: text,
    actor: text,
    action: z
      .string()
      .max(100)
      .optional()
      .transform((v) => v || undefined),
    from: day,
    to: day,
    before: z.coerce.number().int().positive().optional(),
    lang: z.enum(['vi', 'en']).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'Đến ngày phải sau từ ngày / "To" must be after "From"' });

/** /admin/audit: the audit log, filtered and paged by id (newest first). */
export function auditPages(deps: AppDeps) {
  return new Hono<AppEnv>().use(organiserPages).get('/', async (c) => {
    const actor = c.get('actor');
    const reach = auditReach(actor);
    if (!reach) throw new AppError('auth.forbidden');
    const lang = c.get('lang');
    const raw = c.req.query();
    const checked = checkInput(auditQuery, raw);
    const events = await listEventsForStaff(deps, actor);
    const eventChoices = events.map((e) => ({ id: e.id, label: title(e, lang) }));
    const meta = pageMeta(c, au(lang, 'heading'), { noindex: true });
    const limited = reach.withinEvents !== undefined;
    if (!checked.success) {
      const errors = checked.issues.map((i) => i.message.split(' / ')[lang === 'en' ? 1 : 0] ?? i.message);
      const filter: AuditFilterValues = { ...raw };
      return c.html(
        <AuditPage
          meta={meta}
          limited={limited}
          entries={[]}
          olderThan={null}
          paged={false}
          filter={filter}
          events={eventChoices}
          errors={errors}
        />,
        422,
        PRIVATE_PAGE_HEADERS,
      );
    }
    const q = checked.data;
    const { entries, olderThan } = await listAudit(deps, actor, {
      eventId: q.eventId,
      person: q.person,
      actor: q.actor,
      action: q.action,
      from: q.from ? startOfDay(q.from) : undefined,
      to: q.to ? new Date(startOfDay(q.to).getTime() + 24 * 3600_000) : undefined,
      beforeId: q.before,
    });
    const filter: AuditFilterValues = { eventId: q.eventId, person: q.person, actor: q.actor, action: q.action, from: q.from, to: q.to };
    return c.html(
      <AuditPage
        meta={meta}
        limited={limited}
        entries={entries}
        olderThan={olderThan}
        paged={q.before !== undefined}
        filter={filter}
        events={eventChoices}
        errors={[]}
      />,
      200,
      PRIVATE_PAGE_HEADERS,
    );
  });
}

import { type Context, Hono } from 'hono';
import writeXlsxFile from 'write-excel-file/universal';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { type EventView, getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { organiserPages } from '../http/middleware.js';
import { pathIds, readForm, validate } from '../http/validate.js';
import { title } from '../pages/catalogue.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { toCsv } from '../shared/csv.js';
import { ImportPage, type ImportStage } from './import.page.js';
import { irt } from './import.strings.js';
import { importRegistrations } from './import.usecases.js';
import { carryFile, openCarried } from './import-carry.js';
import { IMPORT_COLUMNS, type ImportKind, VIETNAMESE_HEADERS, XLSX_TYPE } from './import-file.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import { ticketSheetFor } from './ticket-card.usecases.js';
import { TicketSheetPage } from './ticket-sheet.page.js';

const eventId = pathIds({ id: 'event.not_found' });
const printQuery = z.object({ who: z.enum(['all', 'no-email']).default('no-email'), lang: z.enum(['vi', 'en']).optional() });

const actorKey = (actor: Actor) => (actor.kind === 'user' ? `user:${actor.userId}` : `token:${actor.tokenId}`);

/** A file's kind by its bytes (an .xlsx is a ZIP) or, for text, by its name or type; null for neither. */
function kindOfUpload(file: File, bytes: Uint8Array): ImportKind | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  // Windows reports a .csv as Excel's old type; the name settles it.
  if (/\.(csv|txt)$/i.test(file.name) || /csv/i.test(file.type)) return 'csv';
  return null;
}

/** /admin/events/:id/registrations/import and /admin/events/:id/tickets/print — the event's organisers. */
export function importPages(deps: AppDeps, ctx: RegistrationCtx) {
  const show = (c: Context<StaffEnv>, event: EventView, view: ImportStage, status: 200 | 422 = 200) => {
    const lang = c.get('lang');
    const meta = pageMeta(c, `${irt(lang, 'heading')} — ${title(event, lang)}`, { noindex: true });
    return c.html(<ImportPage meta={meta} event={event} view={view} />, status, PRIVATE_PAGE_HEADERS);
  };
  const headers = IMPORT_COLUMNS.map((col) => VIETNAMESE_HEADERS[col]);
  return new Hono<AppEnv>()
    .get('/:id/registrations/import', organiserPages, validate('param', eventId), async (c) => {
      const event = await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      return show(c, event, { stage: 'upload', errors: [] });
    })
    .get('/:id/registrations/import/template.csv', organiserPages, validate('param', eventId), async (c) => {
      await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      return c.body(toCsv(headers, []), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="mau-danh-sach-dang-ky.csv"',
      });
    })
    .get('/:id/registrations/import/template.xlsx', organiserPages, validate('param', eventId), async (c) => {
      await getEventForStaffOrThrow(deps, c.get('actor'), c.req.valid('param').id);
      // The phone column is text, so Excel keeps a typed number's leading 0.
      const blob = await writeXlsxFile([headers.map((h) => ({ value: h, fontWeight: 'bold' as const }))], {
        columns: IMPORT_COLUMNS.map((col) => ({ width: col === 'fullName' || col === 'facility' ? 28 : 16 })),
      }).toBlob();
      return c.body(new Uint8Array(await blob.arrayBuffer()), 200, {
        'content-type': XLSX_TYPE,
        'content-disposition': 'attachment; filename="mau-danh-sach-dang-ky.xlsx"',
      });
    })
    .post('/:id/registrations/import', organiserPages, validate('param', eventId), async (c) => {
      const actor = c.get('actor');
      const event = await getEventForStaffOrThrow(deps, actor, c.req.valid('param').id);
      const lang = c.get('lang');
      const file = (await readForm(c)).file;
      const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null;
      const kind = file instanceof File && bytes && bytes.length > 0 ? kindOfUpload(file, bytes) : null;
      if (!kind || !bytes) return show(c, event, { stage: 'upload', errors: [irt(lang, 'noFile')] }, 422);
      const outcome = await importRegistrations(ctx, actor, event.id, { kind, bytes }, { dryRun: true });
      if (outcome.result === 'unreadable') return show(c, event, { stage: 'upload', errors: outcome.issues.map((i) => i.message) }, 422);
      const carried = carryFile(ctx.keys.personKey, `${event.id}\n${actorKey(actor)}`, { kind, bytes }, ctx.clock.now());
      return show(c, event, { stage: 'preview', rows: outcome.rows, summary: outcome.summary, carried });
    })
    .post('/:id/registrations/import/confirm', organiserPages, validate('param', eventId), async (c) => {
      const actor = c.get('actor');
      const event = await getEventForStaffOrThrow(deps, actor, c.req.valid('param').id);
      const form = await readForm(c);
      const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined);
      const file = openCarried(
        ctx.keys.personKey,
        `${event.id}\n${actorKey(actor)}`,
        { kind: field('kind'), data: field('data'), expires: field('expires'), mac: field('mac') },
        ctx.clock.now(),
      );
      if (!file) return show(c, event, { stage: 'upload', errors: [irt(c.get('lang'), 'expired')] }, 422);
      const outcome = await importRegistrations(ctx, actor, event.id, file, { dryRun: false, requestId: c.get('requestId') });
      if (outcome.result === 'unreadable') return show(c, event, { stage: 'upload', errors: outcome.issues.map((i) => i.message) }, 422);
      return show(c, event, { stage: 'done', rows: outcome.rows, summary: outcome.summary });
    })
    .get('/:id/tickets/print', organiserPages, validate('param', eventId), validate('query', printQuery), async (c) => {
      const { who } = c.req.valid('query');
      const { event, tickets } = await ticketSheetFor(ctx, c.get('actor'), c.req.valid('param').id, {
        withoutEmailOnly: who === 'no-email',
      });
      const lang = c.get('lang');
      const meta = pageMeta(c, title(event, lang), { noindex: true });
      return c.html(<TicketSheetPage meta={meta} event={event} tickets={tickets} who={who} />, 200, PRIVATE_PAGE_HEADERS);
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { AppError, validationError } from '../shared/errors.js';
import { importRegistrations } from './import.usecases.js';
import { type ImportKind, XLSX_TYPE } from './import-file.js';
import type { RegistrationCtx } from './registrations.usecases.js';

/** The import route takes CSV or XLSX, not JSON (see jsonOnly's allow-list in app.tsx). */
export const IMPORT_PATH = /^\/api\/v1\/admin\/events\/[^/]+\/registrations\/import$/;
export const IMPORT_TYPES = /^(text\/csv|application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)\s*(;|$)/i;

const eventId = pathIds({ id: 'event.not_found' });
const importQuery = z.strictObject({ dryRun: z.enum(['1', 'true', '0', 'false']).optional() });

export function kindOfContentType(type: string | undefined): ImportKind | null {
  const bare = type?.split(';')[0]?.trim().toLowerCase();
  if (bare === 'text/csv') return 'csv';
  if (bare === XLSX_TYPE) return 'xlsx';
  return null;
}

/** POST /api/v1/admin/events/:id/registrations/import?dryRun=1 — organisers of the event. */
export function adminImportApi(ctx: RegistrationCtx) {
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .post('/:id/registrations/import', validate('param', eventId), validate('query', importQuery), async (c) => {
      const kind = kindOfContentType(c.req.header('content-type'));
      if (!kind) throw new AppError('request.unsupported_media_type', undefined, { accepts: IMPORT_TYPES.source });
      const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '0');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const outcome = await importRegistrations(
        ctx,
        c.get('actor'),
        c.req.valid('param').id,
        { kind, bytes },
        {
          dryRun,
          requestId: c.get('requestId'),
        },
      );
      if (outcome.result === 'unreadable') throw validationError(outcome.issues);
      return c.json({ rows: outcome.rows, summary: outcome.summary });
    });
}

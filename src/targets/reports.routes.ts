import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { type ProgrammeEnv, programmeReaders } from './programme-access.js';
import { programmeReport, reportCsv, reportXlsx } from './report.js';

const reportQuery = z.strictObject({ lang: z.enum(['vi', 'en']).optional() });

const programmeId = pathIds({ id: 'programme.not_found' });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** /api/v1/programmes/:id/report.csv|xlsx — the programme report for its readers, in the page's language. */
export function reportsApi(deps: AppDeps) {
  // The code is a slug (checked on import), so the file name needs no escaping.
  const headers = (code: string, ext: string, type: string) => ({
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="bao-cao-${code}.${ext}"`,
    'Cache-Control': 'private, no-store',
  });
  return new Hono<ProgrammeEnv>()
    .use(programmeReaders({ pages: false }))
    .get('/:id/report.csv', validate('param', programmeId), validate('query', reportQuery), async (c) => {
      const r = await programmeReport(deps, c.req.valid('param').id, c.get('lang'), c.get('readsEvents'));
      return c.body(reportCsv(r), 200, headers(r.code, 'csv', 'text/csv; charset=utf-8'));
    })
    .get('/:id/report.xlsx', validate('param', programmeId), validate('query', reportQuery), async (c) => {
      const r = await programmeReport(deps, c.req.valid('param').id, c.get('lang'), c.get('readsEvents'));
      return c.body(await reportXlsx(r), 200, headers(r.code, 'xlsx', XLSX_TYPE));
    });
}

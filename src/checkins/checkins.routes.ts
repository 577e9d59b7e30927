import { Hono } from 'hono';
import { z } from 'zod';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { validate } from '../http/validate.js';
import { AppError } from '../shared/errors.js';
import { toIsoInZone } from '../shared/time.js';
import { XLSX_TYPE } from '../shared/xlsx.js';
import { attendanceCsv, attendanceXlsx } from './attendance-export.js';
import { batchSchema, conflictPath, eventPath, markSchema, scanSchema, searchQuery, walkInSchema } from './checkins.schemas.js';
import type { CheckinAnswer, CheckinCtx } from './checkins.usecases.js';
import * as checkins from './checkins.usecases.js';
import { type WalkInAnswer, walkIn, walkInBatch } from './walk-ins.usecases.js';

function answerJson(a: CheckinAnswer) {
  return {
    result: a.result,
    ...(a.attendee && { attendee: a.attendee }),
    ...(a.event && { event: a.event }),
    ...(a.firstCheckedInAt && { firstCheckedInAt: toIsoInZone(a.firstCheckedInAt) }),
    ...(a.sessionId && { sessionId: a.sessionId }),
  };
}

function walkInJson(a: WalkInAnswer) {
  return {
    registration: a.registration,
    checkin: {
      result: a.checkin.result,
      ...(a.checkin.firstCheckedInAt && { firstCheckedInAt: toIsoInZone(a.checkin.firstCheckedInAt) }),
      ...(a.checkin.sessionId && { sessionId: a.checkin.sessionId }),
    },
    attendee: a.attendee,
    review: a.review,
  };
}

/** POST /api/v1/checkins, POST /api/v1/checkins/batch — door staff. */
export function checkinsApi(deps: AppDeps, ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .use(requireRole('scanner'))
    .post('/', validate('json', scanSchema), async (c) => {
      return c.json(answerJson(await checkins.checkIn(ctx, c.get('actor'), c.req.valid('json'))));
    })
    .get('/events', async (c) => {
      // The events this device or person may scan for: published ones that have not ended.
      const events = await checkins.eventsToScan(deps, c.get('actor'));
      return c.json({
        events: events.map((e) => ({
          id: e.id,
          title: e.title,
          kind: e.kind,
          startsAt: e.startsAt ? toIsoInZone(e.startsAt) : null,
          endsAt: e.endsAt ? toIsoInZone(e.endsAt) : null,
        })),
      });
    })
    .post('/batch', validate('json', batchSchema), async (c) => {
      const batch = c.req.valid('json');
      const answers = batch.scans.length ? await checkins.checkInBatch(ctx, c.get('actor'), batch.scans) : [];
      // Walk-ins after the scans: a ticket scanned offline is never taken for a walk-in's new registration.
      const walkIns = batch.walkIns?.length ? await walkInBatch(ctx, c.get('actor'), batch.walkIns) : [];
      return c.json({
        results: answers.map((a) => ({ nonce: a.nonce, ...answerJson(a) })),
        walkIns: walkIns.map((a) => ({ nonce: a.nonce, ...walkInJson(a) })),
      });
    });
}

/** GET /api/v1/events/:id/checkin-list and /checkin-search — door staff of that event. */
export function eventCheckinApi(deps: AppDeps, ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .get('/:id/checkin-list', requireRole('scanner'), validate('param', eventPath), async (c) => {
      const { id } = c.req.valid('param');
      const attendees = await checkins.checkinList(ctx, c.get('actor'), id);
      const event = await getEventForStaffOrThrow(deps, c.get('actor'), id);
      return c.json({
        generatedAt: toIsoInZone(deps.clock.now()),
        event: {
          id: event.id,
          title: event.title,
          opensMinutesBefore: ctx.opensMinutes,
          sessions: (event.sessions ?? []).map((s) => ({
            id: s.id,
            title: s.title,
            titleEn: s.titleEn,
            startsAt: toIsoInZone(s.startsAt),
            endsAt: toIsoInZone(s.endsAt),
          })),
        },
        attendees,
      });
    })
    .post('/:id/walk-ins', requireRole('scanner'), validate('param', eventPath), validate('json', walkInSchema), async (c) => {
      const answer = await walkIn(ctx, c.get('actor'), { eventId: c.req.valid('param').id, ...c.req.valid('json') });
      return c.json(walkInJson(answer), 201);
    })
    .get('/:id/checkin-search', requireRole('scanner'), validate('param', eventPath), validate('query', searchQuery), async (c) => {
      const { id } = c.req.valid('param');
      const rows = await checkins.searchAtDoor(ctx, c.get('actor'), id, c.req.valid('query').q);
      return c.json({
        matches: rows.map((r) => ({
          registrationId: r.id,
          name: r.full_name,
          facility: r.facility_name,
          status: r.status,
          shortCode: r.short_code,
        })),
      });
    });
}

const exportQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).optional() });

/** /api/v1/admin/events/:id/attendance — organisers; `format=csv|xlsx` downloads person × session. */
export function adminAttendanceApi(ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .get('/:id/attendance', requireRole('organiser'), validate('param', eventPath), validate('query', exportQuery), async (c) => {
      const { id } = c.req.valid('param');
      const report = await checkins.attendanceReport(ctx, c.get('actor'), id);
      const { format } = c.req.valid('query');
      if (format === 'csv') {
        return c.body(attendanceCsv(report), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="diem-danh-${id}.csv"`,
        });
      }
      if (format === 'xlsx') {
        return c.body(await attendanceXlsx(report), 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': `attachment; filename="diem-danh-${id}.xlsx"`,
        });
      }
      return c.json({
        sessions: report.sessions.map((s) => ({ ...s, startsAt: toIsoInZone(s.startsAt), endsAt: toIsoInZone(s.endsAt) })),
        registrations: report.registrations,
        // The whole event: confirmed registrations, and how many of them came at least once.
        totals: report.totals,
        marks: report.marks,
        conflicts: report.conflicts.map((x) => ({
          ...x,
          scannedAt: toIsoInZone(x.scannedAt),
          receivedAt: toIsoInZone(x.receivedAt),
          reviewedAt: x.reviewedAt ? toIsoInZone(x.reviewedAt) : null,
        })),
      });
    })
    .post('/:id/conflicts/:scanId/review', requireRole('organiser'), validate('param', conflictPath), async (c) => {
      const { id, scanId } = c.req.valid('param');
      await checkins.reviewConflict(ctx, c.get('actor'), id, scanId, c.get('requestId'));
      return c.body(null, 204);
    })
    .post('/:id/attendance', requireRole('organiser'), validate('param', eventPath), validate('json', markSchema), async (c) => {
      const outcome = await checkins.markByOrganiser(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      // The API answers a refused mark with its error, as before the page learnt to say it.
      if (outcome.result === 'refused') throw new AppError(outcome.code, undefined, outcome.details);
      return c.body(null, 204);
    });
}

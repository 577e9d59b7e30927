import { Hono } from 'hono';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { scanIdOrThrow, uuidParamOrThrow } from '../http/params.js';
import { validate } from '../http/validate.js';
import { toIsoInZone } from '../shared/time.js';
import { batchSchema, markSchema, scanSchema, searchQuery } from './checkins.schemas.js';
import type { CheckinAnswer, CheckinCtx } from './checkins.usecases.js';
import * as checkins from './checkins.usecases.js';

function answerJson(a: CheckinAnswer) {
  return {
    result: a.result,
    ...(a.attendee && { attendee: a.attendee }),
    ...(a.event && { event: a.event }),
    ...(a.firstCheckedInAt && { firstCheckedInAt: toIsoInZone(a.firstCheckedInAt) }),
    ...(a.sessionId && { sessionId: a.sessionId }),
  };
}

/** POST /api/v1/checkins, POST /api/v1/checkins/batch — door staff. */
export function checkinsApi(deps: AppDeps, ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .use(requireRole('scanner'))
    .post('/', validate('json', scanSchema), async (c) => {
      return c.json(answerJson(await checkins.checkIn(ctx, c.get('actor')!, c.req.valid('json'))));
    })
    .get('/events', async (c) => {
      // The events this device or person may scan for: published ones that have not ended.
      const events = await checkins.eventsToScan(deps, c.get('actor')!);
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
      const answers = await checkins.checkInBatch(ctx, c.get('actor')!, c.req.valid('json').scans);
      return c.json({ results: answers.map((a) => ({ nonce: a.nonce, ...answerJson(a) })) });
    });
}

/** GET /api/v1/events/:id/checkin-list and /checkin-search — door staff of that event. */
export function eventCheckinApi(deps: AppDeps, ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .get('/:id/checkin-list', requireRole('scanner'), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
      const attendees = await checkins.checkinList(ctx, c.get('actor')!, id);
      const event = await getEventForStaffOrThrow(deps, c.get('actor')!, id);
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
    .get('/:id/checkin-search', requireRole('scanner'), validate('query', searchQuery), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
      const rows = await checkins.searchAtDoor(ctx, c.get('actor')!, id, c.req.valid('query').q);
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

/** /api/v1/admin/events/:id/attendance — organisers. */
export function adminAttendanceApi(ctx: CheckinCtx) {
  return new Hono<AppEnv>()
    .get('/:id/attendance', requireRole('organiser'), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
      const report = await checkins.attendanceReport(ctx, c.get('actor')!, id);
      return c.json({
        sessions: report.sessions.map((s) => ({
          sessionId: s.session_id,
          startsAt: toIsoInZone(new Date(s.starts_at)),
          endsAt: toIsoInZone(new Date(s.ends_at)),
          present: s.present,
          excused: s.excused,
          expected: s.expected,
        })),
        registrations: report.registrations.map((r) => ({
          registrationId: r.registration_id,
          name: r.full_name,
          status: r.status,
          present: r.present,
          excused: r.excused,
          sessions: r.sessions,
          completed: r.completed,
        })),
        // The whole event: confirmed registrations, and how many of them came at least once.
        totals: report.totals,
        marks: report.marks.map((m) => ({
          registrationId: m.registration_id,
          sessionId: m.session_id,
          status: m.status,
          method: m.method,
        })),
        conflicts: report.conflicts.map((x) => ({
          scanId: x.id,
          conflict: x.conflict,
          result: x.result,
          deviceId: x.device_id,
          heldBy: x.held_by,
          name: x.full_name,
          sessionId: x.session_id,
          scannedAt: toIsoInZone(x.scanned_at),
          receivedAt: toIsoInZone(x.received_at),
          reviewedAt: x.reviewed_at ? toIsoInZone(new Date(x.reviewed_at)) : null,
        })),
      });
    })
    .post('/:id/conflicts/:scanId/review', requireRole('organiser'), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
      await checkins.reviewConflict(ctx, c.get('actor')!, id, scanIdOrThrow(c.req.param('scanId')), c.get('requestId'));
      return c.body(null, 204);
    })
    .post('/:id/attendance', requireRole('organiser'), validate('json', markSchema), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
      await checkins.markByOrganiser(ctx, c.get('actor')!, id, c.req.valid('json'), c.get('requestId'));
      return c.body(null, 204);
    });
}

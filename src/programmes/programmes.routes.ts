import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { AppError } from '../shared/errors.js';
import { toIsoInZone } from '../shared/time.js';
import { type ProgrammeEnv, programmeReaders } from '../targets/programme-access.js';
import { eventsBehind, learnersBehind } from '../targets/targets.repository.js';
import { findProgrammeOrThrow, programmeProgress } from '../targets/targets.usecases.js';
import { findTarget } from './programmes.repository.js';
import { listProgrammesWithTargets } from './programmes.usecases.js';

const programmeId = pathIds({ id: 'programme.not_found' });

const drillQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/**
 * /api/v1/programmes — programme readers (admins, programme managers, organisers) read
 * programmes, targets and what is behind each number; a reader limited to some events gets
 * numbers and people of those events only, and `limitedToEvents` says which.
 */
export function programmesApi(deps: AppDeps) {
  const target = async (programmeId: string, code: string, eventIds: string[] | null) => {
    const programme = await findProgrammeOrThrow(deps.db, programmeId);
    const t = await findTarget(deps.db, programmeId, code);
    if (!t) throw new AppError('programme.not_found');
    return { period: { programmeId: programme.id, startsOn: programme.starts_on, endsOn: programme.ends_on, eventIds }, t };
  };
  return new Hono<ProgrammeEnv>()
    .use(programmeReaders({ pages: false }))
    .get('/', async (c) => c.json({ programmes: await listProgrammesWithTargets(deps.db) }))
    .get('/:id/targets', validate('param', programmeId), async (c) => {
      const { programme, targets } = await programmeProgress(deps, c.req.valid('param').id, c.get('readsEvents'));
      return c.json({
        limitedToEvents: c.get('readsEvents'),
        programme: {
          id: programme.id,
          code: programme.code,
          name: programme.name_vi,
          nameEn: programme.name_en,
          startsOn: programme.starts_on,
          endsOn: programme.ends_on,
        },
        targets,
      });
    })
    .get('/:id/targets/:code/events', validate('param', programmeId), validate('query', drillQuery), async (c) => {
      const { period, t } = await target(c.req.valid('param').id, c.req.param('code'), c.get('readsEvents'));
      const rows = await eventsBehind(
        deps.db,
        period,
        { eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes },
        c.req.valid('query').year ?? null,
      );
      return c.json({
        events: rows.map((r) => ({
          id: r.id,
          title: r.title,
          kind: r.kind,
          year: r.yr,
          endedAt: toIsoInZone(new Date(r.last_end)),
          attendees: r.attendees,
          completed: r.completed,
        })),
      });
    })
    .get('/:id/targets/:code/people', validate('param', programmeId), validate('query', drillQuery), async (c) => {
      const { period, t } = await target(c.req.valid('param').id, c.req.param('code'), c.get('readsEvents'));
      const rows = await learnersBehind(
        deps.db,
        period,
        { eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes },
        c.req.valid('query').year ?? null,
      );
      return c.json({
        people: rows.map((r) => ({
          registrationId: r.registration_id,
          name: r.full_name,
          district: r.district,
          gender: r.gender,
          event: r.event_title,
          year: r.yr,
          present: r.present,
          sessions: r.sessions,
        })),
      });
    });
}

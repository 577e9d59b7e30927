import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { listProgrammesWithTargets } from './programmes.usecases.js';

/** /api/v1/programmes — organisers and admins read programmes and the targets they set. */
export function programmesApi(deps: AppDeps) {
  return new Hono<AppEnv>().use(requireRole('organiser')).get('/', async (c) => {
    return c.json({ programmes: await listProgrammesWithTargets(deps.db) });
  });
}

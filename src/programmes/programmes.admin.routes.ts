import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { uuidParamOrThrow } from '../http/params.js';
import { validate } from '../http/validate.js';
import { validationError } from '../shared/errors.js';
import { importProgramme, importTargets, targetView, updateTarget } from './programmes.admin.js';
import { programmeSchema, targetPatchSchema, targetsFromCsv } from './programmes.schemas.js';

/** The one API route that takes a body other than JSON (see jsonOnly's allow-list in app.tsx). */
export const TARGETS_CSV_PATH = /^\/api\/v1\/admin\/programmes\/[^/]+\/targets\.csv$/;

/** /api/v1/admin/programmes — admins add programmes and change targets; every change is audited. */
export function adminProgrammesApi(deps: AppDeps) {
  const who = (c: { get(key: 'actor'): AppEnv['Variables']['actor']; get(key: 'requestId'): string }) => ({
    actor: c.get('actor'),
    requestId: c.get('requestId'),
  });
  return new Hono<AppEnv>()
    .use(requireRole('admin'))
    .post('/', validate('json', programmeSchema), async (c) => {
      const created = await importProgramme(deps, who(c), c.req.valid('json'));
      return c.json({ programme: { id: created.id, code: c.req.valid('json').code, targets: created.targets } }, 201);
    })
    .post('/:id/targets.csv', async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'programme.not_found');
      const parsed = targetsFromCsv(await c.req.text());
      if ('issues' in parsed) throw validationError(parsed.issues);
      return c.json(await importTargets(deps, who(c), id, parsed.targets));
    })
    .patch('/:id/targets/:code', validate('json', targetPatchSchema), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'programme.not_found');
      const target = await updateTarget(deps, who(c), id, c.req.param('code'), c.req.valid('json'));
      return c.json({ target: targetView(target) });
    });
}

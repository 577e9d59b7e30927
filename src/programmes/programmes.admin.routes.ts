import { type Context, Hono } from 'hono';
import type { AppDeps } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { validationError } from '../shared/errors.js';
import { type ProgrammeEnv, programmeEditors } from '../targets/programme-access.js';
import { importProgramme, importTargets, targetView, updateTarget } from './programmes.admin.js';
import { programmeSchema, targetPatchSchema, targetsFromCsv } from './programmes.schemas.js';

const programmeId = pathIds({ id: 'programme.not_found' });

/** The one API route that takes a body other than JSON (see jsonOnly's allow-list in app.tsx). */
export const TARGETS_CSV_PATH = /^\/api\/v1\/admin\/programmes\/[^/]+\/targets\.csv$/;

/** /api/v1/admin/programmes — admins and programme managers add programmes and change targets; every change is audited. */
export function adminProgrammesApi(deps: AppDeps) {
  const who = (c: Context<ProgrammeEnv>) => ({
    actor: c.get('actor'),
    requestId: c.get('requestId'),
  });
  return new Hono<ProgrammeEnv>()
    .use(programmeEditors({ pages: false }))
    .post('/', validate('json', programmeSchema), async (c) => {
      const created = await importProgramme(deps, who(c), c.req.valid('json'));
      return c.json({ programme: { id: created.id, code: c.req.valid('json').code, targets: created.targets } }, 201);
    })
    .post('/:id/targets.csv', validate('param', programmeId), async (c) => {
      const { id } = c.req.valid('param');
      const parsed = targetsFromCsv(await c.req.text());
      if ('issues' in parsed) throw validationError(parsed.issues);
      return c.json(await importTargets(deps, who(c), id, parsed.targets));
    })
    .patch('/:id/targets/:code', validate('param', programmeId), validate('json', targetPatchSchema), async (c) => {
      const { id } = c.req.valid('param');
      const target = await updateTarget(deps, who(c), id, c.req.param('code'), c.req.valid('json'));
      return c.json({ target: targetView(target) });
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { formatDateTime } from '../shared/time.js';
import { DashboardPage, programmeName, targetLabel } from './dashboard.page.js';
import { d } from './dashboard.strings.js';
import { learnersDrillDown, type PeopleFilter, programmeDashboard, targetDrillDown } from './dashboard.usecases.js';
import { LearnersPage, TargetPage } from './drilldown.page.js';
import { type ProgrammeEnv, programmeReaders } from './programme-access.js';

const peopleQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  // '-' asks for the people whose district or gender was not given.
  district: z.string().trim().min(1).max(100).optional(),
  gender: z.enum(['female', 'male', 'other', '-']).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

const programmeId = pathIds({ id: 'programme.not_found' });

function filterOf(q: z.infer<typeof peopleQuery>): PeopleFilter {
  return { year: q.year, district: q.district, gender: q.gender };
}

/** /admin/programmes: the dashboard and the pages behind each of its numbers, of the events the reader may see. */
export function dashboardPages(deps: AppDeps) {
  return new Hono<ProgrammeEnv>()
    .use(programmeReaders({ pages: true }))
    .get('/:id', validate('param', programmeId), async (c) => {
      const data = await programmeDashboard(deps, c.req.valid('param').id, c.get('readsEvents'));
      const lang = c.get('lang');
      const meta = pageMeta(c, `${d(lang, 'dashboard')} — ${programmeName(data.programme, lang)}`, { noindex: true });
      return c.html(<DashboardPage meta={meta} data={data} asOf={formatDateTime(deps.clock.now(), lang)} />, 200, PRIVATE_PAGE_HEADERS);
    })
    .get('/:id/targets/:code', validate('param', programmeId), validate('query', peopleQuery), async (c) => {
      const filter = filterOf(c.req.valid('query'));
      const data = await targetDrillDown(deps, c.req.valid('param').id, c.req.param('code'), filter, c.get('readsEvents'));
      const meta = pageMeta(c, targetLabel(data.target, c.get('lang')), { noindex: true });
      return c.html(<TargetPage meta={meta} data={data} filter={filter} />, 200, PRIVATE_PAGE_HEADERS);
    })
    .get('/:id/learners', validate('param', programmeId), validate('query', peopleQuery), async (c) => {
      const filter = filterOf(c.req.valid('query'));
      const data = await learnersDrillDown(deps, c.req.valid('param').id, filter, c.get('readsEvents'));
      const meta = pageMeta(c, d(c.get('lang'), 'allLearnerTargets'), { noindex: true });
      return c.html(<LearnersPage meta={meta} {...data} filter={filter} />, 200, PRIVATE_PAGE_HEADERS);
    });
}

import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { checkPosted, facilityEditors, facilityReaders, formWithIssues, postedFields, type RoundForm } from './facility-forms.js';
import { SelectionRoundPage, SelectionRoundsPage } from './selection-rounds.page.js';
import { entryForm, resultForm, roundForm } from './selection-rounds.schemas.js';
import { rs } from './selection-rounds.strings.js';
import * as rounds from './selection-rounds.usecases.js';

const roundQuery = z.object({ saved: z.literal('1').optional(), lang: z.enum(['vi', 'en']).optional() });

/**
 * /admin/facilities/selection-rounds: product selection rounds, their entries and results.
 * Bad input shows the form again (422) with its messages and changes nothing.
 */
export function selectionRoundsPages(deps: AppDeps) {
  const listPage = async (c: Context<StaffEnv>, status: 200 | 422, form?: RoundForm) => {
    const data = await rounds.roundsPage(deps, c.get('actor'));
    const meta = pageMeta(c, rs(c.get('lang'), 'heading'), { noindex: true });
    return c.html(<SelectionRoundsPage meta={meta} data={data} form={form} />, status, PRIVATE_PAGE_HEADERS);
  };
  const roundView = async (
    c: Context<StaffEnv>,
    id: string,
    status: 200 | 422,
    extra: { entryForm?: RoundForm; resultForm?: { entryId: string; form: RoundForm }; notice?: string } = {},
  ) => {
    const data = await rounds.roundPage(deps, c.get('actor'), id);
    const meta = pageMeta(c, data.round.title, { noindex: true });
    return c.html(<SelectionRoundPage meta={meta} data={data} {...extra} />, status, PRIVATE_PAGE_HEADERS);
  };

  return new Hono<AppEnv>()
    .use(facilityReaders)
    .get('/', async (c) => listPage(c, 200))
    .post('/', facilityEditors, async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkPosted(roundForm, fields, lang);
      if (!checked.ok) return listPage(c, 422, checked.form);
      const created = await rounds.createRound(deps, c.get('actor'), checked.data, c.get('requestId'));
      if (created.result === 'invalid') return listPage(c, 422, formWithIssues(fields, created.issues, lang));
      return c.redirect(`/admin/facilities/selection-rounds/${created.id}`, 303);
    })
    .get('/:id', validate('param', pathIds({ id: 'selection_round.not_found' })), validate('query', roundQuery), async (c) => {
      const { id } = c.req.valid('param');
      const saved = c.req.valid('query').saved;
      return roundView(c, id, 200, saved ? { notice: rs(c.get('lang'), 'saved') } : {});
    })
    .post('/:id/entries', facilityEditors, validate('param', pathIds({ id: 'selection_round.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      const fields = await postedFields(c);
      const checked = checkPosted(entryForm, fields, c.get('lang'));
      if (!checked.ok) return roundView(c, id, 422, { entryForm: checked.form });
      await rounds.addEntry(deps, c.get('actor'), id, checked.data, c.get('requestId'));
      return c.redirect(`/admin/facilities/selection-rounds/${id}?saved=1`, 303);
    })
    .post(
      '/:id/entries/:entryId/result',
      facilityEditors,
      validate('param', pathIds({ id: 'selection_round.not_found', entryId: 'selection_entry.not_found' })),
      async (c) => {
        const { id, entryId } = c.req.valid('param');
        const fields = await postedFields(c);
        const lang = c.get('lang');
        const checked = checkPosted(resultForm, fields, lang);
        if (!checked.ok) return roundView(c, id, 422, { resultForm: { entryId, form: checked.form } });
        const recorded = await rounds.recordResult(deps, c.get('actor'), id, entryId, checked.data, c.get('requestId'));
        if (recorded.result === 'invalid')
          return roundView(c, id, 422, { resultForm: { entryId, form: formWithIssues(fields, recorded.issues, lang) } });
        return c.redirect(`/admin/facilities/selection-rounds/${id}?saved=1#entry-${entryId}`, 303);
      },
    );
}

import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { acceptsHtml, type ErrorBody } from '../http/error-mapper.js';
import { ERRORS } from '../http/messages.js';
import { pathIds, validate } from '../http/validate.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { inLanguage } from '../shared/text.js';
import { FacilitiesPage } from './facilities.page.js';
import { fs } from './facilities.strings.js';
import * as facilities from './facilities.usecases.js';
import { FacilityPage } from './facility.page.js';
import { facilityEditors, facilityReaders, postedFields } from './facility-forms.js';
import { FacilityMergePage } from './facility-merge.page.js';

const listQuery = z.object({ q: z.string().max(200).optional(), lang: z.enum(['vi', 'en']).optional() });
const pageQuery = z.object({
  dup: z.string().max(200).optional(),
  renamed: z.literal('1').optional(),
  merged: z.literal('1').optional(),
  lang: z.enum(['vi', 'en']).optional(),
});
/** A script's answer to a merge two live requests for one fair refuse: the code, and the fairs named. */
function mergeConflictBody(clashes: facilities.ClashingFair[]): ErrorBody {
  const { vi, en } = ERRORS['facility.merge_conflict'];
  const titles = (lang: 'vi' | 'en') => clashes.map((f) => inLanguage(f.title, f.titleEn, lang)).join(', ');
  return {
    error: {
      code: 'facility.merge_conflict',
      message: `${vi} (${titles('vi')}) / ${en} (${titles('en')})`,
      details: { fairs: clashes },
    },
  };
}

const ids = pathIds({ id: 'facility.not_found', otherId: 'facility.not_found' });

/**
 * /admin/facilities: the registry (search without diacritics), each facility's history, the
 * name of record chosen among the spellings seen, and merging a duplicate after a confirmation.
 */
export function facilitiesPages(deps: AppDeps) {
  const facilityView = async (
    c: Context<StaffEnv>,
    id: string,
    status: 200 | 422,
    extra: { notice?: string; renameError?: string; dup?: string } = {},
  ) => {
    const actor = c.get('actor');
    const data = await facilities.facilityPage(deps, actor, id);
    const dup = extra.dup?.trim() ?? '';
    const candidates = dup && data.canEdit ? (await facilities.searchFacilities(deps, actor, dup)).items : null;
    const meta = pageMeta(c, data.facility.name, { noindex: true });
    return c.html(
      <FacilityPage meta={meta} data={data} notice={extra.notice} renameError={extra.renameError} q={dup} candidates={candidates} />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };
  const mergeView = async (c: Context<StaffEnv>, keepId: string, dropId: string, status: 200 | 409) => {
    const preview = await facilities.previewMerge(deps, c.get('actor'), keepId, dropId);
    const meta = pageMeta(c, fs(c.get('lang'), 'confirmHeading'), { noindex: true });
    return c.html(<FacilityMergePage meta={meta} preview={preview} />, status, PRIVATE_PAGE_HEADERS);
  };

  return new Hono<AppEnv>()
    .use(facilityReaders)
    .get('/', validate('query', listQuery), async (c) => {
      const actor = c.get('actor');
      const q = c.req.valid('query').q ?? '';
      const { items, truncated } = await facilities.searchFacilities(deps, actor, q);
      const meta = pageMeta(c, fs(c.get('lang'), 'heading'), { noindex: true });
      return c.html(
        <FacilitiesPage
          meta={meta}
          q={q}
          items={items}
          truncated={truncated}
          showRounds={facilities.facilityReachOrThrow(actor) === null}
        />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    })
    .get('/:id', validate('param', pathIds({ id: 'facility.not_found' })), validate('query', pageQuery), async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const lang = c.get('lang');
      const notice = q.merged ? fs(lang, 'merged') : q.renamed ? fs(lang, 'renamed') : undefined;
      return facilityView(c, id, 200, { ...(notice && { notice }), ...(q.dup && { dup: q.dup }) });
    })
    .post('/:id/name', facilityEditors, validate('param', pathIds({ id: 'facility.not_found' })), async (c) => {
      const { id } = c.req.valid('param');
      const name = (await postedFields(c)).name ?? '';
      const renamed = await facilities.renameFacility(deps, c.get('actor'), id, name, c.get('requestId'));
      if (renamed.result === 'not_a_variant') return facilityView(c, id, 422, { renameError: fs(c.get('lang'), 'notAVariant') });
      return c.redirect(`/admin/facilities/${id}?renamed=1`, 303);
    })
    .get('/:id/merge/:otherId', facilityEditors, validate('param', ids), async (c) => {
      const { id, otherId } = c.req.valid('param');
      return mergeView(c, id, otherId, 200);
    })
    .post('/:id/merge/:otherId', facilityEditors, validate('param', ids), async (c) => {
      const { id, otherId } = c.req.valid('param');
      const merged = await facilities.mergeFacilities(deps, c.get('actor'), id, otherId, c.get('requestId'));
      if (merged.result === 'blocked' && merged.reason === 'fairs_clash' && !acceptsHtml(c)) {
        return c.json(mergeConflictBody(merged.clashes), 409);
      }
      if (merged.result === 'blocked') return mergeView(c, id, otherId, 409);
      return c.redirect(`/admin/facilities/${merged.keptId}?merged=1`, 303);
    });
}

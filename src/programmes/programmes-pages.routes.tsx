import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../http/env.js';
import { pathIds, validate } from '../http/validate.js';
import { PRIVATE_PAGE_HEADERS, pageMeta } from '../pages/page-meta.js';
import { editsProgrammes, type ProgrammeEnv, programmeEditors, programmeReaders } from '../targets/programme-access.js';
import { whatCounts } from '../targets/what-counts.usecases.js';
import { ProgrammeTargetsPage, TargetEditPage } from './programme-targets.page.js';
import { createProgramme, importProgrammeOutcome, importTargets, updateTarget } from './programmes.admin.js';
import {
  checkForm,
  EMPTY_FORM,
  newProgrammeForm,
  type PostedForm,
  postedFields,
  programmeFromJson,
  targetForm,
  withError,
} from './programmes.forms.js';
import { ProgrammesPage } from './programmes.page.js';
import { programmeRow, targetFormValues } from './programmes.presenter.js';
import { targetsFromCsv } from './programmes.schemas.js';
import { ps } from './programmes.strings.js';
import { listProgrammesWithTargets, programmeWithTargetsOrThrow } from './programmes.usecases.js';
import { WhatCountsPage } from './what-counts.page.js';

const programmeId = pathIds({ id: 'programme.not_found' });
const listQuery = z.object({ created: z.uuid().optional(), imported: z.uuid().optional(), lang: z.enum(['vi', 'en']).optional() });
const targetsQuery = z.object({
  saved: z.string().max(80).optional(),
  csv: z.literal('1').optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

/**
 * /admin/programmes: the programmes, their targets and what counts toward each, for programme
 * readers; creating, importing and changing targets for admins and programme managers (others
 * 403). The dashboard stays at /admin/programmes/:id (targets/dashboard.routes.tsx).
 */
export function programmesPages(deps: AppDeps) {
  const who = (c: Context<ProgrammeEnv>) => ({ actor: c.get('actor'), requestId: c.get('requestId') });

  const list = async (
    c: Context<ProgrammeEnv>,
    status: 200 | 422,
    extra: { notice?: string; createForm?: PostedForm; importForm?: PostedForm },
  ) => {
    const lang = c.get('lang');
    const programmes = (await listProgrammesWithTargets(deps.db)).map(programmeRow);
    return c.html(
      <ProgrammesPage
        meta={pageMeta(c, ps(lang, 'heading'), { noindex: true })}
        programmes={programmes}
        canEdit={editsProgrammes(c.get('actor'))}
        notice={extra.notice}
        createForm={extra.createForm ?? EMPTY_FORM}
        importForm={extra.importForm ?? EMPTY_FORM}
      />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };

  const targets = async (c: Context<ProgrammeEnv>, id: string, status: 200 | 422, extra: { notice?: string; csvForm?: PostedForm }) => {
    const programme = await programmeWithTargetsOrThrow(deps.db, id);
    const lang = c.get('lang');
    return c.html(
      <ProgrammeTargetsPage
        meta={pageMeta(c, `${ps(lang, 'targets')} — ${lang === 'en' ? programme.nameEn : programme.name}`, { noindex: true })}
        programme={programme}
        canEdit={editsProgrammes(c.get('actor'))}
        notice={extra.notice}
        csvForm={extra.csvForm ?? EMPTY_FORM}
      />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };

  const edit = async (c: Context<ProgrammeEnv>, id: string, code: string, status: 200 | 422, form?: PostedForm) => {
    const programme = await programmeWithTargetsOrThrow(deps.db, id);
    const target = programme.targets.find((t) => t.code === code);
    if (!target) return c.notFound();
    const lang = c.get('lang');
    return c.html(
      <TargetEditPage
        meta={pageMeta(c, ps(lang, 'editHeading'), { noindex: true })}
        programme={programme}
        target={target}
        form={form ?? { ...targetFormValues(target), errors: {} }}
      />,
      status,
      PRIVATE_PAGE_HEADERS,
    );
  };

  return new Hono<ProgrammeEnv>()
    .get('/', programmeReaders({ pages: true }), validate('query', listQuery), async (c) => {
      const q = c.req.valid('query');
      const lang = c.get('lang');
      const rows = await listProgrammesWithTargets(deps.db);
      // Said only of what is so: a crafted link cannot claim a programme was made.
      const made = rows.find((p) => p.id === (q.created ?? q.imported));
      const notice = made && `${ps(lang, q.created ? 'created' : 'imported')}: ${lang === 'en' ? made.nameEn : made.name}`;
      return list(c, 200, notice ? { notice } : {});
    })
    .post('/', programmeEditors({ pages: true }), async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const checked = checkForm(newProgrammeForm, fields, lang);
      if (!checked.ok) return list(c, 422, { createForm: checked.form });
      const outcome = await createProgramme(deps, who(c), checked.data);
      if (outcome.result === 'exists') return list(c, 422, { createForm: withError(fields, 'code', ps('vi', 'codeTaken'), lang) });
      return c.redirect(`/admin/programmes?created=${outcome.id}`, 303);
    })
    .post('/import', programmeEditors({ pages: true }), async (c) => {
      const fields = await postedFields(c);
      const lang = c.get('lang');
      const parsed = programmeFromJson(fields, lang);
      if (!parsed.ok) return list(c, 422, { importForm: parsed.form });
      const outcome = await importProgrammeOutcome(deps, who(c), parsed.data);
      if (outcome.result === 'exists') return list(c, 422, { importForm: withError({}, 'file', ps('vi', 'codeTaken'), lang) });
      return c.redirect(`/admin/programmes?imported=${outcome.id}`, 303);
    })
    .get('/:id/targets', programmeReaders({ pages: true }), validate('param', programmeId), validate('query', targetsQuery), async (c) => {
      const q = c.req.valid('query');
      const lang = c.get('lang');
      const notice = q.saved ? ps(lang, 'saved') : q.csv ? ps(lang, 'csvDone') : undefined;
      return targets(c, c.req.valid('param').id, 200, notice ? { notice } : {});
    })
    .post('/:id/targets', programmeEditors({ pages: true }), validate('param', programmeId), async (c) => {
      const { id } = c.req.valid('param');
      const fields = await postedFields(c);
      const lang = c.get('lang');
      await programmeWithTargetsOrThrow(deps.db, id);
      const csv = typeof fields.file === 'string' ? fields.file : '';
      const parsed = targetsFromCsv(csv);
      if ('issues' in parsed) {
        const message = parsed.issues
          .slice(0, 8)
          .map((i) => `${i.field}: ${i.message}`)
          .join('; ');
        return targets(c, id, 422, { csvForm: withError({}, 'file', `${message} / ${message}`, lang) });
      }
      await importTargets(deps, who(c), id, parsed.targets);
      return c.redirect(`/admin/programmes/${id}/targets?csv=1`, 303);
    })
    .get('/:id/targets/:code/edit', programmeEditors({ pages: true }), validate('param', programmeId), async (c) =>
      edit(c, c.req.valid('param').id, c.req.param('code'), 200),
    )
    .post('/:id/targets/:code/edit', programmeEditors({ pages: true }), validate('param', programmeId), async (c) => {
      const { id } = c.req.valid('param');
      const code = c.req.param('code');
      const fields = await postedFields(c);
      const checked = checkForm(targetForm, fields, c.get('lang'));
      if (!checked.ok) return edit(c, id, code, 422, checked.form);
      await updateTarget(deps, who(c), id, code, checked.data);
      return c.redirect(`/admin/programmes/${id}/targets?saved=${encodeURIComponent(code)}`, 303);
    })
    .get('/:id/targets/:code/why', programmeReaders({ pages: true }), validate('param', programmeId), async (c) => {
      const data = await whatCounts(deps, c.req.valid('param').id, c.req.param('code'), c.get('readsEvents'));
      const lang = c.get('lang');
      return c.html(
        <WhatCountsPage meta={pageMeta(c, `${ps(lang, 'whatCounts')} — ${data.target.labelVi}`, { noindex: true })} data={data} />,
        200,
        PRIVATE_PAGE_HEADERS,
      );
    });
}

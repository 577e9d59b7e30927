import { createMiddleware } from 'hono/factory';
import { programmeReach } from '../auth/actor.js';
import type { AppEnv } from '../http/env.js';
import { loginHref } from '../http/params.js';
import { AppError } from '../shared/errors.js';

/** What a programme route knows once its reader is let in: whose events it may count and list. */
export type ProgrammeEnv = {
  Variables: AppEnv['Variables'] & {
    /** null: every event of the programme; otherwise only these (SPEC §7). */
    readsEvents: string[] | null;
  };
};

/**
 * Programme views (dashboard, drill-downs, reports, the programmes API) for admins, programme
 * managers and organisers; door staff get 403. A reader limited to some events is let in with
 * `readsEvents` set to them, and every number and list is then of those events only.
 * Signed out: 401 from the API; the pages send the person to sign in first.
 */
export function programmeReaders(options: { pages: boolean }) {
  return createMiddleware<ProgrammeEnv>(async function programmeReaders(c, next) {
    const actor = c.get('actor');
    if (!actor) {
      if (!options.pages) throw new AppError('auth.unauthenticated');
      const url = new URL(c.req.url);
      return c.redirect(loginHref(url.pathname + url.search), 303);
    }
    const reach = programmeReach(actor);
    if (!reach) throw new AppError('auth.forbidden');
    c.set('readsEvents', reach.eventIds);
    await next();
  });
}

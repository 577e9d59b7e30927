import { createMiddleware } from 'hono/factory';
import { type Actor, programmeReach } from '../auth/actor.js';
import type { AppEnv } from '../http/env.js';
import { loginHref } from '../http/params.js';
import { AppError } from '../shared/errors.js';

/** What a programme route knows once its reader is let in: whose events it may count and list. */
export type ProgrammeEnv = {
  Variables: AppEnv['Variables'] & {
    /** Proved by the middleware: someone is signed in. */
    actor: Actor;
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
    // Read as possibly absent: this is where it is proved.
    const actor = c.get('actor') as Actor | null;
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

/** Who changes programmes and their targets (create, import, goals and filters): admins and programme managers. */
export function editsProgrammes(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'programme_manager';
}

/**
 * Programme changes, from the pages and the API alike: admins and programme managers; organisers
 * and door staff get 403; signed out, 401 from the API and the sign-in page from the pages.
 */
export function programmeEditors(options: { pages: boolean }) {
  return createMiddleware<ProgrammeEnv>(async function programmeEditors(c, next) {
    // Read as possibly absent: this is where it is proved.
    const actor = c.get('actor') as Actor | null;
    if (!actor) {
      if (!options.pages) throw new AppError('auth.unauthenticated');
      const url = new URL(c.req.url);
      return c.redirect(loginHref(url.pathname + url.search), 303);
    }
    if (!editsProgrammes(actor)) throw new AppError('auth.forbidden');
    c.set('readsEvents', programmeReach(actor)?.eventIds ?? []);
    await next();
  });
}

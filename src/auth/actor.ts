import type { Role } from '../db/schema.js';

/** Who is making a request: a signed-in person, or a bearer token held by a device or script. */
export type Actor =
  | { kind: 'user'; userId: string; email: string; role: Role; eventIds: string[] | null }
  | { kind: 'token'; tokenId: string; name: string; role: Role; eventIds: string[] | null };

type RankedRole = Exclude<Role, 'programme_manager'>;
const RANK: Record<RankedRole, number> = { scanner: 1, organiser: 2, admin: 3 };

/**
 * Roles nest: an admin may do what an organiser may, an organiser what a scanner may. A
 * programme manager stands outside that line: it reads programmes and runs no events or doors.
 */
export function hasRole(actor: Actor, atLeast: Role): boolean {
  if (actor.role === 'programme_manager' || atLeast === 'programme_manager') return actor.role === atLeast;
  return RANK[actor.role] >= RANK[atLeast];
}

/**
 * A token or account limited to some events may touch only those; organisers and admins
 * without a list may touch any. Door staff only ever reach the events they were given: one
 * without a list (none can be made now; older rows might) reaches none. A programme manager
 * touches no event (it reads programmes: see programmeReach).
 */
export function canAccessEvent(actor: Actor, eventId: string): boolean {
  if (actor.role === 'programme_manager') return false;
  if (actor.eventIds === null) return actor.role !== 'scanner';
  return actor.eventIds.includes(eventId);
}

/**
 * Whose people a programme view (dashboard, drill-downs, reports, the programmes API) may count
 * and list: `{ eventIds: null }` every event's; a list, only those events'; null, no programme
 * view at all (door staff). Admins, programme managers and organisers without a list read the
 * whole programme; anyone limited to some events reads only those, everywhere.
 */
export function programmeReach(actor: Actor): { eventIds: string[] | null } | null {
  if (actor.role === 'scanner') return null;
  return { eventIds: actor.eventIds };
}

export function auditActor(actor: Actor): { actor_user_id: string | null; actor_token_id: string | null } {
  return actor.kind === 'user'
    ? { actor_user_id: actor.userId, actor_token_id: null }
    : { actor_user_id: null, actor_token_id: actor.tokenId };
}

import type { Role } from '../db/schema.js';

/** Who is making a request: a signed-in person, or a bearer token held by a device or script. */
export type Actor =
  | { kind: 'user'; userId: string; email: string; role: Role; eventIds: string[] | null }
  | { kind: 'token'; tokenId: string; name: string; role: Role; eventIds: string[] | null };

const RANK: Record<Role, number> = { scanner: 1, organiser: 2, admin: 3 };

/** Roles nest: an admin may do what an organiser may, an organiser what a scanner may. */
export function hasRole(actor: Actor, atLeast: Role): boolean {
  return RANK[actor.role] >= RANK[atLeast];
}

/**
 * A token or account limited to some events may touch only those; organisers and admins
 * without a list may touch any. Door staff only ever reach the events they were given: one
 * without a list (none can be made now; older rows might) reaches none.
 */
export function canAccessEvent(actor: Actor, eventId: string): boolean {
  if (actor.eventIds === null) return actor.role !== 'scanner';
  return actor.eventIds.includes(eventId);
}

export function auditActor(actor: Actor): { actor_user_id: string | null; actor_token_id: string | null } {
  return actor.kind === 'user'
    ? { actor_user_id: actor.userId, actor_token_id: null }
    : { actor_user_id: null, actor_token_id: actor.tokenId };
}

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

/** A token limited to some events may touch only those; people and unlimited tokens any. */
export function canAccessEvent(actor: Actor, eventId: string): boolean {
  return actor.eventIds === null || actor.eventIds.includes(eventId);
}

export function auditActor(actor: Actor): { actor_user_id: string | null; actor_token_id: string | null } {
  return actor.kind === 'user'
    ? { actor_user_id: actor.userId, actor_token_id: null }
    : { actor_user_id: null, actor_token_id: actor.tokenId };
}

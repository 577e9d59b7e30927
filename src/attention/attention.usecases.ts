import type { Kysely } from 'kysely';
import { type Actor, hasRole } from '../auth/actor.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import * as repo from './attention.repository.js';

/** How far ahead an event without a door device is worth saying. */
export const DOOR_WINDOW_HOURS = 48;

interface EventRef {
  eventId: string;
  title: string;
  titleEn: string | null;
}

/** What needs an organiser's attention on the back office's front page. */
export interface AttentionView {
  pendingApprovals: (EventRef & { count: number })[];
  failedMail: number;
  conflicts: (EventRef & { count: number })[];
  withoutDoor: (EventRef & { startsAt: Date })[];
  /** Admins give door devices; an organiser asks one. */
  canIssueDevices: boolean;
  /** Nothing to do: the page says so. */
  clear: boolean;
}

/**
 * Pending approvals, failed mail, offline conflicts to review and events soon that no door
 * device can scan, for the events this organiser may see (all of them, or those given);
 * null for anyone who runs no events (door staff, programme managers).
 */
export async function attentionFor(ctx: { db: Kysely<Database>; clock: Clock }, actor: Actor): Promise<AttentionView | null> {
  if (!hasRole(actor, 'organiser')) return null;
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + DOOR_WINDOW_HOURS * 3600_000);
  const [pending, failed, conflicts, doors] = await Promise.all([
    repo.pendingApprovals(ctx.db, actor.eventIds),
    repo.failedMail(ctx.db, actor.eventIds),
    repo.conflictsToReview(ctx.db, actor.eventIds),
    repo.eventsWithoutDoor(ctx.db, actor.eventIds, now, until),
  ]);
  const ref = (r: { event_id: string; title: string; title_en: string | null }) => ({
    eventId: r.event_id,
    title: r.title,
    titleEn: r.title_en,
  });
  return {
    pendingApprovals: pending.map((r) => ({ ...ref(r), count: r.n })),
    failedMail: failed,
    conflicts: conflicts.map((r) => ({ ...ref(r), count: r.n })),
    withoutDoor: doors.map((r) => ({ ...ref(r), startsAt: r.starts_at })),
    canIssueDevices: hasRole(actor, 'admin'),
    clear: pending.length === 0 && failed === 0 && conflicts.length === 0 && doors.length === 0,
  };
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** Rows of events a reader may see: every event (null), or those listed. */
const reach = (column: ReturnType<typeof sql.ref>, eventIds: string[] | null) =>
  eventIds === null ? sql`true` : eventIds.length === 0 ? sql`false` : sql`${column} in (${sql.join(eventIds)})`;

export interface EventCount {
  event_id: string;
  title: string;
  title_en: string | null;
  n: number;
}

/** Registrations waiting for an organiser's approval, per live event. */
export async function pendingApprovals(db: Db, eventIds: string[] | null): Promise<EventCount[]> {
  const { rows } = await sql<EventCount>`
    select e.id as event_id, e.title, e.title_en, count(*)::int as n
    from registrations r join events e on e.id = r.event_id
    where r.status = 'pending' and e.status = 'published' and ${reach(sql.ref('e.id'), eventIds)}
    group by e.id order by count(*) desc, e.title`.execute(db);
  return rows;
}

/** Emails that gave up, about events the reader may see. */
export async function failedMail(db: Db, eventIds: string[] | null): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n
    from mail_outbox o join registrations r on r.id = o.registration_id
    where o.status = 'failed' and ${reach(sql.ref('r.event_id'), eventIds)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Offline scans whose upload disagreed with the server and nobody has looked at yet, per event. */
export async function conflictsToReview(db: Db, eventIds: string[] | null): Promise<EventCount[]> {
  const { rows } = await sql<EventCount>`
    select e.id as event_id, e.title, e.title_en, count(*)::int as n
    from scans s join events e on e.id = s.event_id
    where s.conflict is not null and s.reviewed_at is null and ${reach(sql.ref('e.id'), eventIds)}
    group by e.id order by count(*) desc, e.title`.execute(db);
  return rows;
}

/**
 * Published events with a session starting within the window that no door device can scan: no
 * live door token and no active door-staff account is given the event.
 */
export async function eventsWithoutDoor(db: Db, eventIds: string[] | null, from: Date, to: Date) {
  const { rows } = await sql<{ event_id: string; title: string; title_en: string | null; starts_at: Date }>`
    select e.id as event_id, e.title, e.title_en, min(s.starts_at) as starts_at
    from events e join event_sessions s on s.event_id = e.id
    where e.status = 'published' and ${reach(sql.ref('e.id'), eventIds)}
      and s.starts_at >= ${from} and s.starts_at <= ${to}
      and not exists (select 1 from api_tokens t
                      where t.role = 'scanner' and t.revoked_at is null and e.id = any(t.event_ids))
      and not exists (select 1 from users u
                      where u.role = 'scanner' and u.disabled_at is null and e.id = any(u.event_ids))
    group by e.id order by min(s.starts_at)`.execute(db);
  return rows.map((r) => ({ ...r, starts_at: new Date(r.starts_at) }));
}

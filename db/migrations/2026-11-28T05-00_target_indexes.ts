import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code and keeps working with the schema it
// created, whatever the app's types become later.

// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  // Each counted event's number of sessions and last end, read per event by the tallies
  // (count and max of ends_at) from the index alone.
  await sql`create index event_sessions_event_ends on event_sessions (event_id, ends_at)`.execute(db);

  // The tallies' registrations of an event, now with district and gender too: the dashboard's
  // breakdown by district and gender is answered from the index without visiting the table.
  await sql`create index registrations_attended_by_event on registrations (event_id)
    include (status, present_sessions, person_key, facility_id, district, gender) where present_sessions > 0`.execute(db);
  await sql`drop index registrations_event_attended`.execute(db);
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index registrations_event_attended on registrations (event_id) include (status, present_sessions, person_key, facility_id)
    where present_sessions > 0`.execute(db);
  await sql`drop index if exists registrations_attended_by_event`.execute(db);
  await sql`drop index if exists event_sessions_event_ends`.execute(db);
}

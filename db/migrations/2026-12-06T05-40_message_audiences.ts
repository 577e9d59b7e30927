import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Two more audiences for organisers' messages: `missed_some` (present at one session or more and
 * absent from at least one that has begun) and `certified` (holds a live certificate).
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table event_messages drop constraint if exists event_messages_audience_check`.execute(db);
  await sql`alter table event_messages add constraint event_messages_audience_check
    check (audience in ('confirmed', 'attended', 'missed_some', 'no_show', 'completed', 'certified', 'waitlisted'))`.execute(db);
}

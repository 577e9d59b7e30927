import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * The survey after training: one answer per registration (the primary key keeps it one, however
 * many posts arrive at once), three marks from 1 to 5 and an optional short comment; and the
 * survey's invitation, queued once per registration (its own table keeps it once: the kind is
 * left out of the outbox's once-per-event-version index).
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table feedback (
      registration_id uuid primary key references registrations (id) on delete cascade,
      event_id uuid not null references events (id) on delete cascade,
      content smallint not null check (content between 1 and 5),
      trainer smallint not null check (trainer between 1 and 5),
      usefulness smallint not null check (usefulness between 1 and 5),
      comment text check (char_length(comment) <= 1000),
      submitted_at timestamptz not null
    )`.execute(db);
  await sql`create index feedback_by_event on feedback (event_id)`.execute(db);
  await sql`
    create table feedback_requests (
      registration_id uuid primary key references registrations (id) on delete cascade,
      queued_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table feedback_requests`.execute(db);
  await sql`drop table feedback`.execute(db);
}

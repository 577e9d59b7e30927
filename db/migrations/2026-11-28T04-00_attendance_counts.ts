import { type Kysely, sql } from 'kysely';

// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  // Sessions attended, kept on the registration by a trigger: the programme's tallies read
  // one row per registration instead of aggregating every check-in, and no code path that
  // writes attendance can forget to update it.
  await db.schema
    .alterTable('registrations')
    .addColumn('present_sessions', 'integer', (c) => c.notNull().defaultTo(0).check(sql`present_sessions >= 0`))
    .execute();

  await sql`
    create function attendance_present_count() returns trigger language plpgsql as $$
    begin
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'present' and (tg_op = 'INSERT' or old.status <> 'present') then
        update registrations set present_sessions = present_sessions + 1 where id = new.registration_id;
      end if;
      if tg_op in ('DELETE', 'UPDATE') and old.status = 'present' and (tg_op = 'DELETE' or new.status <> 'present') then
        update registrations set present_sessions = present_sessions - 1 where id = old.registration_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger attendance_present_count after insert or update of status or delete on attendance
    for each row execute function attendance_present_count()`.execute(db);

  await sql`update registrations r set present_sessions = (
    select count(*) from attendance a where a.registration_id = r.id and a.status = 'present')`.execute(db);

  // The tallies group registrations by event and keep those with attendance.
  await sql`create index registrations_event_attended on registrations (event_id) include (status, present_sessions, person_key, facility_id)
    where present_sessions > 0`.execute(db);
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists attendance_present_count on attendance`.execute(db);
  await sql`drop function if exists attendance_present_count()`.execute(db);
  await sql`drop index if exists registrations_event_attended`.execute(db);
  await db.schema.alterTable('registrations').dropColumn('present_sessions').execute();
}

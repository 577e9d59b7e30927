import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code and keeps working with the schema it
// created, whatever the app's types become later.

/**
 * The sessions attended per registration move from a column of `registrations` to a narrow
 * table of their own. Kept on the registration, every check-in rewrote the whole wide row and
 * all of its eight indexes (the counted column sat in one of them, so no update could stay on
 * its page): the largest single cost of a scan at the door. A tally row holds only what the
 * programme's tallies read, so a check-in touches one narrow row and two indexes, and the
 * dashboard still reads one index, index-only.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  // A row appears at a registration's first attended session and goes when its last one is
  // taken back (a registration deleted takes its attendance with it, and so its tally). The
  // copied columns follow the registration through the trigger below. No foreign key: its
  // check locks the registration row at every check-in, which cost as much as the rest of
  // the tally; the row is made from the registration itself, inside the attendance trigger.
  await sql`
    create table attendance_tallies (
      registration_id uuid primary key,
      event_id uuid not null,
      status text not null,
      person_key text not null,
      facility_id uuid,
      district text,
      gender text,
      present_sessions integer not null default 0 check (present_sessions >= 0)
    ) with (fillfactor = 90)`.execute(db);
  await sql`insert into attendance_tallies (registration_id, event_id, status, person_key, facility_id, district, gender, present_sessions)
    select r.id, r.event_id, r.status, r.person_key, r.facility_id, r.district, r.gender, r.present_sessions
    from registrations r where r.present_sessions > 0`.execute(db);
  await sql`create index attendance_tallies_by_event on attendance_tallies (event_id)
    include (status, present_sessions, person_key, facility_id, district, gender) where present_sessions > 0`.execute(db);

  // One statement's check-ins are counted by one statement, per registration: a group of
  // scans written together costs one tally upsert, not one per scan. Present marks only;
  // an excuse turned into presence counts when it turns. Rows are taken in registration
  // order, as the scan groups take attendance, so two statements at once cannot deadlock.
  await sql`drop trigger attendance_present_count on attendance`.execute(db);
  await sql`drop function attendance_present_count()`.execute(db);
  // Every look-up below goes by primary key, one registration at a time (a lateral subquery
  // with a limit, or a loop): a transition table has no statistics, and a join left to the
  // planner read the whole registrations table for each group of scans.
  await sql`
    create function attendance_tally() returns trigger language plpgsql as $$
    declare
      changes refcursor;
      change record;
    begin
      if tg_op = 'INSERT' then
        insert into attendance_tallies as t (registration_id, event_id, status, person_key, facility_id, district, gender, present_sessions)
        select r.id, r.event_id, r.status, r.person_key, r.facility_id, r.district, r.gender, d.n
        from (select registration_id, count(*)::int as n from new_rows where status = 'present' group by registration_id order by registration_id) d
        cross join lateral (select * from registrations r where r.id = d.registration_id limit 1) r
        on conflict (registration_id) do update set present_sessions = t.present_sessions + excluded.present_sessions;
        return null;
      end if;
      -- Updates (an excuse turned into presence, or back) and deletions: rare, row by row.
      if tg_op = 'UPDATE' then
        open changes for
          select registration_id, sum(n)::int as n
          from (select registration_id, -1 as n from old_rows where status = 'present'
                union all select registration_id, 1 from new_rows where status = 'present') x
          group by registration_id having sum(n) <> 0 order by registration_id;
      else
        open changes for
          select registration_id, -count(*)::int as n from old_rows where status = 'present'
          group by registration_id order by registration_id;
      end if;
      loop
        fetch changes into change;
        exit when not found;
        insert into attendance_tallies as t (registration_id, event_id, status, person_key, facility_id, district, gender, present_sessions)
        select r.id, r.event_id, r.status, r.person_key, r.facility_id, r.district, r.gender, change.n from registrations r
        where r.id = change.registration_id and change.n > 0
        on conflict (registration_id) do update set present_sessions = t.present_sessions + excluded.present_sessions;
        update attendance_tallies set present_sessions = present_sessions + change.n where registration_id = change.registration_id and change.n < 0;
        delete from attendance_tallies where registration_id = change.registration_id and present_sessions = 0;
      end loop;
      close changes;
      return null;
    end $$`.execute(db);
  await sql`create trigger attendance_tally_insert after insert on attendance
    referencing new table as new_rows for each statement execute function attendance_tally()`.execute(db);
  await sql`create trigger attendance_tally_update after update on attendance
    referencing old table as old_rows new table as new_rows for each statement execute function attendance_tally()`.execute(db);
  await sql`create trigger attendance_tally_delete after delete on attendance
    referencing old table as old_rows for each statement execute function attendance_tally()`.execute(db);

  // A cancellation, an erasure or a corrected district reaches the tallies at once.
  await sql`
    create function registration_tally_copy() returns trigger language plpgsql as $$
    begin
      update attendance_tallies
        set status = new.status, person_key = new.person_key, facility_id = new.facility_id, district = new.district, gender = new.gender
        where registration_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger registration_tally_copy after update of status, person_key, facility_id, district, gender on registrations
    for each row when (old.status is distinct from new.status or old.person_key is distinct from new.person_key
      or old.facility_id is distinct from new.facility_id or old.district is distinct from new.district or old.gender is distinct from new.gender)
    execute function registration_tally_copy()`.execute(db);

  await sql`drop index registrations_attended_by_event`.execute(db);
  await db.schema.alterTable('registrations').dropColumn('present_sessions').execute();
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('registrations')
    .addColumn('present_sessions', 'integer', (c) => c.notNull().defaultTo(0).check(sql`present_sessions >= 0`))
    .execute();
  await sql`update registrations r set present_sessions = t.present_sessions from attendance_tallies t where t.registration_id = r.id`.execute(
    db,
  );
  await sql`create index registrations_attended_by_event on registrations (event_id)
    include (status, present_sessions, person_key, facility_id, district, gender) where present_sessions > 0`.execute(db);
  await sql`drop trigger if exists registration_tally_copy on registrations`.execute(db);
  await sql`drop function if exists registration_tally_copy()`.execute(db);
  await sql`drop trigger attendance_tally_insert on attendance`.execute(db);
  await sql`drop trigger attendance_tally_update on attendance`.execute(db);
  await sql`drop trigger attendance_tally_delete on attendance`.execute(db);
  await sql`drop function attendance_tally()`.execute(db);
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
  await sql`drop table attendance_tallies`.execute(db);
}

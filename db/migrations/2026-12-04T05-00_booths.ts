import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

const KINDS_BEFORE = sql`'received', 'confirmed', 'waitlisted', 'promoted', 'approved', 'rejected', 'cancelled', 'event_changed', 'event_cancelled', 'reminder', 'link_resent', 'reissued', 'ticket_resent'`;

/**
 * A fair's booths as an inventory, and which registration holds which booth. A booth is never
 * given twice: at most one active (unreleased) allocation per booth, by a partial unique index,
 * whatever the concurrency. One live booth request per facility per fair, by another. A fair's
 * counter (`events.confirmed_count`) now counts booth units held by pending and confirmed
 * requests, so it is recomputed here. `booth_changed` tells a facility its booths moved or were
 * released; it may go more than once per event version.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('booths')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull().check(sql`length(code) between 1 and 20`))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('standard').check(sql`type in ('standard', 'corner', 'outdoor', 'island')`))
    .addColumn('size', 'text', (c) => c.notNull().defaultTo('3x3'))
    .addColumn('zone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('support_level', 'text', (c) =>
      c.notNull().defaultTo('paid').check(sql`support_level in ('fully_supported', 'part_supported', 'paid')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('booths_code_per_event', ['event_id', 'code'])
    .execute();

  await db.schema
    .createTable('booth_allocations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('booth_id', 'uuid', (c) => c.notNull().references('booths.id').onDelete('cascade'))
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('allocated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .execute();
  await sql`create unique index booth_allocations_one_active on booth_allocations (booth_id) where released_at is null`.execute(db);
  await sql`create index booth_allocations_by_registration on booth_allocations (registration_id) where released_at is null`.execute(db);

  const duplicates = await sql<{ event_id: string; facility_id: string }>`
    select event_id, facility_id from registrations
    where booth_request is not null and facility_id is not null and status in ('confirmed', 'waitlisted', 'pending')
    group by event_id, facility_id having count(*) > 1`.execute(db);
  if (duplicates.rows.length > 0) {
    throw new Error(
      `One booth request per facility per fair: these (event, facility) pairs have several live requests; cancel all but one, then migrate again: ${duplicates.rows
        .map((d) => `${d.event_id}/${d.facility_id}`)
        .join(', ')}`,
    );
  }
  await sql`create unique index registrations_facility_once_per_fair on registrations (event_id, facility_id)
    where booth_request is not null and facility_id is not null and status in ('confirmed', 'waitlisted', 'pending')`.execute(db);

  await sql`update events e set confirmed_count = coalesce((
      select sum(coalesce((r.booth_request->>'count')::int, 1)) from registrations r
      where r.event_id = e.id and r.status in ('confirmed', 'pending')), 0)
    where e.kind = 'fair'`.execute(db);

  await sql`alter table mail_outbox
    drop constraint mail_outbox_kind_check,
    add constraint mail_outbox_kind_check check (kind in (${KINDS_BEFORE}, 'booth_changed'))`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version)
    where kind not in ('link_resent', 'reissued', 'ticket_resent', 'booth_changed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'booth_changed'`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version) where kind not in ('link_resent', 'reissued', 'ticket_resent')`.execute(
    db,
  );
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check, add constraint mail_outbox_kind_check check (kind in (${KINDS_BEFORE}))`.execute(
    db,
  );
  await sql`update events e set confirmed_count = (select count(*) from registrations r where r.event_id = e.id and r.status = 'confirmed') where e.kind = 'fair'`.execute(
    db,
  );
  await sql`drop index registrations_facility_once_per_fair`.execute(db);
  await db.schema.dropTable('booth_allocations').execute();
  await db.schema.dropTable('booths').execute();
}

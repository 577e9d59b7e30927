import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Walk-ins: people registered and admitted at the door in one step. A registration made there
 * says so (`walk_in_at`, when), a scan and an attendance row made there say so too, and each
 * event says whether a walk-in may take a seat beyond its capacity (the organiser's choice).
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('walk_in_at', 'timestamptz').execute();
  await db.schema
    .alterTable('events')
    .addColumn('walk_ins_beyond_capacity', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await sql`alter table scans drop constraint if exists scans_code_kind_check`.execute(db);
  await sql`alter table scans add constraint scans_code_kind_check check (code_kind in ('qr', 'short_code', 'unknown', 'walk_in'))`.execute(
    db,
  );
  await sql`alter table attendance drop constraint if exists attendance_method_check`.execute(db);
  await sql`alter table attendance add constraint attendance_method_check check (method in ('qr', 'short_code', 'manual', 'walk_in'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table attendance drop constraint if exists attendance_method_check`.execute(db);
  await sql`alter table attendance add constraint attendance_method_check check (method in ('qr', 'short_code', 'manual'))`.execute(db);
  await sql`alter table scans drop constraint if exists scans_code_kind_check`.execute(db);
  await sql`alter table scans add constraint scans_code_kind_check check (code_kind in ('qr', 'short_code', 'unknown'))`.execute(db);
  await db.schema.alterTable('events').dropColumn('walk_ins_beyond_capacity').execute();
  await db.schema.alterTable('registrations').dropColumn('walk_in_at').execute();
}

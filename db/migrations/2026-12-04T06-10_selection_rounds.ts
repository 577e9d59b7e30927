import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Rural industrial product selection rounds (bình chọn sản phẩm công nghiệp nông thôn tiêu
 * biểu) at district or city level: products entered by facilities, each with the result the
 * organiser records (awarded or not, the level recognised, the certificate number). A round is
 * not an event: it has no sessions, tickets or check-ins. Targets may count rounds held.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('selection_rounds')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_id', 'uuid', (c) => c.references('programmes.id'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('district', 'city')`))
    .addColumn('title', 'text', (c) => c.notNull())
    // The district holding a district round; null for a city round.
    .addColumn('district', 'text')
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('selection_rounds_district_level', sql`(level = 'district') = (district is not null)`)
    .execute();
  await db.schema.createIndex('selection_rounds_programme').on('selection_rounds').columns(['programme_id', 'held_on']).execute();

  await db.schema
    .createTable('selection_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('round_id', 'uuid', (c) => c.notNull().references('selection_rounds.id').onDelete('cascade'))
    .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.check(sql`result in ('awarded', 'not_awarded')`))
    .addColumn('award_level', 'text', (c) => c.check(sql`award_level in ('district', 'city', 'regional', 'national')`))
    .addColumn('certificate_no', 'text')
    .addColumn('recorded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // An award has its level; a product not awarded has neither level nor certificate.
    .addCheckConstraint(
      'selection_entries_result_shape',
      sql`(result = 'awarded' and award_level is not null) or (result is distinct from 'awarded' and award_level is null and certificate_no is null)`,
    )
    .execute();
  await db.schema.createIndex('selection_entries_round').on('selection_entries').columns(['round_id']).execute();
  await db.schema.createIndex('selection_entries_facility').on('selection_entries').columns(['facility_id']).execute();
  await sql`create unique index selection_entries_certificate on selection_entries (round_id, certificate_no) where certificate_no is not null`.execute(
    db,
  );

  await sql`alter table programme_targets
    drop constraint programme_targets_metric_check,
    add constraint programme_targets_metric_check
      check (metric in ('learners_completed', 'events_held', 'facilities_participated', 'selection_rounds_held'))`.execute(db);
}

// Fails while a target counts selection rounds: going back must not drop a target silently.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table programme_targets
    drop constraint programme_targets_metric_check,
    add constraint programme_targets_metric_check check (metric in ('learners_completed', 'events_held', 'facilities_participated'))`.execute(
    db,
  );
  await db.schema.dropTable('selection_entries').execute();
  await db.schema.dropTable('selection_rounds').execute();
}

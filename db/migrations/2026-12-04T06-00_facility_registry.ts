import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * The facility registry keeps its name of record: each spelling a registration submitted is
 * a variant (with how often and when it was last seen), and the registration keeps the name
 * it was sent with. Existing registrations take their facility's current name.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('facility_name', 'text').execute();
  await sql`update registrations r set facility_name = f.name from facilities f where f.id = r.facility_id`.execute(db);
  await db.schema
    .createTable('facility_name_variants')
    .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seen_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('facility_name_variants_pk', ['facility_id', 'name'])
    .execute();
  await sql`insert into facility_name_variants (facility_id, name, seen_count, first_seen_at, last_seen_at)
    select f.id, f.name, greatest(1, (select count(*) from registrations r where r.facility_id = f.id))::int, f.created_at, f.updated_at
    from facilities f`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facility_name_variants').execute();
  await db.schema.alterTable('registrations').dropColumn('facility_name').execute();
}

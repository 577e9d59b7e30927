import { type Kysely, sql } from 'kysely';

// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    // Seats taken: the only counter the capacity rule reads, changed under the row's lock.
    .addColumn('confirmed_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`confirmed_count >= 0`))
    .addColumn('email_required', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('event_questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('text', 'choice', 'yes_no', 'number')`))
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('options', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema.createIndex('event_questions_event').on('event_questions').columns(['event_id', 'position']).execute();

  await db.schema
    .createTable('facilities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tax_code', 'text', (c) => c.unique())
    // Normalised name + district: how a facility without a tax code is recognised again.
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('sector', 'text')
    .addColumn('representative', 'text')
    .addColumn('products', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index facilities_dedup_without_tax_code on facilities (dedup_key) where tax_code is null`.execute(db);

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Arrival order: the waitlist is served in this order.
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'waitlisted', 'pending', 'cancelled', 'rejected')`))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('id_number', 'text')
    .addColumn('gender', 'text', (c) => c.check(sql`gender is null or gender in ('female', 'male', 'other')`))
    .addColumn('birth_year', 'integer')
    .addColumn('district', 'text')
    .addColumn('commune', 'text')
    .addColumn('position_title', 'text')
    // Keyed hash of the person's phone, email or ID: counts distinct people and survives anonymisation.
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'uuid', (c) => c.references('facilities.id'))
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('booth_request', 'jsonb')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('vi'))
    .addColumn('consent_version', 'text', (c) => c.notNull())
    .addColumn('consent_processing_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consent_news_at', 'timestamptz')
    .addColumn('consent_withdrawn_at', 'timestamptz')
    .addColumn('ticket_id', 'text', (c) => c.notNull().unique())
    .addColumn('short_code', 'text', (c) => c.notNull().unique())
    .addColumn('manage_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('anonymised_at', 'timestamptz')
    .execute();
  // One live registration per person and event: the database refuses a second, whatever the race.
  for (const column of ['phone', 'email', 'id_number']) {
    await sql`create unique index ${sql.id(`registrations_one_per_${column}`)} on registrations (event_id, ${sql.id(column)})
      where status in ('confirmed', 'waitlisted', 'pending') and ${sql.id(column)} is not null`.execute(db);
  }
  await sql`create index registrations_event_status_seq on registrations (event_id, status, seq)`.execute(db);
  await sql`create index registrations_facility on registrations (facility_id) where facility_id is not null`.execute(db);

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').ifExists().execute();
  await db.schema.dropTable('registrations').ifExists().execute();
  await db.schema.dropTable('facilities').ifExists().execute();
  await db.schema.dropTable('event_questions').ifExists().execute();
  await db.schema.alterTable('events').dropColumn('confirmed_count').dropColumn('email_required').execute();
}

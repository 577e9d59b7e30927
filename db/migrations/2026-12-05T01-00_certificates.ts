import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Certificates of completion (giấy chứng nhận). Each carries what it said when issued (name,
 * class, dates, issuer), so a later edit of the event or an erased registration does not rewrite
 * a paper someone holds. Numbers come from one counter row per series (a programme's code, or the
 * fallback) and year, raised in the issuing transaction: the row lock hands each number out once.
 * A registration has at most one live certificate; a revoked one stays, with who, when and why.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('certificates_auto', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('certificate_series')
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('certificate_series_pkey', ['series', 'year'])
    .execute();
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registrations.id'))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('event_title', 'text', (c) => c.notNull())
    .addColumn('event_title_en', 'text')
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issuer_en', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('issued_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('revoked_by_token_id', 'uuid', (c) => c.references('api_tokens.id'))
    .addColumn('revoke_reason', 'text')
    .addCheckConstraint('certificates_revoked_with_reason', sql`(revoked_at is null) = (revoke_reason is null)`)
    .execute();
  await sql`create unique index certificates_live_per_registration on certificates (registration_id) where revoked_at is null`.execute(db);
  await db.schema.createIndex('certificates_event').on('certificates').columns(['event_id', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'certificate_issued'`.execute(db);
  await db.schema.dropTable('certificates').execute();
  await db.schema.dropTable('certificate_series').execute();
  await db.schema.alterTable('events').dropColumn('certificates_auto').execute();
}

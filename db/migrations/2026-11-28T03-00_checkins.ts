import { type Kysely, sql } from 'kysely';

// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  // Door staff accounts may be limited to some events, like device tokens (null: every event).
  await db.schema.alterTable('users').addColumn('event_ids', sql`uuid[]`).execute();

  // One row per registration and session that was attended (or excused). The primary key is
  // what makes "exactly one ok" true under any concurrency, not a check in the code.
  await db.schema
    .createTable('attendance')
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('event_sessions.id').onDelete('cascade'))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('present', 'excused')`))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('qr', 'short_code', 'manual')`))
    // The device's clock for scans made offline; the server's otherwise.
    .addColumn('checked_in_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_token_id', 'uuid')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('attendance_pk', ['registration_id', 'session_id'])
    .execute();
  await db.schema.createIndex('attendance_session').on('attendance').columns(['session_id', 'status']).execute();
  await db.schema.createIndex('attendance_event').on('attendance').columns(['event_id', 'registration_id']).execute();

  // Every scan, refused ones too. (device_id, nonce) is unique: a repeated upload is a replay.
  await db.schema
    .createTable('scans')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('session_id', 'uuid')
    .addColumn('registration_id', 'uuid')
    .addColumn('code_kind', 'text', (c) => c.notNull().check(sql`code_kind in ('qr', 'short_code', 'unknown')`))
    .addColumn('result', 'text', (c) =>
      c
        .notNull()
        .check(sql`result in ('ok', 'already_checked_in', 'unknown', 'wrong_event', 'not_confirmed', 'cancelled', 'outside_window')`),
    )
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_token_id', 'uuid')
    .addColumn('scanned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('offline', 'boolean', (c) => c.notNull().defaultTo(false))
    // What an offline device told the person at the door, when it differs from the truth.
    .addColumn('conflict', 'text')
    .addUniqueConstraint('scans_device_nonce', ['device_id', 'nonce'])
    .execute();
  await db.schema.createIndex('scans_event_received').on('scans').columns(['event_id', 'received_at']).execute();
  await sql`create index scans_conflicts on scans (event_id) where conflict is not null`.execute(db);
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scans').ifExists().execute();
  await db.schema.dropTable('attendance').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('event_ids').execute();
}

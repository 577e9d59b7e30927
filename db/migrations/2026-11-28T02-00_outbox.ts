import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code and keeps working with the schema it
// created, whatever the app's types become later.

// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('registrations')
    // The manage token sealed (AES-256-GCM, key derived from SECRET_KEY), so emails queued
    // later (promoted, event changed, reminder) can carry the link the registrant was given.
    // Only the hash authenticates; this column alone opens nothing without the key.
    .addColumn('manage_token_sealed', 'text')
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('received', 'confirmed', 'waitlisted', 'promoted', 'approved', 'rejected', 'cancelled', 'event_changed', 'event_cancelled', 'reminder')`,
        ),
    )
    // The event's version when the email was queued: part of the key that makes queueing idempotent.
    .addColumn('event_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`status in ('queued', 'sending', 'sent', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_at', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    // Filled when the message is rendered, for the organisers' list; erased with the person.
    .addColumn('recipient', 'text')
    .addColumn('subject', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('mail_outbox_once', ['registration_id', 'kind', 'event_version'])
    .execute();
  // A reminder goes once per registration, whatever the event's version.
  await sql`create unique index mail_outbox_one_reminder on mail_outbox (registration_id) where kind = 'reminder'`.execute(db);
  // What dispatchers scan: due rows, and rows stuck in flight.
  await sql`create index mail_outbox_due on mail_outbox (available_at, id) where status = 'queued'`.execute(db);
  await sql`create index mail_outbox_in_flight on mail_outbox (locked_at) where status = 'sending'`.execute(db);
  await sql`create index mail_outbox_failed on mail_outbox (id) where status = 'failed'`.execute(db);

  // The local mailbox (no SMTP_URL): what would have been sent, as organisers read it.
  await db.schema
    .createTable('mail_mailbox')
    .addColumn('outbox_id', 'bigint', (c) => c.primaryKey().references('mail_outbox.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// Kysely<any>: a migration must not depend on the app's current table types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_mailbox').ifExists().execute();
  await db.schema.dropTable('mail_outbox').ifExists().execute();
  await db.schema.alterTable('registrations').dropColumn('manage_token_sealed').execute();
}

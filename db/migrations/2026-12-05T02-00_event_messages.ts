import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * An organiser's message to an event's people chosen by attendance. A message is one text for
 * one audience of one event (`content_key` hashes event, audience, subject and body, so the same
 * message sent again is the same row); each person receives it once, kept by the recipients'
 * primary key. The outbox row names its message so the dispatcher renders the organiser's text.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'uuid', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) =>
      c.notNull().check(sql`audience in ('confirmed', 'attended', 'no_show', 'completed', 'waitlisted')`),
    )
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('content_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_token', 'uuid', (c) => c.references('api_tokens.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_sent_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('event_messages_once', ['event_id', 'content_key'])
    .execute();
  await db.schema
    .createTable('event_message_recipients')
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('event_messages.id').onDelete('cascade'))
    .addColumn('registration_id', 'uuid', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_message_recipients_pk', ['message_id', 'registration_id'])
    .execute();
  await sql`alter table mail_outbox
    add column message_id uuid references event_messages (id) on delete cascade,
    add constraint mail_outbox_message_check check ((kind = 'event_message') = (message_id is not null))`.execute(db);
  await sql`create index mail_outbox_message on mail_outbox (message_id) where message_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'event_message'`.execute(db);
  await sql`drop index mail_outbox_message`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_message_check, drop column message_id`.execute(db);
  await db.schema.dropTable('event_message_recipients').execute();
  await db.schema.dropTable('event_messages').execute();
}

import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Local mailbox copies (no SMTP_URL) made so far hold registrants' manage links in full, where
 * organisers read them. Copies are now kept with the link hidden; the old ones, a mail
 * catcher's that no registrant ever received, go. Their outbox rows stay (the list shows "no
 * copy"). The stored HTML is plain text, so the test finds every link there.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_mailbox where html like '%/manage/%' and html not like '%/manage/[redacted]%'`.execute(db);
}

// What was deleted cannot come back; nothing to undo.
export async function down(_db: Kysely<any>): Promise<void> {}

import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

const KINDS = sql`'received', 'confirmed', 'waitlisted', 'promoted', 'approved', 'rejected', 'cancelled', 'event_changed', 'event_cancelled', 'reminder', 'link_resent', 'reissued', 'ticket_resent', 'booth_changed'`;
const MANY = sql`'link_resent', 'reissued', 'ticket_resent', 'booth_changed'`;

/**
 * Three mails that follow an event rather than a registration's status: a certificate issued,
 * an organiser's message to people chosen by attendance, and the feedback survey's invitation.
 * Each has its own once-rule (a certificate per registration, a message per person, a survey
 * invitation per registration), kept by its own table, so they join the kinds the
 * once-per-event-version index leaves out.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox
    drop constraint mail_outbox_kind_check,
    add constraint mail_outbox_kind_check check (kind in (${KINDS}, 'certificate_issued', 'event_message', 'feedback_request'))`.execute(
    db,
  );
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version)
    where kind not in (${MANY}, 'certificate_issued', 'event_message', 'feedback_request')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind in ('certificate_issued', 'event_message', 'feedback_request')`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version) where kind not in (${MANY})`.execute(
    db,
  );
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check, add constraint mail_outbox_kind_check check (kind in (${KINDS}))`.execute(
    db,
  );
}

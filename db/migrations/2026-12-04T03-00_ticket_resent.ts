import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

const KINDS = sql`'received', 'confirmed', 'waitlisted', 'promoted', 'approved', 'rejected', 'cancelled', 'event_changed', 'event_cancelled', 'reminder', 'link_resent', 'reissued'`;

/**
 * An organiser sends a registrant's ticket and manage link again (`ticket_resent`): it may go
 * more than once for the same event version, so it joins the kinds the once-per-version index
 * leaves out.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox
    drop constraint mail_outbox_kind_check,
    add constraint mail_outbox_kind_check check (kind in (${KINDS}, 'ticket_resent'))`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version) where kind not in ('link_resent', 'reissued', 'ticket_resent')`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind = 'ticket_resent'`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version) where kind not in ('link_resent', 'reissued')`.execute(
    db,
  );
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check, add constraint mail_outbox_kind_check check (kind in (${KINDS}))`.execute(
    db,
  );
}

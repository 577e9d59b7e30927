import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

const OLD_KINDS = sql`'received', 'confirmed', 'waitlisted', 'promoted', 'approved', 'rejected', 'cancelled', 'event_changed', 'event_cancelled', 'reminder'`;

/**
 * Two emails that may go more than once for the same event version: the manage link sent again
 * at the registrant's request (`link_resent`, throttled by counting these rows), and the new link
 * and ticket after an organiser hands a registration to its rightful owner (`reissued`). The
 * once-per-version rule becomes a partial unique index that leaves them out.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mail_outbox
    drop constraint mail_outbox_kind_check,
    add constraint mail_outbox_kind_check check (kind in (${OLD_KINDS}, 'link_resent', 'reissued'))`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_once`.execute(db);
  await sql`create unique index mail_outbox_once on mail_outbox (registration_id, kind, event_version) where kind not in ('link_resent', 'reissued')`.execute(
    db,
  );
  await sql`create index mail_outbox_link_resent on mail_outbox (registration_id, created_at) where kind = 'link_resent'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from mail_outbox where kind in ('link_resent', 'reissued')`.execute(db);
  await sql`drop index mail_outbox_link_resent`.execute(db);
  await sql`drop index mail_outbox_once`.execute(db);
  await sql`alter table mail_outbox add constraint mail_outbox_once unique (registration_id, kind, event_version)`.execute(db);
  await sql`alter table mail_outbox drop constraint mail_outbox_kind_check, add constraint mail_outbox_kind_check check (kind in (${OLD_KINDS}))`.execute(
    db,
  );
}

import type { Kysely } from 'kysely';
import type { Database, MailStatus } from '../db/schema.js';

type Db = Kysely<Database>;

/** An outbox entry with the person and the event it is about, and its stored copy if any. */
function outboxWithContext(db: Db) {
  return db
    .selectFrom('mail_outbox as m')
    .innerJoin('registrations as r', 'r.id', 'm.registration_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('mail_mailbox as b', 'b.outbox_id', 'm.id')
    .leftJoin('event_messages as em', 'em.id', 'm.message_id')
    .select([
      'm.id',
      'm.kind',
      'm.status',
      'm.attempts',
      'm.last_error',
      'm.recipient',
      'm.subject',
      'm.created_at',
      'm.sent_at',
      'r.full_name',
      'e.id as event_id',
      'e.title as event_title',
      // An organiser's message shows its subject as written before it is sent.
      'em.subject as message_subject',
    ]);
}

/** The organisers' view of the outbox, newest first, with the event each email is about. */
export function listOutbox(db: Db, filter: { status?: MailStatus | undefined; limit: number }) {
  let q = outboxWithContext(db).select(['m.available_at', 'b.outbox_id as mailbox_id']);
  if (filter.status) q = q.where('m.status', '=', filter.status);
  return q.orderBy('m.id', 'desc').limit(filter.limit).execute();
}

export type OutboxListRow = Awaited<ReturnType<typeof listOutbox>>[number];

export function findOutboxEntry(db: Db, id: number) {
  return outboxWithContext(db).select(['b.html', 'b.text', 'b.raw', 'b.delivered_at']).where('m.id', '=', id).executeTakeFirst();
}

/** A failed email goes back in the queue, due now, with its attempts reset. False if it was not failed. */
export async function requeueFailed(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', attempts: 0, available_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The local mailbox's copy of a delivered message; a resend replaces it. */
export async function storeInMailbox(
  db: Db,
  message: { outboxId: number; recipient: string; subject: string; html: string; text: string; raw: string; at: Date },
): Promise<void> {
  const values = {
    outbox_id: message.outboxId,
    recipient: message.recipient,
    subject: message.subject,
    html: message.html,
    text: message.text,
    raw: message.raw,
    delivered_at: message.at,
  };
  const { outbox_id: _key, ...update } = values;
  await db
    .insertInto('mail_mailbox')
    .values(values)
    .onConflict((oc) => oc.column('outbox_id').doUpdateSet(update))
    .execute();
}

/** Erasure: the address and what was sent to it leave the outbox and the local mailbox. */
export async function forgetRecipient(db: Db, registrationId: string): Promise<void> {
  const ids = db.selectFrom('mail_outbox').select('id').where('registration_id', '=', registrationId);
  await db.deleteFrom('mail_mailbox').where('outbox_id', 'in', ids).execute();
  await db.updateTable('mail_outbox').set({ recipient: null, subject: null }).where('registration_id', '=', registrationId).execute();
}

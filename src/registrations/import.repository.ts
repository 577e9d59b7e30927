import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { ACTIVE } from './registrations.repository.js';

type Db = Kysely<Database>;

/**
 * The live registrations of an event that any of these identities already hold: by phone, by
 * email, or (people registered with neither) by person key.
 */
export function findLiveByIdentities(db: Db, eventId: string, ids: { phones: string[]; emails: string[]; personKeys: string[] }) {
  if (ids.phones.length + ids.emails.length + ids.personKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('registrations')
    .select(['phone', 'email', 'person_key'])
    .where('event_id', '=', eventId)
    .where('status', 'in', ACTIVE)
    .where((eb) =>
      eb.or([
        ...(ids.phones.length ? [eb('phone', 'in', ids.phones)] : []),
        ...(ids.emails.length ? [eb('email', 'in', ids.emails)] : []),
        ...(ids.personKeys.length
          ? [eb.and([eb('phone', 'is', null), eb('email', 'is', null), eb('person_key', 'in', ids.personKeys)])]
          : []),
      ]),
    )
    .execute();
}

/**
 * Holds the event row until the import commits: two imports of one list (a double click, two
 * organisers) run one after the other, so the second finds the first's people. People without
 * phone or email have no unique index to stop a second row; this lock is what does.
 */
export async function lockEvent(trx: Transaction<Database>, eventId: string): Promise<void> {
  await sql`select id from events where id = ${eventId} for update`.execute(trx);
}

/** Confirmed registrations that hold a ticket, in arrival order, for the printed sheet. */
export function listTicketHolders(db: Db, eventId: string, filter: { withoutEmailOnly: boolean }) {
  let q = db
    .selectFrom('registrations')
    .select(['id', 'full_name', 'short_code', 'ticket_id', 'phone', 'email'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .where('anonymised_at', 'is', null);
  if (filter.withoutEmailOnly) q = q.where('email', 'is', null);
  return q.orderBy('seq').execute();
}

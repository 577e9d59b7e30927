import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Trx = Transaction<Database>;

/** Who holds a registration now, for the organiser correcting it. */
export function findHolder(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('registrations')
    .select(['id', 'event_id', 'status', 'full_name', 'phone', 'email', 'anonymised_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** When the manage link was sent again for this registration since `since`, newest first. */
export async function linkResentSince(trx: Trx, registrationId: string, since: Date): Promise<Date[]> {
  const rows = await trx
    .selectFrom('mail_outbox')
    .select('created_at')
    .where('registration_id', '=', registrationId)
    .where('kind', '=', 'link_resent')
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => new Date(r.created_at));
}

/** New keys (manage link, ticket, short code) and the holder's details, in one update. */
export function reissue(
  trx: Trx,
  id: string,
  values: {
    full_name: string;
    phone: string | null;
    email: string | null;
    person_key: string;
    ticket_id: string;
    short_code: string;
    manage_token_hash: string;
    manage_token_sealed: string;
    updated_at: Date;
  },
) {
  // News consent was the previous holder's to give: the new holder has not given it.
  return trx
    .updateTable('registrations')
    .set({ ...values, consent_news_at: null })
    .where('id', '=', id)
    .execute();
}

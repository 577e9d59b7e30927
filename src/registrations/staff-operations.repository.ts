import type { Kysely, Transaction } from 'kysely';
import type { Database, Gender } from '../db/schema.js';

type Trx = Transaction<Database>;

/**
 * A seat given past capacity, on an organiser's explicit say-so: the count goes up whatever
 * it was. The update takes the event row's lock, as `takeSeat` does.
 */
export function forceSeat(trx: Trx, eventId: string) {
  return trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', 1) }))
    .where('id', '=', eventId)
    .returning(['capacity', 'confirmed_count'])
    .executeTakeFirstOrThrow();
}

export function seatCounts(db: Kysely<Database>, eventId: string) {
  return db.selectFrom('events').select(['capacity', 'confirmed_count']).where('id', '=', eventId).executeTakeFirstOrThrow();
}

/** A registration's correctable details with its facility. */
export function findDetails(db: Kysely<Database>, id: string) {
  return detailsQuery(db, id).executeTakeFirst();
}

/** The same, locked for the correction. */
export function lockDetails(trx: Trx, id: string) {
  return detailsQuery(trx, id).forUpdate('r').executeTakeFirst();
}

function detailsQuery(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select([
      'r.id',
      'r.event_id',
      'r.status',
      'r.full_name',
      'r.phone',
      'r.email',
      'r.id_number',
      'r.gender',
      'r.birth_year',
      'r.district',
      'r.person_key',
      'r.facility_id',
      'r.answers',
      'r.anonymised_at',
      'f.name as facility_name',
      'f.district as facility_district',
      'f.tax_code as facility_tax_code',
    ])
    .where('r.id', '=', id);
}

export interface DetailsUpdate {
  full_name: string;
  phone: string | null;
  email: string | null;
  gender: Gender | null;
  birth_year: number | null;
  district: string | null;
  facility_id: string | null;
  answers: string;
  person_key: string;
  updated_at: Date;
}

export function updateDetails(trx: Trx, id: string, values: DetailsUpdate) {
  return trx.updateTable('registrations').set(values).where('id', '=', id).execute();
}

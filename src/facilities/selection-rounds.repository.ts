import { type Kysely, sql, type Transaction } from 'kysely';
import type { AwardLevel, Database, SelectionLevel, SelectionResult } from '../db/schema.js';
import { dedupKeyForFacilityName } from '../registrations/vn-fields.js';

type Db = Kysely<Database>;

/** A round counts once a result is recorded for at least one of its products (one home for the rule). */
const RESULTS_RECORDED = sql<boolean>`exists (select 1 from selection_entries x where x.round_id = sr.id and x.result is not null)`;

export async function listRounds(db: Db) {
  const { rows } = await sql<{
    id: string;
    title: string;
    level: SelectionLevel;
    district: string | null;
    held_on: string;
    programme_name: string | null;
    entries: number;
    recorded: number;
    awarded: number;
    counted: boolean;
  }>`
    select sr.id, sr.title, sr.level, sr.district, sr.held_on, p.name_vi as programme_name,
      (select count(*)::int from selection_entries x where x.round_id = sr.id) as entries,
      (select count(*)::int from selection_entries x where x.round_id = sr.id and x.result is not null) as recorded,
      (select count(*)::int from selection_entries x where x.round_id = sr.id and x.result = 'awarded') as awarded,
      ${RESULTS_RECORDED} as counted
    from selection_rounds sr
    left join programmes p on p.id = sr.programme_id
    order by sr.held_on desc, sr.title`.execute(db);
  return rows;
}

export function findRound(db: Db, id: string) {
  return db
    .selectFrom('selection_rounds as sr')
    .leftJoin('programmes as p', 'p.id', 'sr.programme_id')
    .select([
      'sr.id',
      'sr.title',
      'sr.level',
      'sr.district',
      'sr.held_on',
      'sr.programme_id',
      'p.name_vi as programme_name',
      'p.name_en as programme_name_en',
    ])
    .where('sr.id', '=', id)
    .executeTakeFirst();
}

export function insertRound(
  db: Db,
  r: {
    programme_id: string | null;
    level: SelectionLevel;
    title: string;
    district: string | null;
    held_on: string;
    created_by: string | null;
  },
) {
  return db.insertInto('selection_rounds').values(r).returning('id').executeTakeFirstOrThrow();
}

export function listEntries(db: Db, roundId: string) {
  return db
    .selectFrom('selection_entries as s')
    .innerJoin('facilities as f', 'f.id', 's.facility_id')
    .select([
      's.id',
      's.product_name',
      's.category',
      's.result',
      's.award_level',
      's.certificate_no',
      's.recorded_at',
      'f.id as facility_id',
      'f.name as facility_name',
      'f.tax_code',
      'f.district',
    ])
    .where('s.round_id', '=', roundId)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
}

export function listProgrammes(db: Db) {
  return db.selectFrom('programmes').select(['id', 'name_vi', 'name_en']).orderBy('starts_on', 'desc').execute();
}

export function programmeExists(db: Db, id: string) {
  return db.selectFrom('programmes').select('id').where('id', '=', id).executeTakeFirst();
}

/**
 * The registry's facility for an entry: by tax code, else by name and district as registrations
 * find it (vn-fields' dedup key); a new one otherwise. The name entered is a variant seen.
 */
export async function findOrCreateFacility(
  trx: Transaction<Database>,
  f: { name: string; taxCode: string | null; district: string },
  now: Date,
): Promise<string> {
  const dedupKey = dedupKeyForFacilityName(f.name, f.district);
  const values = { name: f.name, tax_code: f.taxCode, dedup_key: dedupKey, district: f.district, updated_at: now };
  const inserted = f.taxCode
    ? await trx
        .insertInto('facilities')
        .values(values)
        .onConflict((oc) => oc.column('tax_code').doNothing())
        .returning('id')
        .executeTakeFirst()
    : await trx
        .insertInto('facilities')
        .values(values)
        .onConflict((oc) => oc.column('dedup_key').where('tax_code', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
  const id =
    inserted?.id ??
    (
      await (f.taxCode
        ? trx.selectFrom('facilities').select('id').where('tax_code', '=', f.taxCode)
        : trx.selectFrom('facilities').select('id').where('dedup_key', '=', dedupKey).where('tax_code', 'is', null)
      ).executeTakeFirstOrThrow()
    ).id;
  await trx
    .insertInto('facility_name_variants')
    .values({ facility_id: id, name: f.name, first_seen_at: now, last_seen_at: now })
    .onConflict((oc) =>
      oc
        .columns(['facility_id', 'name'])
        .doUpdateSet({ seen_count: sql<number>`facility_name_variants.seen_count + 1`, last_seen_at: now }),
    )
    .execute();
  return id;
}

export function insertEntry(
  trx: Transaction<Database>,
  e: { round_id: string; facility_id: string; product_name: string; category: string },
) {
  return trx.insertInto('selection_entries').values(e).returning('id').executeTakeFirstOrThrow();
}

export function lockEntry(trx: Transaction<Database>, roundId: string, entryId: string) {
  return trx
    .selectFrom('selection_entries')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
}

export async function certificateTaken(trx: Transaction<Database>, roundId: string, certificateNo: string, exceptEntryId: string) {
  const row = await trx
    .selectFrom('selection_entries')
    .select('id')
    .where('round_id', '=', roundId)
    .where('certificate_no', '=', certificateNo)
    .where('id', '<>', exceptEntryId)
    .executeTakeFirst();
  return row !== undefined;
}

export function recordResult(
  trx: Transaction<Database>,
  entryId: string,
  r: { result: SelectionResult; award_level: AwardLevel | null; certificate_no: string | null; recorded_at: Date },
) {
  return trx.updateTable('selection_entries').set(r).where('id', '=', entryId).execute();
}

/**
 * Rounds held by year (of the round's date, in the programme's period) and in all, for a
 * programme's target: rounds of the target's levels (all levels when none) with results recorded.
 */
export async function roundsHeld(db: Db, programmeId: string, period: { startsOn: string; endsOn: string }, levels: string[]) {
  const { rows } = await sql<{ yr: number | null; n: number; people: number }>`
    select extract(year from sr.held_on)::int as yr, count(*)::int as n, 0 as people
    from selection_rounds sr
    where sr.programme_id = ${programmeId}
      and sr.held_on between ${period.startsOn}::date and ${period.endsOn}::date
      ${levels.length ? sql`and sr.level = any(${levels}::text[])` : sql``}
      and ${RESULTS_RECORDED}
    group by grouping sets ((extract(year from sr.held_on)::int), ())`.execute(db);
  return rows;
}

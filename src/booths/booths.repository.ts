import { type Kysely, sql, type Transaction } from 'kysely';
import type { BoothSupport, BoothType, Database } from '../db/schema.js';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface NewBooth {
  code: string;
  type: BoothType;
  size: string;
  zone: string;
  supportLevel: BoothSupport;
}

/** The booths a registration holds now, by code. */
export function activeBoothsOf(db: Db, registrationId: string) {
  return db
    .selectFrom('booth_allocations as a')
    .innerJoin('booths as b', 'b.id', 'a.booth_id')
    .select(['b.id', 'b.code', 'b.zone', 'b.type', 'b.size', 'b.support_level'])
    .where('a.registration_id', '=', registrationId)
    .where('a.released_at', 'is', null)
    .orderBy('b.code')
    .execute();
}
export type HeldBoothRow = Awaited<ReturnType<typeof activeBoothsOf>>[number];

/** A fair's inventory with who holds each booth now (the map and the API). */
export function listInventory(db: Db, eventId: string) {
  return db
    .selectFrom('booths as b')
    .leftJoin('booth_allocations as a', (j) => j.onRef('a.booth_id', '=', 'b.id').on('a.released_at', 'is', null))
    .leftJoin('registrations as r', 'r.id', 'a.registration_id')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select([
      'b.id',
      'b.code',
      'b.type',
      'b.size',
      'b.zone',
      'b.support_level',
      'a.registration_id',
      'r.status as registration_status',
      'f.name as facility_name',
    ])
    .where('b.event_id', '=', eventId)
    .orderBy('b.zone')
    .orderBy('b.code')
    .execute();
}
export type InventoryRow = Awaited<ReturnType<typeof listInventory>>[number];

/** The live booth requests of a fair with how many booths each holds now. */
export function listRequests(db: Db, eventId: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select((eb) => [
      'r.id',
      'r.seq',
      'r.status',
      'r.full_name',
      'r.booth_request',
      'f.name as facility_name',
      'f.tax_code as facility_tax_code',
      eb
        .selectFrom('booth_allocations as a')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('a.registration_id', '=', 'r.id')
        .where('a.released_at', 'is', null)
        .as('allocated'),
    ])
    .where('r.event_id', '=', eventId)
    .where('r.booth_request', 'is not', null)
    .where('r.status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .orderBy('r.seq')
    .execute();
}
export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];

export async function insertBooths(trx: Trx, eventId: string, booths: NewBooth[]) {
  return trx
    .insertInto('booths')
    .values(
      booths.map((b) => ({ event_id: eventId, code: b.code, type: b.type, size: b.size, zone: b.zone, support_level: b.supportLevel })),
    )
    .returning(['id', 'code'])
    .execute();
}

export async function countBooths(trx: Db, eventId: string): Promise<number> {
  const row = await trx
    .selectFrom('booths')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A fair's capacity is its inventory: set with the event row locked, as seats are taken. */
export function setCapacity(trx: Trx, eventId: string, capacity: number, now: Date) {
  return trx.updateTable('events').set({ capacity, updated_at: now }).where('id', '=', eventId).execute();
}

export function findBooths(db: Db, eventId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('booths').selectAll().where('event_id', '=', eventId).where('id', 'in', ids).execute();
}

/** Of these booths, those given to someone now (the friendly check; the unique index is the guard). */
export function takenAmong(db: Db, boothIds: string[]) {
  if (boothIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('booth_allocations as a')
    .innerJoin('booths as b', 'b.id', 'a.booth_id')
    .select(['b.id', 'b.code', 'a.registration_id'])
    .where('a.booth_id', 'in', boothIds)
    .where('a.released_at', 'is', null)
    .execute();
}

export function insertAllocations(trx: Trx, registrationId: string, boothIds: string[], now: Date) {
  return trx
    .insertInto('booth_allocations')
    .values(boothIds.map((booth_id) => ({ booth_id, registration_id: registrationId, allocated_at: now })))
    .execute();
}

/** Releases the active allocation of a booth; returns who held it. */
export function releaseBooth(trx: Trx, boothId: string, now: Date) {
  return trx
    .updateTable('booth_allocations')
    .set({ released_at: now })
    .where('booth_id', '=', boothId)
    .where('released_at', 'is', null)
    .returning(['registration_id'])
    .executeTakeFirst();
}

/** The active allocation of a booth, locked, with its registration. */
export function lockAllocationOfBooth(trx: Trx, boothId: string) {
  return trx
    .selectFrom('booth_allocations')
    .select(['id', 'registration_id'])
    .where('booth_id', '=', boothId)
    .where('released_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** Free booths of a fair matching a type and zone, in code order (the app's pick). */
export function freeBooths(db: Db, eventId: string, filter: { type?: BoothType | undefined; zone?: string | undefined }, limit: number) {
  let q = db
    .selectFrom('booths as b')
    .select(['b.id', 'b.code'])
    .where('b.event_id', '=', eventId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('booth_allocations as a')
            .select(sql`1`.as('one'))
            .whereRef('a.booth_id', '=', 'b.id')
            .where('a.released_at', 'is', null),
        ),
      ),
    );
  if (filter.type) q = q.where('b.type', '=', filter.type);
  if (filter.zone) q = q.where('b.zone', '=', filter.zone);
  return q.orderBy('b.zone').orderBy('b.code').limit(limit).execute();
}

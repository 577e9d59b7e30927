import { type Kysely, sql, type Transaction } from 'kysely';
import { promoteBoothRequests } from '../booths/booth-units.repository.js';
import type { Database, MailKind, NewRegistration, RegistrationStatus } from '../db/schema.js';
import { textMatches } from '../db/search-sql.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export const ACTIVE: RegistrationStatus[] = ['confirmed', 'waitlisted', 'pending'];

/**
 * Takes one seat if one is free. The conditional UPDATE locks the event row until the
 * transaction ends, so seats are handed out one transaction at a time on every instance;
 * the row lock is the only thing the capacity rule relies on.
 */
export async function takeSeat(trx: Trx, eventId: string): Promise<boolean> {
  const row = await trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', 1) }))
    .where('id', '=', eventId)
    .where((eb) => eb('confirmed_count', '<', eb.ref('capacity')))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * TEST-ONLY control for the race test: read, decide, then write back a count computed in
 * the app, with no lock. Under concurrency this oversells; the race test proves it does.
 */
export async function takeSeatWithoutLock(trx: Trx, eventId: string): Promise<boolean> {
  const event = await trx.selectFrom('events').select(['confirmed_count', 'capacity']).where('id', '=', eventId).executeTakeFirstOrThrow();
  if (event.confirmed_count >= event.capacity) return false;
  await trx
    .updateTable('events')
    .set({ confirmed_count: event.confirmed_count + 1 })
    .where('id', '=', eventId)
    .execute();
  return true;
}

export function releaseSeat(trx: Trx, eventId: string) {
  return trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '-', 1) }))
    .where('id', '=', eventId)
    .execute();
}

/**
 * Inserts the registration and, when `mail` is given, queues its first email in the same
 * statement (a data-modifying CTE): the hot path pays no extra round trip for the outbox.
 */
export function insertRegistration(trx: Trx, row: NewRegistration, mail?: { kind: MailKind; at: Date }) {
  const columns = ['id', 'seq', 'status', 'created_at'] as const;
  if (!mail) return trx.insertInto('registrations').values(row).returning(columns).executeTakeFirstOrThrow();
  return trx
    .with('r', (db) =>
      db
        .insertInto('registrations')
        .values(row)
        .returning([...columns, 'event_id']),
    )
    .with('o', (db) =>
      db
        .insertInto('mail_outbox')
        .columns(['registration_id', 'kind', 'event_version', 'available_at', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('r')
            .innerJoin('events as e', 'e.id', 'r.event_id')
            .select([
              'r.id',
              sql<MailKind>`cast(${mail.kind} as text)`.as('kind'),
              'e.version',
              sql<Date>`cast(${mail.at} as timestamptz)`.as('available_at'),
              sql<Date>`cast(${mail.at} as timestamptz)`.as('created_at'),
            ]),
        )
        .returning('id'),
    )
    .selectFrom('r')
    .select(columns)
    .executeTakeFirstOrThrow();
}

const summaryColumns = ['id', 'seq', 'event_id', 'status', 'short_code', 'ticket_id', 'full_name', 'created_at'] as const;

/** A live registration of this person for this event, by any of the identifiers given. */
export function findActiveByPerson(
  db: Db,
  eventId: string,
  person: { phone: string | null; email: string | null; idNumber: string | null },
) {
  return db
    .selectFrom('registrations')
    .select(summaryColumns)
    .where('event_id', '=', eventId)
    .where('status', 'in', ACTIVE)
    .where((eb) =>
      eb.or([
        ...(person.phone ? [eb('phone', '=', person.phone)] : []),
        ...(person.email ? [eb('email', '=', person.email)] : []),
        ...(person.idNumber ? [eb('id_number', '=', person.idNumber)] : []),
      ]),
    )
    .orderBy('seq')
    .executeTakeFirst();
}

export function findByManageHash(db: Db, hash: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .selectAll('r')
    .select(['f.name as facility_name', 'f.tax_code as facility_tax_code'])
    .where('r.manage_token_hash', '=', hash)
    .executeTakeFirst();
}

export function lockRegistration(trx: Trx, where: { id: string } | { manageHash: string }) {
  let q = trx.selectFrom('registrations').selectAll().forUpdate();
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('manage_token_hash', '=', where.manageHash);
  return q.executeTakeFirst();
}

export function setStatus(trx: Trx, id: string, status: RegistrationStatus, now: Date) {
  return trx
    .updateTable('registrations')
    .set({
      status,
      updated_at: now,
      ...(status === 'confirmed' && { confirmed_at: now }),
      ...((status === 'cancelled' || status === 'rejected') && { cancelled_at: now }),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Fills free seats from the head of the waitlist, in arrival order. The caller holds the
 * event row's lock (it released or added a seat in this transaction), so promotions never
 * interleave. Returns the promoted registrations' ids, first promoted first.
 */
export async function promoteWaitlist(trx: Trx, eventId: string, now: Date): Promise<string[]> {
  // A fair's line moves in booth units, not seats.
  const event = await trx.selectFrom('events').select(['kind', 'requires_approval']).where('id', '=', eventId).executeTakeFirstOrThrow();
  if (event.kind === 'fair') return promoteBoothRequests(trx, eventId, event.requires_approval, now);
  const promoted: string[] = [];
  for (;;) {
    const next = await trx
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted')
      .orderBy('seq')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!next || !(await takeSeat(trx, eventId))) {
      // Each promoted person's email is queued in the same transaction as the promotion.
      await queueForRegistrations(trx, promoted, 'promoted', now);
      return promoted;
    }
    await setStatus(trx, next.id, 'confirmed', now);
    promoted.push(next.id);
  }
}

/** 1 for the head of the waitlist. */
export async function waitlistPosition(db: Db, eventId: string, seq: number): Promise<number> {
  const row = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .where('seq', '<=', seq)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A facility as registrations, walk-ins, imports and corrections send it to the registry (`facilityRecord`). */
export interface FacilityRecord {
  name: string;
  taxCode: string | null;
  dedupKey: string;
  district: string;
  address: string | null;
  sector: string | null;
  representative: string | null;
  products: string | null;
}

export async function upsertFacility(db: Db, f: FacilityRecord, now: Date): Promise<string> {
  const values = {
    name: f.name,
    tax_code: f.taxCode,
    dedup_key: f.dedupKey,
    district: f.district,
    address: f.address,
    sector: f.sector,
    representative: f.representative,
    products: f.products,
    updated_at: now,
  };
  // The name of record is kept (the registry's page renames or merges); each submitted
  // spelling is listed as a variant below.
  const refresh = {
    district: sql<string>`excluded.district`,
    address: sql<string>`coalesce(excluded.address, facilities.address)`,
    sector: sql<string>`coalesce(excluded.sector, facilities.sector)`,
    representative: sql<string>`coalesce(excluded.representative, facilities.representative)`,
    products: sql<string>`coalesce(excluded.products, facilities.products)`,
    updated_at: now,
  };
  const q = db.insertInto('facilities').values(values);
  const row = f.taxCode
    ? await q
        .onConflict((oc) => oc.column('tax_code').doUpdateSet(refresh))
        .returning('id')
        .executeTakeFirstOrThrow()
    : await q
        .onConflict((oc) => oc.column('dedup_key').where('tax_code', 'is', null).doUpdateSet(refresh))
        .returning('id')
        .executeTakeFirstOrThrow();
  await db
    .insertInto('facility_name_variants')
    .values({ facility_id: row.id, name: f.name, first_seen_at: now, last_seen_at: now })
    .onConflict((oc) =>
      oc
        .columns(['facility_id', 'name'])
        .doUpdateSet({ seen_count: sql<number>`facility_name_variants.seen_count + 1`, last_seen_at: now }),
    )
    .execute();
  return row.id;
}

/**
 * Reserves an idempotency key inside the caller's transaction; false if it was used since
 * `freshSince` (its first answer is then replayed). A key used before that is taken over as
 * new: the request then meets the registration it made, as the same person again.
 */
export async function claimIdempotencyKey(
  trx: Trx,
  scope: string,
  key: string,
  requestHash: string,
  now: Date,
  freshSince: Date,
): Promise<boolean> {
  // A concurrent holder of the same key makes this insert wait until it commits or rolls back.
  const row = await trx
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash, status: 0, body: '', created_at: now })
    .onConflict((oc) =>
      oc
        .columns(['scope', 'key'])
        .doUpdateSet({ request_hash: requestHash, status: 0, body: '', created_at: now })
        .where('idempotency_keys.created_at', '<', freshSince),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export function findIdempotencyKey(db: Db, scope: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

export function completeIdempotencyKey(trx: Trx, scope: string, key: string, status: number, body: string) {
  return trx.updateTable('idempotency_keys').set({ status, body }).where('scope', '=', scope).where('key', '=', key).execute();
}

export function findRegistrationForStaff(db: Db, id: string) {
  return db.selectFrom('registrations').select(summaryColumns).where('id', '=', id).executeTakeFirst();
}

export function listRegistrations(db: Db, eventId: string, filter: { status?: RegistrationStatus | undefined; q?: string | undefined }) {
  let q = db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select([
      'r.id',
      'r.seq',
      'r.status',
      'r.full_name',
      'r.phone',
      'r.email',
      'r.gender',
      'r.birth_year',
      'r.district',
      'r.commune',
      'r.id_number',
      'r.position_title',
      'r.short_code',
      'r.answers',
      'r.booth_request',
      'r.created_at',
      'r.confirmed_at',
      'r.cancelled_at',
      'r.anonymised_at',
      'r.consent_news_at',
      'f.name as facility_name',
      'f.tax_code as facility_tax_code',
      'f.district as facility_district',
      'f.address as facility_address',
      'f.sector as facility_sector',
      'f.representative as facility_representative',
      'f.products as facility_products',
    ])
    .where('r.event_id', '=', eventId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) =>
      textMatches(text, [eb.ref('r.full_name'), eb.ref('r.email'), eb.ref('f.name')], {
        shortCode: eb.ref('r.short_code'),
        phone: eb.ref('r.phone'),
      }),
    );
  }
  return q.orderBy('r.seq').limit(5000).execute();
}

/**
 * Erases who the person is and keeps what the programme counts: status, attendance, the
 * keyed person hash (distinct people), gender, birth year and district (aggregate breakdowns).
 */
export function anonymise(trx: Trx, id: string, now: Date) {
  return trx
    .updateTable('registrations')
    .set({
      full_name: 'Đã xoá / Erased',
      phone: null,
      email: null,
      id_number: null,
      commune: null,
      position_title: null,
      answers: '{}',
      consent_news_at: null,
      consent_withdrawn_at: now,
      // Later emails have no address to go to; the sealed link has nothing left to serve.
      manage_token_sealed: null,
      anonymised_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export function lockFacility(trx: Trx, id: string) {
  return trx.selectFrom('facilities').select(['id', 'representative']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The facility's representative and address, when they were the person being erased: a
 * household business's address is that person's home. The facility itself (name, tax code,
 * district, sector, products) stays for the registry and the programme's counts.
 */
export function clearFacilityRepresentative(trx: Trx, id: string, now: Date) {
  return trx.updateTable('facilities').set({ representative: null, address: null, updated_at: now }).where('id', '=', id).execute();
}

export function withdrawNewsConsent(trx: Trx, id: string, now: Date) {
  return trx.updateTable('registrations').set({ consent_news_at: null, updated_at: now }).where('id', '=', id).execute();
}

/** The live booth request of this facility for this fair, if any (one per facility per fair). */
export function findActiveByFacility(db: Db, eventId: string, facilityId: string) {
  return db
    .selectFrom('registrations')
    .select(['id', 'phone', 'email', 'id_number'])
    .where('event_id', '=', eventId)
    .where('facility_id', '=', facilityId)
    .where('booth_request', 'is not', null)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
}

import { type Kysely, sql, type Transaction } from 'kysely';
import { hasCompletedSql } from '../checkins/completion.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** The event as issuing reads it, its row locked so two issuings of one event run one after the other. */
export function lockEventForIssuing(trx: Trx, eventId: string) {
  return trx
    .selectFrom('events as e')
    .leftJoin('programmes as p', 'p.id', 'e.programme_id')
    .select([
      'e.id',
      'e.kind',
      'e.status',
      'e.title',
      'e.title_en',
      'e.version',
      'p.code as programme_code',
      'p.name_vi as programme_name',
      'p.name_en as programme_name_en',
    ])
    .where('e.id', '=', eventId)
    .forUpdate('e')
    .executeTakeFirst();
}

export function findEventKind(db: Db, eventId: string) {
  return db.selectFrom('events').select(['id', 'kind', 'status']).where('id', '=', eventId).executeTakeFirst();
}

/** The event's first start and last end, or nulls for an event without sessions. */
export async function sessionSpan(db: Db, eventId: string) {
  const row = await db
    .selectFrom('event_sessions')
    .select((eb) => [eb.fn.min('starts_at').as('first_start'), eb.fn.max('ends_at').as('last_end'), eb.fn.countAll<number>().as('count')])
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return {
    firstStart: row.first_start ? new Date(row.first_start) : null,
    lastEnd: row.last_end ? new Date(row.last_end) : null,
    count: Number(row.count),
  };
}

/**
 * Per confirmed registration of the event: present sessions, and whether the learner completed,
 * by the completion rule's SQL form (src/checkins/completion.ts). Excused marks are not attendance.
 * Someone who asked for their data to be erased has no name left to print: they get none.
 */
function completionOf(eventId: string) {
  const completed = hasCompletedSql(sql`coalesce(per.present, 0)`, sql`totals.sessions`, sql`e.completion_share`);
  return sql<{ registration_id: string; full_name: string; email: string | null; seq: number; completed: boolean }>`
    with totals as (select count(*)::int as sessions from event_sessions where event_id = ${eventId}),
    per as (
      select a.registration_id, count(*) filter (where a.status = 'present')::int as present
      from attendance a where a.event_id = ${eventId} group by a.registration_id
    )
    select r.id as registration_id, r.full_name, r.email, r.seq, ${completed} as completed
    from registrations r
    join events e on e.id = r.event_id
    cross join totals
    left join per on per.registration_id = r.id
    where r.event_id = ${eventId} and r.status = 'confirmed' and r.anonymised_at is null`;
}

/**
 * Learners who completed and hold no live certificate, in registration order: the order their
 * numbers follow. A revoked one does not count: the learner is issued a new certificate, with a
 * new number and the name as it is now (a revocation is mostly for a misspelt name).
 */
export async function completedWithoutCertificate(db: Db, eventId: string) {
  const { rows } = await sql<{ registration_id: string; full_name: string; email: string | null }>`
    select c.registration_id, c.full_name, c.email from (${completionOf(eventId)}) c
    where c.completed and not exists (select 1 from certificates x where x.registration_id = c.registration_id and x.revoked_at is null)
    order by c.seq`.execute(db);
  return rows;
}

/** Whether this confirmed registration completed its course (false for any other status). */
export async function registrationCompleted(db: Db, eventId: string, registrationId: string): Promise<boolean> {
  const { rows } = await sql<{ completed: boolean }>`
    select c.completed from (${completionOf(eventId)}) c where c.registration_id = ${registrationId}`.execute(db);
  return rows[0]?.completed ?? false;
}

/**
 * Takes `count` numbers of a series and year: the counter row is created or raised in the
 * issuing transaction, and its row lock holds any other issuer of the series until this one
 * commits, so no number is handed out twice. Returns the first of the block.
 */
export async function reserveNumbers(trx: Trx, series: string, year: number, count: number): Promise<number> {
  const row = await trx
    .insertInto('certificate_series')
    .values({ series, year, last_number: count })
    .onConflict((oc) =>
      oc.columns(['series', 'year']).doUpdateSet((eb) => ({ last_number: eb('certificate_series.last_number', '+', count) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number - count + 1;
}

export interface NewCertificateRow {
  number: string;
  registration_id: string;
  event_id: string;
  full_name: string;
  event_title: string;
  event_title_en: string | null;
  starts_on: string;
  completed_on: string;
  issuer: string;
  issuer_en: string;
  issued_at: Date;
  issued_by_user_id: string | null;
}

export function insertCertificates(trx: Trx, rows: NewCertificateRow[]) {
  return trx.insertInto('certificates').values(rows).returning(['id', 'number', 'registration_id']).execute();
}

/** One certificate_issued mail per new certificate whose learner has an address; event_version as the other kinds. */
export async function queueIssuedMail(trx: Trx, registrationIds: string[], eventVersion: number, now: Date): Promise<void> {
  if (registrationIds.length === 0) return;
  await trx
    .insertInto('mail_outbox')
    .columns(['registration_id', 'kind', 'event_version', 'available_at', 'created_at'])
    .expression(
      trx
        .selectFrom('registrations')
        .select([
          'id',
          sql<'certificate_issued'>`'certificate_issued'`.as('kind'),
          sql<number>`${eventVersion}::int`.as('event_version'),
          sql<Date>`cast(${now} as timestamptz)`.as('available_at'),
          sql<Date>`cast(${now} as timestamptz)`.as('created_at'),
        ])
        .where('id', 'in', registrationIds)
        .where('email', 'is not', null),
    )
    .execute();
}

const certificateColumns = [
  'c.id',
  'c.number',
  'c.registration_id',
  'c.event_id',
  'c.full_name',
  'c.event_title',
  'c.event_title_en',
  'c.starts_on',
  'c.completed_on',
  'c.issuer',
  'c.issuer_en',
  'c.issued_at',
  'c.revoked_at',
  'c.revoke_reason',
] as const;

export function findByNumber(db: Db, number: string) {
  return db.selectFrom('certificates as c').select(certificateColumns).where('c.number', '=', number).executeTakeFirst();
}

export function findById(db: Db, id: string) {
  return db.selectFrom('certificates as c').select(certificateColumns).where('c.id', '=', id).executeTakeFirst();
}

export type CertificateRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

/** A registration's newest certificate: its live one, else the last revoked. */
export function latestOfRegistration(db: Db, registrationId: string) {
  return db
    .selectFrom('certificates as c')
    .select(certificateColumns)
    .where('c.registration_id', '=', registrationId)
    .orderBy(sql`c.revoked_at is null`, 'desc')
    .orderBy('c.issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function listOfEvent(db: Db, eventId: string) {
  return db.selectFrom('certificates as c').select(certificateColumns).where('c.event_id', '=', eventId).orderBy('c.number').execute();
}

export function lockCertificate(trx: Trx, id: string) {
  return trx.selectFrom('certificates as c').select(certificateColumns).where('c.id', '=', id).forUpdate().executeTakeFirst();
}

export function markRevoked(trx: Trx, id: string, at: Date, by: { userId: string | null; tokenId: string | null }, reason: string) {
  return trx
    .updateTable('certificates')
    .set({ revoked_at: at, revoked_by_user_id: by.userId, revoked_by_token_id: by.tokenId, revoke_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The erasure of a learner's personal data: their certificates keep standing, without the name. */
export async function clearNames(db: Db, registrationId: string, withheld: string): Promise<void> {
  await db.updateTable('certificates').set({ full_name: withheld }).where('registration_id', '=', registrationId).execute();
}

/**
 * Events whose certificates go out by themselves and are due: a training kind, not cancelled,
 * the last session ended, a learner completed (the same rule) without a certificate. Read
 * without locks; the issuing itself locks each event and looks again.
 */
export async function eventsDueForAutomaticIssue(db: Db, now: Date, kinds: readonly string[]): Promise<string[]> {
  const completed = hasCompletedSql(sql`p.present`, sql`t.sessions`, sql`e.completion_share`);
  const { rows } = await sql<{ id: string }>`
    select e.id from events e
    join lateral (select count(*)::int as sessions, max(s.ends_at) as last_end from event_sessions s where s.event_id = e.id) t on true
    where e.certificates_auto and e.status in ('published', 'completed')
      and e.kind in (${sql.join(kinds.map((k) => sql`${k}`))})
      and t.last_end <= cast(${now} as timestamptz)
      and exists (
        select 1 from registrations r
        join lateral (
          select count(*) filter (where a.status = 'present')::int as present from attendance a where a.registration_id = r.id
        ) p on true
        where r.event_id = e.id and r.status = 'confirmed' and r.anonymised_at is null and ${completed}
          and not exists (select 1 from certificates x where x.registration_id = r.id and x.revoked_at is null)
      )
    order by e.id`.execute(db);
  return rows.map((r) => r.id);
}

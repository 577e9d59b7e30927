import { type Kysely, sql } from 'kysely';
import type { Database, MailKind, MailOutboxRow, RegistrationStatus } from '../db/schema.js';

type Db = Kysely<Database>;

/**
 * Queues one email of `kind` for each of these registrations that has an address, keyed by
 * (registration, kind, the event's current version): queueing the same thing twice is a no-op.
 * Called inside the transaction of the change that causes the email.
 */
export async function queueForRegistrations(db: Db, registrationIds: string[], kind: MailKind, now: Date): Promise<void> {
  if (registrationIds.length === 0) return;
  await insertSelect(db, kind, now, registrationsWithVersion(db).where('r.id', 'in', registrationIds));
}

/** Queues `kind` for every registration of the event in one of `statuses` (event changed or cancelled). */
export async function queueForEvent(db: Db, eventId: string, statuses: RegistrationStatus[], kind: MailKind, now: Date): Promise<void> {
  await insertSelect(db, kind, now, registrationsWithVersion(db).where('r.event_id', '=', eventId).where('r.status', 'in', statuses));
}

function insertSelect(db: Db, kind: MailKind, now: Date, from: ReturnType<typeof registrationsWithVersion>) {
  return db
    .insertInto('mail_outbox')
    .columns(['registration_id', 'kind', 'event_version', 'available_at', 'created_at'])
    .expression(
      from.select([
        'r.id',
        sql<MailKind>`cast(${kind} as text)`.as('kind'),
        'e.version',
        sql<Date>`cast(${now} as timestamptz)`.as('available_at'),
        sql<Date>`cast(${now} as timestamptz)`.as('created_at'),
      ]),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const registrationsWithVersion = (db: Db) =>
  db.selectFrom('registrations as r').innerJoin('events as e', 'e.id', 'r.event_id').where('r.email', 'is not', null);

/**
 * Queues the reminder for confirmed registrants of published events whose first session starts
 * within `hoursBefore` from now. Someone confirmed after the reminder time has just had their
 * confirmation and gets none. The partial unique index keeps it to one per registration, however
 * many dispatchers run this at once.
 */
export async function queueDueReminders(db: Db, now: Date, hoursBefore: number): Promise<number> {
  if (hoursBefore <= 0) return 0;
  const result = await sql`
    insert into mail_outbox (registration_id, kind, event_version, available_at, created_at)
    select r.id, 'reminder', e.version, cast(${now} as timestamptz), cast(${now} as timestamptz)
    from events e
    join lateral (select min(s.starts_at) as first_start from event_sessions s where s.event_id = e.id) f on true
    join registrations r on r.event_id = e.id and r.status = 'confirmed' and r.email is not null
    where e.status = 'published'
      and f.first_start > cast(${now} as timestamptz)
      and f.first_start <= cast(${now} as timestamptz) + make_interval(hours => ${hoursBefore}::int)
      and r.confirmed_at <= f.first_start - make_interval(hours => ${hoursBefore}::int)
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Claims up to `limit` due messages for this dispatcher. `FOR UPDATE SKIP LOCKED` lets any
 * number of dispatchers claim at once: each row goes to exactly one of them.
 */
export function claimDue(db: Db, now: Date, worker: string, limit: number): Promise<MailOutboxRow[]> {
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', locked_at: now, locked_by: worker, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', dueIds(db, now, limit).forUpdate().skipLocked())
    .returningAll()
    .execute();
}

const dueIds = (db: Db, now: Date, limit: number) =>
  db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .where('available_at', '<=', now)
    .orderBy('available_at')
    .orderBy('id')
    .limit(limit);

/** TEST-ONLY control for the two-dispatcher test: read, then claim, with no lock between. */
export async function claimDueWithoutLock(db: Db, now: Date, worker: string, limit: number): Promise<MailOutboxRow[]> {
  const ids = (await dueIds(db, now, limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', locked_at: now, locked_by: worker, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

/**
 * Rows claimed before `staleBefore` whose dispatcher never reported back (killed, crashed):
 * due again at once, or failed when they have used every attempt.
 */
export async function releaseStuck(db: Db, now: Date, staleBefore: Date, maxAttempts: number): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set((eb) => ({
      status: eb.case().when('attempts', '>=', maxAttempts).then(sql<'failed'>`'failed'`).else(sql<'queued'>`'queued'`).end(),
      available_at: now,
      locked_at: null,
      locked_by: null,
      last_error: 'Quá thời gian gửi, dispatcher đã dừng / In-flight timeout: the dispatcher holding it stopped',
    }))
    .where('status', '=', 'sending')
    .where('locked_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Reports back on a claimed row; false when it is no longer ours (taken back after a timeout). */
export async function finish(
  db: Db,
  row: Pick<MailOutboxRow, 'id' | 'locked_by'>,
  outcome:
    | { status: 'sent'; at: Date; recipient: string; subject: string }
    | { status: 'queued'; retryAt: Date; error: string }
    | { status: 'failed' | 'skipped'; error: string; recipient?: string | undefined; subject?: string | undefined },
): Promise<boolean> {
  const common = { locked_at: null, locked_by: null };
  const set =
    outcome.status === 'sent'
      ? {
          ...common,
          status: 'sent' as const,
          sent_at: outcome.at,
          recipient: outcome.recipient,
          subject: outcome.subject,
          last_error: null,
        }
      : outcome.status === 'queued'
        ? { ...common, status: 'queued' as const, available_at: outcome.retryAt, last_error: outcome.error }
        : {
            ...common,
            status: outcome.status,
            last_error: outcome.error,
            ...(outcome.recipient !== undefined && { recipient: outcome.recipient }),
            ...(outcome.subject !== undefined && { subject: outcome.subject }),
          };
  const result = await db
    .updateTable('mail_outbox')
    .set(set)
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', row.locked_by)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What an email is about: the registration, its event and venue. */
export function findMailContext(db: Db, registrationId: string) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('venues as v', 'v.id', 'e.venue_id')
    .select([
      'r.id',
      'r.seq',
      'r.status',
      'r.full_name',
      'r.email',
      'r.lang',
      'r.ticket_id',
      'r.short_code',
      'r.manage_token_hash',
      'r.manage_token_sealed',
      'r.confirmed_at',
      'e.id as event_id',
      'e.title',
      'e.title_en',
      'e.kind as event_kind',
      'e.status as event_status',
      'e.version',
      'v.name as venue_name',
      'v.address as venue_address',
      'v.district as venue_district',
    ])
    .where('r.id', '=', registrationId)
    .executeTakeFirst();
}

export type MailContextRow = NonNullable<Awaited<ReturnType<typeof findMailContext>>>;

/** A stopping dispatcher hands back what it claimed but did not start: due again, attempt not spent. */
export async function unclaim(db: Db, ids: number[], worker: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), locked_at: null, locked_by: null }))
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .where('locked_by', '=', worker)
    .execute();
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { REQUEST_WINDOW_DAYS, SURVEYED_KINDS } from './feedback.rules.js';

type Db = Kysely<Database>;

/**
 * The holder of a manage link as the survey sees them: the registration, its event, when the
 * first session they attended began (null: attended none; only present marks of a confirmed
 * registration count) and their answer if given.
 */
export async function findRespondent(db: Db, manageHash: string) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('feedback as f', 'f.registration_id', 'r.id')
    .select((eb) => [
      'r.id',
      'r.status',
      'r.lang',
      'e.id as event_id',
      'e.kind as event_kind',
      'e.title',
      'e.title_en',
      'e.status as event_status',
      eb
        .selectFrom('attendance as a')
        .innerJoin('event_sessions as s', 's.id', 'a.session_id')
        .whereRef('a.registration_id', '=', 'r.id')
        .where('a.status', '=', 'present')
        .select((sub) => sub.fn.min('s.starts_at').as('first'))
        .as('first_attended_start'),
      'f.content',
      'f.trainer',
      'f.usefulness',
      'f.comment',
      'f.submitted_at',
    ])
    .where('r.manage_token_hash', '=', manageHash)
    .executeTakeFirst();
}
export type RespondentRow = NonNullable<Awaited<ReturnType<typeof findRespondent>>>;

export interface FeedbackAnswer {
  content: number;
  trainer: number;
  usefulness: number;
  comment: string | null;
}

/** Writes the answer unless one is there already; true when this call wrote it. */
export async function insertFeedback(db: Db, registrationId: string, eventId: string, answer: FeedbackAnswer, at: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('feedback')
    .values({ registration_id: registrationId, event_id: eventId, ...answer, submitted_at: at })
    .onConflict((oc) => oc.column('registration_id').doNothing())
    .returning('registration_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** An event's answers, newest first, with the number of its people who attended (the survey's reach). */
export async function eventFeedback(db: Db, eventId: string) {
  const [answers, attended] = await Promise.all([
    db
      .selectFrom('feedback')
      .select(['content', 'trainer', 'usefulness', 'comment', 'submitted_at'])
      .where('event_id', '=', eventId)
      .orderBy('submitted_at', 'desc')
      .execute(),
    db
      .selectFrom('attendance_tallies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('present_sessions', '>', 0)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow(),
  ]);
  return { answers, attended: Number(attended.n) };
}

/**
 * Queues the survey's invitation for everyone who attended a surveyed event (confirmed, at least
 * one session present, an address) once its last session has ended, within the window, and who
 * has neither answered nor been invited. The invitation is recorded in feedback_requests in the
 * same statement: its primary key keeps it to one per registration, however many dispatchers
 * run this at once (a second insert of the same registration does nothing, so queues nothing).
 */
export async function queueDueFeedbackRequests(db: Db, now: Date): Promise<number> {
  const result = await sql`
    with due as (
      insert into feedback_requests (registration_id, queued_at)
      select t.registration_id, cast(${now} as timestamptz)
      from events e
      join lateral (select max(s.ends_at) as last_end from event_sessions s where s.event_id = e.id) l on true
      join attendance_tallies t on t.event_id = e.id and t.present_sessions > 0 and t.status = 'confirmed'
      join registrations r on r.id = t.registration_id and r.email is not null
      where e.kind = any(${SURVEYED_KINDS}::text[])
        and e.status in ('published', 'completed')
        and l.last_end <= cast(${now} as timestamptz)
        and l.last_end > cast(${now} as timestamptz) - make_interval(days => ${REQUEST_WINDOW_DAYS}::int)
        and not exists (select 1 from feedback f where f.registration_id = t.registration_id)
      on conflict do nothing
      returning registration_id
    )
    insert into mail_outbox (registration_id, kind, event_version, available_at, created_at)
    select due.registration_id, 'feedback_request', e.version, cast(${now} as timestamptz), cast(${now} as timestamptz)
    from due join registrations r on r.id = due.registration_id join events e on e.id = r.event_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The comment is free text, so it may name the person: it goes when they erase their data; the marks stay, anonymous. */
export async function clearComment(db: Db, registrationId: string): Promise<void> {
  await db.updateTable('feedback').set({ comment: null }).where('registration_id', '=', registrationId).execute();
}

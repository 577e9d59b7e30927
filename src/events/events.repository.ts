import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, EventKind, EventUpdate, NewEvent } from '../db/schema.js';
import type { QuestionPlan } from './question-rules.js';

type Db = Kysely<Database>;

export interface SessionRow {
  id: string;
  position: number;
  title: string | null;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
}

const eventWithVenue = (db: Db) =>
  db
    .selectFrom('events as e')
    .leftJoin('venues as v', 'v.id', 'e.venue_id')
    .selectAll('e')
    .select(['v.name as venue_name', 'v.address as venue_address', 'v.district as venue_district'])
    .select((eb) => [
      eb
        .selectFrom('event_sessions as s')
        .whereRef('s.event_id', '=', 'e.id')
        .select((x) => x.fn.min('s.starts_at').as('m'))
        .as('starts_at'),
      eb
        .selectFrom('event_sessions as s')
        .whereRef('s.event_id', '=', 'e.id')
        .select((x) => x.fn.max('s.ends_at').as('m'))
        .as('ends_at'),
      eb
        .selectFrom('registrations as r')
        .whereRef('r.event_id', '=', 'e.id')
        .where('r.status', '=', 'waitlisted')
        .select((x) => x.fn.countAll<number>().as('n'))
        .as('waitlist_count'),
    ]);

export type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;

export function findEvent(db: Db, id: string) {
  return eventWithVenue(db).where('e.id', '=', id).executeTakeFirst();
}

export function findSessions(db: Db, eventId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('event_sessions')
    .select(['id', 'position', 'title', 'title_en', 'starts_at', 'ends_at'])
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('position')
    .execute();
}

/** Published events whose sessions overlap [from, to), soonest first. */
export function listPublishedEvents(db: Db, filter: { kind?: EventKind | undefined; from?: Date | undefined; to?: Date | undefined }) {
  let q = eventWithVenue(db).where('e.status', '=', 'published');
  if (filter.kind) q = q.where('e.kind', '=', filter.kind);
  if (filter.from) {
    const from = filter.from;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('event_sessions as s').whereRef('s.event_id', '=', 'e.id').where('s.ends_at', '>', from).select(sql`1`.as('x')),
      ),
    );
  }
  if (filter.to) {
    const to = filter.to;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('event_sessions as s').whereRef('s.event_id', '=', 'e.id').where('s.starts_at', '<', to).select(sql`1`.as('x')),
      ),
    );
  }
  return q.orderBy('starts_at').orderBy('e.title').limit(500).execute();
}

export function listAllEvents(db: Db) {
  return eventWithVenue(db).orderBy('e.created_at', 'desc').limit(500).execute();
}

/**
 * The event row locked for the rest of the transaction: changes to one event queue up. FOR NO
 * KEY UPDATE, not FOR UPDATE: a check-in's foreign-key check takes KEY SHARE on the event after
 * its session, so a full lock here, then deleting a session a scan holds, could deadlock with
 * the door (and would hold every scan of the event while an organiser saves).
 */
export function lockEvent(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('events').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export async function upsertVenue(db: Db, venue: { name: string; address?: string | undefined; district?: string | undefined }) {
  const row = await db
    .insertInto('venues')
    .values({ name: venue.name, address: venue.address ?? '', district: venue.district ?? null })
    .onConflict((oc) =>
      oc.columns(['name', 'address']).doUpdateSet((eb) => ({ district: eb.fn.coalesce('excluded.district', 'venues.district') })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function insertEvent(db: Db, event: NewEvent) {
  return db.insertInto('events').values(event).returning('id').executeTakeFirstOrThrow();
}

export function updateEvent(db: Db, id: string, set: EventUpdate) {
  return db.updateTable('events').set(set).where('id', '=', id).execute();
}

export interface SessionInput {
  id?: string | undefined;
  title?: string | undefined;
  titleEn?: string | undefined;
  startsAt: string;
  endsAt: string;
}

/**
 * Makes the event's sessions exactly `sessions`, keeping the ids of those named by id (so
 * attendance recorded against them stays attached) and returning whether any time changed.
 */
export async function replaceSessions(trx: Transaction<Database>, eventId: string, sessions: SessionInput[]): Promise<boolean> {
  const before = await findSessions(trx, eventId);
  const keep = new Set(sessions.flatMap((s) => (s.id ? [s.id] : [])));
  const removed = before.filter((s) => !keep.has(s.id));
  if (removed.length)
    await trx
      .deleteFrom('event_sessions')
      .where(
        'id',
        'in',
        removed.map((s) => s.id),
      )
      .execute();
  let changed = removed.length > 0;
  for (const [position, s] of sessions.entries()) {
    const old = s.id ? before.find((b) => b.id === s.id) : undefined;
    const values = {
      position,
      title: s.title ?? null,
      title_en: s.titleEn ?? null,
      starts_at: new Date(s.startsAt),
      ends_at: new Date(s.endsAt),
    };
    if (old) {
      if (old.starts_at.getTime() !== values.starts_at.getTime() || old.ends_at.getTime() !== values.ends_at.getTime()) changed = true;
      await trx.updateTable('event_sessions').set(values).where('id', '=', old.id).execute();
    } else {
      changed = true;
      await trx
        .insertInto('event_sessions')
        .values({ ...values, event_id: eventId })
        .execute();
    }
  }
  return changed;
}

/** Which of these ids name an event. */
export async function existingEventIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db.selectFrom('events').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function programmeExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('programmes').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export function findQuestions(db: Db, eventId: string) {
  return db
    .selectFrom('event_questions')
    .select(['id', 'label', 'label_en', 'type', 'required', 'options', 'retired_at'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
}

export type QuestionRow = Awaited<ReturnType<typeof findQuestions>>[number];

export async function insertQuestions(
  db: Db,
  eventId: string,
  questions: {
    label: string;
    labelEn?: string | undefined;
    type: QuestionRow['type'];
    required?: boolean | undefined;
    options?: string[] | undefined;
  }[],
) {
  if (questions.length === 0) return;
  await db
    .insertInto('event_questions')
    .values(
      questions.map((q, position) => ({
        event_id: eventId,
        position,
        label: q.label,
        label_en: q.labelEn ?? null,
        type: q.type,
        required: q.required ?? false,
        options: q.options ?? [],
      })),
    )
    .execute();
}

/** Every answer given to the event's questions, as text, by question id (erased registrations hold none). */
export async function answeredValues(db: Db, eventId: string): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ question_id: string; value: string }>`
    select distinct a.key as question_id, a.value
    from registrations r cross join lateral jsonb_each_text(r.answers) a
    where r.event_id = ${eventId}`.execute(db);
  const answered = new Map<string, Set<string>>();
  for (const row of rows) {
    const values = answered.get(row.question_id) ?? new Set<string>();
    values.add(row.value);
    answered.set(row.question_id, values);
  }
  return answered;
}

/** Active registrations (confirmed, waitlisted, pending) by status and whether they left an email. */
export async function activeRegistrationCounts(db: Db, eventId: string) {
  const rows = await db
    .selectFrom('registrations')
    .select((eb) => ['status', eb('email', 'is not', null).as('has_email'), eb.fn.countAll<string>().as('n')])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['confirmed', 'waitlisted', 'pending'])
    .groupBy(['status', 'has_email'])
    .execute();
  return rows.map((r) => ({ status: r.status as 'confirmed' | 'waitlisted' | 'pending', hasEmail: Boolean(r.has_email), n: Number(r.n) }));
}

/** Writes a plan made by `planQuestionEdits`. */
export async function applyQuestionPlan(trx: Transaction<Database>, eventId: string, plan: QuestionPlan, now: Date) {
  if (plan.delete.length) await trx.deleteFrom('event_questions').where('event_id', '=', eventId).where('id', 'in', plan.delete).execute();
  if (plan.retire.length) {
    await trx
      .updateTable('event_questions')
      .set({ retired_at: now })
      .where('event_id', '=', eventId)
      .where('id', 'in', plan.retire)
      .where('retired_at', 'is', null)
      .execute();
  }
  for (const q of plan.update) {
    await trx
      .updateTable('event_questions')
      .set((eb) => ({
        position: q.position,
        label: q.label,
        label_en: q.labelEn,
        type: q.type,
        required: q.required,
        options: q.options,
        // A retired question keeps the time it first left the form.
        retired_at: q.retired ? eb.fn.coalesce('retired_at', sql<Date>`${now}`) : null,
      }))
      .where('event_id', '=', eventId)
      .where('id', '=', q.id)
      .execute();
  }
  if (plan.insert.length) {
    await trx
      .insertInto('event_questions')
      .values(
        plan.insert.map((q) => ({
          event_id: eventId,
          position: q.position,
          label: q.label,
          label_en: q.labelEn,
          type: q.type,
          required: q.required,
          options: q.options,
        })),
      )
      .execute();
  }
}

/** What a registration needs to know of its event, questions included, in one query. */
export async function findEventForRegistration(db: Db, id: string) {
  const { rows } = await sql<{
    id: string;
    kind: EventKind;
    status: string;
    requires_approval: boolean;
    email_required: boolean;
    registration_opens_at: Date | null;
    registration_closes_at: Date | null;
    starts_at: Date | null;
    questions: QuestionRow[];
  }>`
    select e.id, e.kind, e.status, e.requires_approval, e.email_required, e.registration_opens_at, e.registration_closes_at,
           (select min(s.starts_at) from event_sessions s where s.event_id = e.id) as starts_at,
           coalesce((select json_agg(json_build_object('id', q.id, 'label', q.label, 'label_en', q.label_en, 'type', q.type,
                                                       'required', q.required, 'options', q.options) order by q.position)
                     from event_questions q where q.event_id = e.id and q.retired_at is null), '[]'::json) as questions
    from events e where e.id = ${id}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  // json values come back parsed on both engines; times inside the row are real timestamps.
  return { ...row, questions: typeof row.questions === 'string' ? (JSON.parse(row.questions) as QuestionRow[]) : row.questions };
}

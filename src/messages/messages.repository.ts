import { type Kysely, type RawBuilder, sql } from 'kysely';
import { hasCompletedSql } from '../checkins/completion.js';
import type { Database, MessageAudience } from '../db/schema.js';

type Db = Kysely<Database>;

/**
 * The one home of who is in each audience, as SQL over the event's registrations `r` (joined to
 * `e` the event, `t` its session totals, `p` each registration's attendance). Only a
 * registration that holds its seat now is confirmed, attended, missed some, a no-show,
 * completed or certified (holds a certificate not revoked): someone who cancelled after coming asked to leave. A session is missed when it
 * has begun and the person is neither present nor excused at it (an excused absence is not a
 * missed session). A no-show was present at none and missed at least one; "missed some" was
 * present at one or more and missed at least one. Both are empty before a session has begun.
 */
const present = sql`coalesce(p.present, 0)`;
const missed = sql`(t.started - coalesce(p.marked_started, 0))`;
const AUDIENCE: Record<MessageAudience, RawBuilder<boolean>> = {
  confirmed: sql<boolean>`(r.status = 'confirmed')`,
  attended: sql<boolean>`(r.status = 'confirmed' and ${present} > 0)`,
  missed_some: sql<boolean>`(r.status = 'confirmed' and ${present} > 0 and ${missed} > 0)`,
  no_show: sql<boolean>`(r.status = 'confirmed' and ${present} = 0 and ${missed} > 0)`,
  completed: sql<boolean>`(r.status = 'confirmed' and ${hasCompletedSql(present, sql`t.total`, sql`e.completion_share`)})`,
  certified: sql<boolean>`(r.status = 'confirmed' and exists (select 1 from certificates c where c.registration_id = r.id and c.revoked_at is null))`,
  waitlisted: sql<boolean>`(r.status = 'waitlisted')`,
};

/**
 * `with` parts the audience conditions read: session totals (started by `now`), and per
 * registration its present sessions and its marks (present or excused) at sessions begun.
 */
const totals = (eventId: string, now: Date) => sql`
  t as (select count(*)::int as total, count(*) filter (where s.starts_at <= cast(${now} as timestamptz))::int as started
        from event_sessions s where s.event_id = ${eventId}),
  p as (select a.registration_id, count(*) filter (where a.status = 'present')::int as present,
               count(*) filter (where s.starts_at <= cast(${now} as timestamptz))::int as marked_started
        from attendance a join event_sessions s on s.id = a.session_id
        where a.event_id = ${eventId} group by a.registration_id)`;

const people = (eventId: string) => sql`
  from registrations r
  join events e on e.id = r.event_id
  cross join t
  left join p on p.registration_id = r.id
  where r.event_id = ${eventId}`;

export type AudienceCounts = Record<MessageAudience, { withEmail: number; withoutEmail: number }>;

/** How many people each audience holds now: those a message reaches (with an address) and the rest. */
export async function countAudiences(db: Db, eventId: string, now: Date): Promise<AudienceCounts> {
  const names = Object.keys(AUDIENCE) as MessageAudience[];
  const columns = names.flatMap((a) => [
    sql`count(*) filter (where r.email is not null and ${AUDIENCE[a]})::int as ${sql.id(`${a}_with`)}`,
    sql`count(*) filter (where r.email is null and ${AUDIENCE[a]})::int as ${sql.id(`${a}_without`)}`,
  ]);
  const { rows } = await sql<Record<string, number>>`with ${totals(eventId, now)}
    select ${sql.join(columns)} ${people(eventId)}`.execute(db);
  const row = rows[0] ?? {};
  return Object.fromEntries(
    names.map((a) => [a, { withEmail: Number(row[`${a}_with`] ?? 0), withoutEmail: Number(row[`${a}_without`] ?? 0) }]),
  ) as AudienceCounts;
}

/** One person of an audience, for the page's preview. */
export async function firstOfAudience(db: Db, eventId: string, audience: MessageAudience, now: Date) {
  const { rows } = await sql<{ id: string }>`with ${totals(eventId, now)}
    select r.id ${people(eventId)} and r.email is not null and ${AUDIENCE[audience]}
    order by r.seq limit 1`.execute(db);
  return rows[0]?.id ?? null;
}

/**
 * The message row for this event and text: made the first time, the same row every time after
 * (its last send moves on only in `markSent`, when a send queued someone). Concurrent sends of one
 * text wait on each other here: the no-op update locks the row.
 */
export async function upsertMessage(
  trx: Db,
  m: {
    eventId: string;
    audience: MessageAudience;
    subject: string;
    body: string;
    contentKey: string;
    createdBy: string | null;
    createdByToken: string | null;
    now: Date;
  },
) {
  return trx
    .insertInto('event_messages')
    .values({
      event_id: m.eventId,
      audience: m.audience,
      subject: m.subject,
      body: m.body,
      content_key: m.contentKey,
      created_by: m.createdBy,
      created_by_token: m.createdByToken,
      created_at: m.now,
      last_sent_at: m.now,
    })
    .onConflict((oc) => oc.columns(['event_id', 'content_key']).doUpdateSet({ last_sent_at: sql`event_messages.last_sent_at` }))
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** A send that queued someone: the message's last send is now. */
export async function markSent(trx: Db, messageId: string, now: Date) {
  await trx.updateTable('event_messages').set({ last_sent_at: now }).where('id', '=', messageId).execute();
}

/** The event's messages already sent with any of these content keys. */
export function messagesByKeys(db: Db, eventId: string, keys: string[]) {
  return db
    .selectFrom('event_messages')
    .select(['id', 'audience'])
    .where('event_id', '=', eventId)
    .where('content_key', 'in', keys)
    .execute();
}

/** How many in the audience now, with an address, a send of this message would newly reach. */
export async function countNotReceived(db: Db, eventId: string, messageId: string, audience: MessageAudience, now: Date) {
  const { rows } = await sql<{ n: number }>`with ${totals(eventId, now)}
    select count(*)::int as n ${people(eventId)} and r.email is not null and ${AUDIENCE[audience]}
      and not exists (select 1 from event_message_recipients x where x.message_id = cast(${messageId} as uuid) and x.registration_id = r.id)`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Queues the message for everyone in its audience now who has an address and has not had it:
 * a recipient row and an outbox row each, in one statement. The recipients' primary key is what
 * keeps it to once per person, under any number of sends at once. Returns how many were queued.
 */
export async function queueRecipients(trx: Db, messageId: string, eventId: string, audience: MessageAudience, now: Date): Promise<number> {
  const { rows } = await sql<{ id: number }>`with ${totals(eventId, now)},
    fresh as (
      insert into event_message_recipients (message_id, registration_id, created_at)
      select cast(${messageId} as uuid), r.id, cast(${now} as timestamptz) ${people(eventId)} and r.email is not null and ${AUDIENCE[audience]}
      on conflict do nothing
      returning registration_id
    )
    insert into mail_outbox (registration_id, kind, event_version, available_at, created_at, message_id)
    select f.registration_id, 'event_message', ev.version, cast(${now} as timestamptz), cast(${now} as timestamptz),
           cast(${messageId} as uuid)
    from fresh f join events ev on ev.id = ${eventId}
    returning id`.execute(trx);
  return rows.length;
}

/** The event's messages, newest first, with how many people each went to and who sent it. */
export function listMessages(db: Db, eventId: string) {
  return db
    .selectFrom('event_messages as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .leftJoin('api_tokens as k', 'k.id', 'm.created_by_token')
    .select((eb) => [
      'm.id',
      'm.audience',
      'm.subject',
      'm.body',
      'm.created_at',
      'm.last_sent_at',
      'u.email as user_email',
      'u.full_name as user_name',
      'k.name as token_name',
      eb
        .selectFrom('event_message_recipients as x')
        .whereRef('x.message_id', '=', 'm.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('recipients'),
    ])
    .where('m.event_id', '=', eventId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .execute();
}

export type MessageRow = Awaited<ReturnType<typeof listMessages>>[number];

/** The organiser's text as written, placeholders and all. */
export function findMessageText(db: Db, messageId: string) {
  return db.selectFrom('event_messages').select(['subject', 'body']).where('id', '=', messageId).executeTakeFirst();
}

/** The sessions a registration is accounted for at: present, or excused (not missed). */
export async function markedSessionIds(db: Db, registrationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('attendance').select('session_id').where('registration_id', '=', registrationId).execute();
  return new Set(rows.map((a) => a.session_id));
}

import { type Kysely, sql } from 'kysely';
import type { Database, MailKind, NewRegistration, RegistrationStatus } from '../db/schema.js';

type Db = Kysely<Database>;

export type SeatRow = Omit<NewRegistration, 'status' | 'confirmed_at'>;
export type FirstMail = { confirmed: MailKind; waitlisted: MailKind; at: Date } | null;
export type Seated = { id: string; seq: number; status: RegistrationStatus; created_at: Date };

// The columns a new registration carries, with their SQL types, for jsonb_to_recordset.
const COLUMNS = {
  event_id: 'uuid',
  full_name: 'text',
  phone: 'text',
  email: 'text',
  id_number: 'text',
  gender: 'text',
  birth_year: 'integer',
  district: 'text',
  commune: 'text',
  position_title: 'text',
  person_key: 'text',
  facility_id: 'uuid',
  facility_name: 'text',
  answers: 'jsonb',
  booth_request: 'jsonb',
  lang: 'text',
  consent_version: 'text',
  consent_processing_at: 'timestamptz',
  consent_news_at: 'timestamptz',
  ticket_id: 'text',
  short_code: 'text',
  manage_token_hash: 'text',
  manage_token_sealed: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const satisfies Partial<Record<keyof SeatRow, string>>;
const NAMES = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];

/**
 * Several new registrations of one event in ONE statement, in the order given: lock the event
 * row, grant as many free seats as there are (the first rows get them), insert every row
 * confirmed or waitlisted, and queue each first email. The event row is locked once for the
 * whole group, so a popular class admits many people per lock instead of one. `seq` follows
 * the order given, so arrival order and seat order still agree. `racy`: the TEST-ONLY race
 * control (config UNSAFE_RACY_SEATS), the same statement without the event row's lock.
 */
export async function insertManyWithSeats(
  db: Db,
  eventId: string,
  items: { row: SeatRow; mail: FirstMail }[],
  options: { racy?: boolean } = {},
): Promise<Seated[]> {
  const { rows } = await manyWithSeatsStatement(eventId, items, options).execute(db);
  const byTicket = new Map(rows.map((r) => [r.ticket_id, r]));
  return items.map(({ row }) => {
    const seated = byTicket.get(row.ticket_id);
    if (!seated) throw new Error('insertManyWithSeats: a row was not inserted');
    return { id: seated.id, seq: Number(seated.seq), status: seated.status, created_at: new Date(seated.created_at) };
  });
}

/** The statement itself (the registration benchmark sends the same SQL from a raw loop). */
export function manyWithSeatsStatement(eventId: string, items: { row: SeatRow; mail: FirstMail }[], options: { racy?: boolean } = {}) {
  const input = items.map(({ row, mail }, i) => {
    const record: Record<string, unknown> = {
      ord: i + 1,
      mail_confirmed: mail?.confirmed ?? null,
      mail_waitlisted: mail?.waitlisted ?? null,
      mail_at: mail?.at ?? null,
    };
    for (const name of NAMES) record[name] = row[name] ?? null;
    if (row.event_id !== eventId) throw new Error('insertManyWithSeats: rows of another event');
    // A column added to new registrations but not to COLUMNS would be dropped here silently.
    const unknown = Object.entries(row).find(([k, v]) => v !== undefined && v !== null && !(k in COLUMNS));
    if (unknown) throw new Error(`insertManyWithSeats: column ${unknown[0]} is not in COLUMNS`);
    return record;
  });
  // jsonb columns arrive as JSON text (as everywhere in the repositories): read as text, cast.
  const definition = sql.raw(
    [
      'ord int',
      ...NAMES.map((n) => `${n} ${COLUMNS[n] === 'jsonb' ? 'text' : COLUMNS[n]}`),
      'mail_confirmed text',
      'mail_waitlisted text',
      'mail_at timestamptz',
    ].join(', '),
  );
  const columns = sql.join(NAMES.map((n) => sql.id(n)));
  const values = sql.join(NAMES.map((n) => (COLUMNS[n] === 'jsonb' ? sql`${sql.ref(`i.${n}`)}::jsonb` : sql.ref(`i.${n}`))));
  return sql<Seated & { ticket_id: string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as i(${definition})
    ), seat as (
      -- Waits for whoever holds the row, then reads the count as they left it. Without the lock
      -- (the race control) two groups read the same count and both grant its free seats; the
      -- control also holds its statement open 200 ms, so the two servers' groups overlap on a busy machine too.
      select id, capacity, confirmed_count, version from events ${options.racy ? sql`, pg_sleep(0.2)` : sql``}
      where id = ${eventId}::uuid ${options.racy ? sql`` : sql`for no key update`}
    ), granted as (
      select seat.id, seat.confirmed_count as before,
        least((select count(*) from input), greatest(seat.capacity - seat.confirmed_count, 0))::int as n
      from seat
    ), taken as (
      -- The count as read under the lock, plus the seats granted: with the lock, the same as
      -- adding to the row's current count; without it (the control), two groups that read the
      -- same count each write their own sum, and the seats the first granted are given again.
      update events e set confirmed_count = g.before + g.n from granted g where e.id = g.id and g.n > 0 returning e.id
    ), r as (
      insert into registrations (${columns}, status, confirmed_at)
      select ${values}, case when i.ord <= g.n then 'confirmed' else 'waitlisted' end, case when i.ord <= g.n then i.created_at end
      from input i cross join granted g
      order by i.ord
      returning id, seq, status, created_at, ticket_id
    ), o as (
      insert into mail_outbox (registration_id, kind, event_version, available_at, created_at)
      select r.id, case when r.status = 'confirmed' then i.mail_confirmed else i.mail_waitlisted end, s.version, i.mail_at, i.mail_at
      from r join input i on i.ticket_id = r.ticket_id cross join seat s
      where i.mail_at is not null
      returning id
    )
    select id, seq, status, created_at, ticket_id from r`;
}

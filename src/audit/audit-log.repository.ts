import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { textMatches } from '../db/search-sql.js';

export interface AuditFilter {
  /** Entries about this event (the event itself, its registrations, its scans). */
  eventId?: string | undefined;
  /** Entries about events among these only (an organiser limited to some events). */
  withinEvents?: string[] | undefined;
  /** Name, phone or email of the registrant an entry is about. */
  person?: string | undefined;
  /** Email or name of the account, or name of the token, that acted. */
  actor?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Keyset: entries older than this id. */
  beforeId?: number | undefined;
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * The event an entry is about, found from what it names: an event entry's own id, the event of
 * the registration it is about, or the `eventId` its data carries (scans reviewed). Entries about
 * accounts, tokens, mail and programmes are about no one event.
 */
const EVENT_OF_ENTRY = sql<string | null>`coalesce(
  case when a.entity = 'event' and a.entity_id ~ ${UUID} then a.entity_id::uuid end,
  r.event_id,
  case when a.data->>'eventId' ~ ${UUID} then (a.data->>'eventId')::uuid end
)`;

/** A page of the audit log, newest first, with who acted and what the entry is about. */
export function listAuditEntries(db: Kysely<Database>, filter: AuditFilter, limit: number) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('api_tokens as t', 't.id', 'a.actor_token_id')
    // Registration ids are UUIDs; the guard keeps a malformed id from failing the whole page.
    .leftJoin('registrations as r', (join) =>
      join.on(sql<SqlBool>`r.id = case when a.entity = 'registration' and a.entity_id ~ ${UUID} then a.entity_id::uuid end`),
    )
    .leftJoin('events as e', (join) => join.on(sql<SqlBool>`e.id = ${EVENT_OF_ENTRY}`))
    .select([
      'a.id',
      'a.at',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.data',
      'u.email as actor_email',
      'u.full_name as actor_name',
      't.name as actor_token_name',
      'e.id as event_id',
      'e.title as event_title',
      'e.title_en as event_title_en',
      'r.full_name as person_name',
    ]);
  if (filter.eventId) q = q.where(EVENT_OF_ENTRY, '=', filter.eventId);
  if (filter.withinEvents) {
    const within = filter.withinEvents;
    q = within.length ? q.where(EVENT_OF_ENTRY, 'in', within) : q.where(sql<SqlBool>`false`);
  }
  if (filter.person) {
    const person = filter.person;
    q = q.where(() =>
      textMatches(person, [sql.ref('r.full_name'), sql.ref('r.email')] as Expression<string | null>[], { phone: sql.ref('r.phone') }),
    );
  }
  if (filter.actor) {
    const actor = filter.actor;
    q = q.where(() => textMatches(actor, [sql.ref('u.email'), sql.ref('u.full_name'), sql.ref('t.name')] as Expression<string | null>[]));
  }
  if (filter.action) q = q.where('a.action', '=', filter.action);
  if (filter.from) q = q.where('a.at', '>=', filter.from);
  if (filter.to) q = q.where('a.at', '<', filter.to);
  if (filter.beforeId) q = q.where('a.id', '<', filter.beforeId);
  return q.orderBy('a.id', 'desc').limit(limit).execute();
}

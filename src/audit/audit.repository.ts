import type { Kysely } from 'kysely';
import { type Actor, auditActor } from '../auth/actor.js';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entity: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  requestId?: string | null;
}

/** Written in the same transaction as the change it describes, so the log never disagrees. */
export function recordAudit(db: Kysely<Database>, entry: AuditEntry) {
  const who = entry.actor ? auditActor(entry.actor) : { actor_user_id: null, actor_token_id: null };
  return db
    .insertInto('audit_log')
    .values({
      ...who,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

/** The newest audit entry about one entity whose action starts with `prefix`, or undefined. */
export function latestAudit(db: Kysely<Database>, entity: string, entityId: string, prefix: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'data'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('action', 'like', `${prefix}%`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

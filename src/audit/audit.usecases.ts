import type { Kysely } from 'kysely';
import { type Actor, hasRole } from '../auth/actor.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { type AuditEntryView, toAuditEntryView } from './audit.presenter.js';
import { type AuditFilter, listAuditEntries } from './audit-log.repository.js';

export const AUDIT_PAGE_SIZE = 50;

/**
 * Who reads the audit log: admins and organisers. An organiser limited to some events reads only
 * the entries about those events (a registration's, a scan's, the event's own); entries about
 * accounts, tokens, mail and programmes are about no event and stay with admins and organisers
 * of every event. Door staff and programme managers do not read it.
 */
export function auditReach(actor: Actor): { withinEvents: string[] | undefined } | null {
  if (actor.role === 'scanner' || actor.role === 'programme_manager') return null;
  if (hasRole(actor, 'admin') || actor.eventIds === null) return { withinEvents: undefined };
  return { withinEvents: actor.eventIds };
}

export async function listAudit(
  ctx: { db: Kysely<Database> },
  actor: Actor,
  filter: Omit<AuditFilter, 'withinEvents'>,
): Promise<{ entries: AuditEntryView[]; olderThan: number | null }> {
  const reach = auditReach(actor);
  if (!reach) throw new AppError('auth.forbidden');
  const rows = await listAuditEntries(ctx.db, { ...filter, withinEvents: reach.withinEvents }, AUDIT_PAGE_SIZE + 1);
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map(toAuditEntryView);
  const last = entries.at(-1);
  return { entries, olderThan: rows.length > AUDIT_PAGE_SIZE && last ? last.id : null };
}

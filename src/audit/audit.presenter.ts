import { REDACTED, redactSecrets } from '../shared/redact.js';

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditEntryView {
  id: number;
  at: Date;
  action: string;
  /** The account's email (and name), the token's name, or null for the system and the CLI. */
  actor: { kind: 'user'; email: string; name: string } | { kind: 'token'; name: string } | null;
  entity: string;
  entityId: string | null;
  event: { id: string; title: string; titleEn: string | null } | null;
  personName: string | null;
  /** Fields an edit changed, before and after. */
  changes: AuditChange[];
  /** Everything else the entry records, as short text. */
  facts: { key: string; value: string }[];
}

const MAX_TEXT = 160;
/** Keys whose values are never shown, whatever writes them. */
const SECRET_KEYS = /password|token(?!s?revoked)|secret|manage|hash/i;

/** A recorded value as short text: lists joined, objects as JSON, secrets in URLs hidden. */
export function shortText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((v) => typeof v !== 'object')
        ? value.join(', ')
        : JSON.stringify(value);
  const safe = redactSecrets(text);
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT - 1)}…` : safe;
}

/**
 * Edits record `changes: { field: { before, after } }`; target edits from before that shape
 * record `{ from, to }`. Both read the same here.
 */
function changesOf(data: Record<string, unknown>): AuditChange[] {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    const c = (change ?? {}) as Record<string, unknown>;
    const [before, after] = 'before' in c || 'after' in c ? [c.before, c.after] : [c.from, c.to];
    return SECRET_KEYS.test(field)
      ? { field, before: REDACTED, after: REDACTED }
      : { field, before: shortText(before), after: shortText(after) };
  });
}

export function toAuditEntryView(row: {
  id: number;
  at: Date;
  action: string;
  entity: string;
  entity_id: string | null;
  data: unknown;
  actor_email: string | null;
  actor_name: string | null;
  actor_token_name: string | null;
  event_id: string | null;
  event_title: string | null;
  event_title_en: string | null;
  person_name: string | null;
}): AuditEntryView {
  const data = row.data && typeof row.data === 'object' && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {};
  const changes = changesOf(data);
  const facts = Object.entries(data)
    // With changes listed, the list of changed field names says nothing more.
    .filter(([key]) => key !== 'changes' && !(changes.length && key === 'fields'))
    .map(([key, value]) => ({ key, value: SECRET_KEYS.test(key) && typeof value !== 'boolean' ? REDACTED : shortText(value) }));
  return {
    id: Number(row.id),
    at: row.at,
    action: row.action,
    actor: row.actor_email
      ? { kind: 'user', email: row.actor_email, name: row.actor_name ?? '' }
      : row.actor_token_name
        ? { kind: 'token', name: row.actor_token_name }
        : null,
    entity: row.entity,
    entityId: row.entity_id,
    event: row.event_id ? { id: row.event_id, title: row.event_title ?? '', titleEn: row.event_title_en } : null,
    personName: row.person_name,
    changes,
    facts,
  };
}

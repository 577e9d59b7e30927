import { inZone, toIsoInZone } from '../shared/time.js';
import type { EventRow, SessionRow } from './events.repository.js';
import type { UpdateEventInput } from './events.schemas.js';

/** What the audit log records of an edit: each field that changed, before and after. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

const COLUMNS = {
  title: 'title',
  titleEn: 'title_en',
  description: 'description',
  descriptionEn: 'description_en',
  capacity: 'capacity',
  topic: 'topic',
  scope: 'scope',
  requiresApproval: 'requires_approval',
  registrationOpensAt: 'registration_opens_at',
  registrationClosesAt: 'registration_closes_at',
  programmeId: 'programme_id',
  emailRequired: 'email_required',
  walkInsBeyondCapacity: 'walk_ins_beyond_capacity',
  certificatesAutomatic: 'certificates_auto',
} as const satisfies Partial<Record<keyof UpdateEventInput, keyof EventRow>>;

/** Times as the API writes them (+07:00), so before and after compare and read alike. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return toIsoInZone(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? value : toIsoInZone(at);
  }
  return value ?? null;
}

function venueText(v: { name: string; address?: string | null | undefined; district?: string | null | undefined } | null): string | null {
  return v ? [v.name, v.address, v.district].filter(Boolean).join(', ') : null;
}

/** "2026-12-14 08:00–11:30" in Vietnam time, one per session. */
function sessionsText(sessions: { startsAt: Date | string; endsAt: Date | string }[]): string[] {
  return sessions.map((s) => {
    const start = inZone(new Date(s.startsAt));
    const end = inZone(new Date(s.endsAt));
    const sameDay = start.hasSame(end, 'day');
    return `${start.toFormat('yyyy-MM-dd HH:mm')}–${end.toFormat(sameDay ? 'HH:mm' : 'yyyy-MM-dd HH:mm')}`;
  });
}

/** The fields of `input` whose value differs from the event as it was (`before`, its sessions). */
export function eventChanges(before: EventRow, beforeSessions: SessionRow[], input: UpdateEventInput): FieldChanges {
  const changes: FieldChanges = {};
  const note = (field: string, was: unknown, now: unknown) => {
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = { before: was, after: now };
  };
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, keyof EventRow][]) {
    if (input[field] !== undefined) note(field, comparable(before[column]), comparable(input[field]));
  }
  if (input.completionShare !== undefined) note('completionShare', Number(before.completion_share), input.completionShare);
  if (input.venue !== undefined) {
    const was = before.venue_name ? { name: before.venue_name, address: before.venue_address, district: before.venue_district } : null;
    note('venue', venueText(was), venueText(input.venue));
  }
  if (input.sessions) {
    note('sessions', sessionsText(beforeSessions.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at }))), sessionsText(input.sessions));
  }
  return changes;
}

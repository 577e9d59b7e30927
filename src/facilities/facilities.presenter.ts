import type { Facility } from '../db/schema.js';
import type { listHistory, listVariants, searchFacilities } from './facilities.repository.js';

type ListRow = Awaited<ReturnType<typeof searchFacilities>>[number];
type VariantRow = Awaited<ReturnType<typeof listVariants>>[number];
type HistoryRow = Awaited<ReturnType<typeof listHistory>>[number];

export function listItemView(r: ListRow) {
  return {
    id: r.id,
    name: r.name,
    taxCode: r.tax_code,
    district: r.district,
    fairs: r.fairs,
    otherEvents: r.other_events,
    variants: r.variants,
    entries: r.entries,
  };
}
export type FacilityListItem = ReturnType<typeof listItemView>;

export function facilityView(f: Facility, variants: VariantRow[]) {
  return {
    id: f.id,
    name: f.name,
    taxCode: f.tax_code,
    district: f.district,
    address: f.address,
    sector: f.sector,
    representative: f.representative,
    products: f.products,
    createdAt: f.created_at,
    /** Every spelling seen, the name of record marked. */
    variants: variants.map((v) => ({
      name: v.name,
      seenCount: v.seen_count,
      lastSeenAt: v.last_seen_at,
      ofRecord: v.name === f.name,
    })),
  };
}
export type FacilityView = ReturnType<typeof facilityView>;

export interface HistoryEvent {
  eventId: string;
  title: string;
  titleEn: string | null;
  kind: string;
  startsAt: Date | null;
  registrations: number;
  /** Fairs: booths asked for by the live requests (the booth inventory will say which were given). */
  boothsRequested: number;
  attended: number;
  completed: number;
}

export interface HistoryRegistration {
  registrationId: string;
  eventId: string;
  eventTitle: string;
  eventTitleEn: string | null;
  kind: string;
  fullName: string;
  submittedName: string | null;
  status: string;
  boothsRequested: number | null;
  completed: boolean;
}

const LIVE = new Set(['confirmed', 'pending', 'waitlisted']);

/**
 * A facility's history: fairs (with booths requested — allocated booths join here once the
 * booth inventory exists), other events (courses, workshops, tours), and the people trained:
 * its people who completed a course.
 */
export function historyView(rows: HistoryRow[]) {
  const byEvent = new Map<string, HistoryEvent>();
  for (const r of rows) {
    const e = byEvent.get(r.event_id) ?? {
      eventId: r.event_id,
      title: r.title,
      titleEn: r.title_en,
      kind: r.kind,
      startsAt: r.first_start,
      registrations: 0,
      boothsRequested: 0,
      attended: 0,
      completed: 0,
    };
    e.registrations += 1;
    if (LIVE.has(r.status)) e.boothsRequested += r.booths_requested ?? 0;
    if (r.status === 'confirmed' && r.present_sessions > 0) e.attended += 1;
    if (r.completed) e.completed += 1;
    byEvent.set(r.event_id, e);
  }
  const events = [...byEvent.values()];
  const all: HistoryRegistration[] = rows.map((r) => ({
    registrationId: r.registration_id,
    eventId: r.event_id,
    eventTitle: r.title,
    eventTitleEn: r.title_en,
    kind: r.kind,
    fullName: r.full_name,
    submittedName: r.submitted_name,
    status: r.status,
    boothsRequested: r.booths_requested,
    completed: r.completed,
  }));
  return {
    fairs: events.filter((e) => e.kind === 'fair'),
    courses: events.filter((e) => e.kind !== 'fair'),
    trained: all.filter((r) => r.kind !== 'fair' && r.completed),
    all,
  };
}
export type FacilityHistory = ReturnType<typeof historyView>;

import type { z } from 'zod';
import type { EventView } from '../events/events.usecases.js';
import { byGivenName, foldForSearch } from '../shared/text.js';
import { doorOpensAt } from '../shared/time.js';
import type * as attendance from './attendance.repository.js';
import type { attendancePageQuery } from './checkins.schemas.js';
import { sessionsNeeded } from './completion.js';

type Rows<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
export type AttendancePageQuery = z.infer<typeof attendancePageQuery>;
export type Session = NonNullable<EventView['sessions']>[number];

/** An event's attendance as the organisers' page and the API read it. */
export interface AttendanceReport {
  sessions: { sessionId: string; startsAt: Date; endsAt: Date; present: number; excused: number; expected: number }[];
  registrations: {
    registrationId: string;
    name: string;
    status: string;
    present: number;
    excused: number;
    sessions: number;
    completed: boolean;
  }[];
  marks: { registrationId: string; sessionId: string; status: 'present' | 'excused'; method: 'qr' | 'short_code' | 'manual' | 'walk_in' }[];
  conflicts: {
    scanId: number;
    conflict: string | null;
    result: string;
    deviceId: string;
    heldBy: string | null;
    name: string | null;
    sessionId: string | null;
    scannedAt: Date;
    receivedAt: Date;
    reviewedAt: Date | null;
  }[];
  /** The event as a whole: confirmed registrations, and how many of them came at least once. */
  totals: { confirmed: number; attendedAny: number };
}

export function toAttendanceReport(rows: {
  sessions: Rows<typeof attendance.sessionAttendance>;
  registrations: Rows<typeof attendance.registrationAttendance>;
  marks: Rows<typeof attendance.listMarks>;
  conflicts: Rows<typeof attendance.listConflicts>;
}): AttendanceReport {
  const confirmed = rows.registrations.filter((r) => r.status === 'confirmed');
  return {
    sessions: rows.sessions.map((s) => ({
      sessionId: s.session_id,
      startsAt: new Date(s.starts_at),
      endsAt: new Date(s.ends_at),
      present: s.present,
      excused: s.excused,
      expected: s.expected,
    })),
    registrations: rows.registrations.map((r) => ({
      registrationId: r.registration_id,
      name: r.full_name,
      status: r.status,
      present: r.present,
      excused: r.excused,
      sessions: r.sessions,
      completed: r.completed,
    })),
    marks: rows.marks.map((m) => ({ registrationId: m.registration_id, sessionId: m.session_id, status: m.status, method: m.method })),
    conflicts: rows.conflicts.map((x) => ({
      scanId: x.id,
      conflict: x.conflict,
      result: x.result,
      deviceId: x.device_id,
      heldBy: x.held_by,
      name: x.full_name,
      sessionId: x.session_id,
      scannedAt: x.scanned_at,
      receivedAt: x.received_at,
      reviewedAt: x.reviewed_at ? new Date(x.reviewed_at) : null,
    })),
    totals: { confirmed: confirmed.length, attendedAny: confirmed.filter((r) => r.present > 0).length },
  };
}

/** Which session of how many, for "2/5". */
export interface SessionPlace {
  number: number;
  count: number;
}

/** A person's mark at one session as the grid shows it. */
export type GridMark = 'present' | 'by_staff' | 'excused' | null;

export interface PersonRow {
  registrationId: string;
  name: string;
  confirmed: boolean;
  cancelled: boolean;
  /** One per session, in the event's order. */
  marks: GridMark[];
  present: number;
  excused: number;
  sessions: number;
  completed: boolean;
  justMarked: boolean;
}

/** What the last mark did, or why it was not made, named by the person it was for. */
export type MarkOutcomeView = { person: string; session: SessionPlace | null } & (
  | { kind: 'marked'; status: 'present' | 'excused' | 'absent' }
  | { kind: 'unchanged'; state: 'present' | 'excused' | 'absent' }
  | { kind: 'refused'; code: NonNullable<AttendancePageQuery['error']>; opensAt: Date | null }
);

/** What the device said, then what the server recorded ("ok -> already_checked_in"); `recorded` null when unreadable. */
export interface ConflictWords {
  said: string;
  recorded: string | null;
}

export interface ConflictRow {
  scanId: number;
  scannedAt: Date;
  receivedAt: Date;
  session: SessionPlace | null;
  heldBy: string | null;
  /** The device id, cut to 16 characters. */
  device: string;
  name: string | null;
  conflict: ConflictWords;
  reviewedAt: Date | null;
}

export interface ConflictsView {
  total: number;
  toReview: number;
  reviewed: number;
  /** The conflicts already looked at are listed too. */
  showReviewed: boolean;
  shown: ConflictRow[];
  /** The conflict just marked reviewed, confirmed only if it is. */
  justReviewed: { name: string | null; conflict: ConflictWords } | null;
}

export interface AttendancePageView {
  event: EventView;
  /** A training class: the completion rule applies. */
  course: boolean;
  sessions: (SessionPlace & { session: Session; present: number; excused: number; expected: number })[];
  /** The rule in whole sessions, for a course with sessions. */
  completion: { share: number; needed: number; sessions: number } | null;
  totals: { confirmed: number; attendedAny: number; completed: number };
  /** The name searched for, as typed (trimmed); undefined or empty lists everyone. */
  q: string | undefined;
  /** Everyone on the list, before the search. */
  everyone: number;
  /** Those the search found, by given name. */
  people: PersonRow[];
  outcome: MarkOutcomeView | null;
  /** The session the marking form offers first. */
  chosenSessionId: string | undefined;
  conflicts: ConflictsView;
}

/** The session a mark most likely concerns: the one open now, else the last one begun, else the first. */
function likelySession(sessions: Session[], now: Date, opensMinutes: number) {
  const t = now.getTime();
  return (
    sessions.find((x) => t >= doorOpensAt(x.startsAt, opensMinutes).getTime() && t <= x.endsAt.getTime()) ??
    [...sessions].reverse().find((x) => x.startsAt.getTime() <= t) ??
    sessions[0]
  );
}

function conflictWords(conflict: string | null): ConflictWords {
  const raw = conflict ?? '';
  const [said = raw, recorded] = raw.split(' -> ');
  return recorded ? { said, recorded } : { said: raw, recorded: null };
}

function markOutcome(
  report: AttendanceReport,
  query: AttendancePageQuery,
  sessions: Session[],
  opensMinutes: number,
): MarkOutcomeView | null {
  const person = report.registrations.find((r) => r.registrationId === query.who);
  const said = query.marked ?? query.unchanged;
  if (!person || (!said && !query.error)) return null;
  // The query only says what to report; the data must agree, or a crafted link could claim a mark.
  const mark = report.marks.find((m) => m.registrationId === query.who && m.sessionId === query.session);
  if (said && (said === 'absent' ? mark !== undefined : mark?.status !== said)) return null;
  const i = sessions.findIndex((x) => x.id === query.session);
  const at = { person: person.name, session: i < 0 ? null : { number: i + 1, count: sessions.length } };
  if (query.error) {
    // When a session not yet open opens, so the organiser knows when to come back.
    const session = sessions[i];
    const opensAt = query.error === 'attendance.session_not_open' && session ? doorOpensAt(session.startsAt, opensMinutes) : null;
    return { ...at, kind: 'refused', code: query.error, opensAt };
  }
  if (query.unchanged) return { ...at, kind: 'unchanged', state: query.unchanged };
  return query.marked ? { ...at, kind: 'marked', status: query.marked } : null;
}

function conflictsView(report: AttendanceReport, query: AttendancePageQuery, sessions: Session[]): ConflictsView {
  // Conflicts an organiser has looked at leave the list, unless asked for.
  const toReview = report.conflicts.filter((x) => !x.reviewedAt);
  const shown = query.reviewed ? report.conflicts : toReview;
  const justReviewed = report.conflicts.find((x) => Number(x.scanId) === query.reviewedScan && x.reviewedAt);
  const placeOf = (sessionId: string | null) => {
    const i = sessions.findIndex((x) => x.id === sessionId);
    return i < 0 ? null : { number: i + 1, count: sessions.length };
  };
  return {
    total: report.conflicts.length,
    toReview: toReview.length,
    reviewed: report.conflicts.length - toReview.length,
    showReviewed: query.reviewed !== undefined,
    shown: shown.map((x) => ({
      scanId: x.scanId,
      scannedAt: x.scannedAt,
      receivedAt: x.receivedAt,
      session: placeOf(x.sessionId),
      heldBy: x.heldBy,
      device: x.deviceId.length > 16 ? `${x.deviceId.slice(0, 16)}…` : x.deviceId,
      name: x.name,
      conflict: conflictWords(x.conflict),
      reviewedAt: x.reviewedAt,
    })),
    justReviewed: justReviewed ? { name: justReviewed.name, conflict: conflictWords(justReviewed.conflict) } : null,
  };
}

/** The organisers' attendance page: per session, per person (searched), the last mark's outcome, and offline conflicts. */
export function toAttendancePage(
  event: EventView,
  report: AttendanceReport,
  query: AttendancePageQuery,
  at: { now: Date; opensMinutes: number },
): AttendancePageView {
  const sessions = event.sessions ?? [];
  const counts = new Map(report.sessions.map((x) => [x.sessionId, x]));
  const course = event.kind === 'training_class';
  const everyone = [...report.registrations].sort((a, b) => byGivenName(a.name, b.name));
  const needle = query.q ? foldForSearch(query.q) : '';
  const found = needle ? everyone.filter((r) => foldForSearch(r.name).includes(needle)) : everyone;
  const marks = new Map(report.marks.map((m) => [`${m.registrationId}:${m.sessionId}`, m]));
  const gridMark = (registrationId: string, sessionId: string): GridMark => {
    const m = marks.get(`${registrationId}:${sessionId}`);
    if (!m) return null;
    return m.status === 'excused' ? 'excused' : m.method === 'manual' ? 'by_staff' : 'present';
  };
  return {
    event,
    course,
    sessions: sessions.map((session, i) => {
      const c = counts.get(session.id);
      return {
        session,
        number: i + 1,
        count: sessions.length,
        present: c?.present ?? 0,
        excused: c?.excused ?? 0,
        expected: c?.expected ?? 0,
      };
    }),
    completion:
      course && sessions.length > 0
        ? { share: event.completionShare, needed: sessionsNeeded(sessions.length, event.completionShare), sessions: sessions.length }
        : null,
    totals: {
      ...report.totals,
      completed: report.registrations.filter((r) => r.status === 'confirmed' && r.completed).length,
    },
    q: query.q,
    everyone: everyone.length,
    people: found.map((r) => ({
      registrationId: r.registrationId,
      name: r.name,
      confirmed: r.status === 'confirmed',
      cancelled: r.status === 'cancelled',
      marks: sessions.map((x) => gridMark(r.registrationId, x.id)),
      present: r.present,
      excused: r.excused,
      sessions: r.sessions,
      completed: r.completed,
      justMarked: r.registrationId === query.who,
    })),
    outcome: markOutcome(report, query, sessions, at.opensMinutes),
    chosenSessionId: (sessions.find((x) => x.id === query.session) ?? likelySession(sessions, at.now, at.opensMinutes))?.id,
    conflicts: conflictsView(report, query, sessions),
  };
}

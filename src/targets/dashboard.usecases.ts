import type { Kysely } from 'kysely';
import type { Database, ProgrammeTarget } from '../db/schema.js';
import * as programmes from '../programmes/programmes.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import * as repo from './targets.repository.js';
import {
  countTarget,
  elapsedShare,
  findProgrammeOrThrow,
  programmeProgress,
  programmeYears,
  type TargetProgress,
  toProgress,
} from './targets.usecases.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

export type GenderKey = 'female' | 'male' | 'other' | 'unknown';
export const GENDER_KEYS: GenderKey[] = ['female', 'male', 'other', 'unknown'];

export interface Breakdown {
  /** One row per district (null: not given), most learners first. */
  districts: { district: string | null; byGender: Record<GenderKey, number>; total: number }[];
  byGender: Record<GenderKey, number>;
  total: number;
}

export interface Programme {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
  legalBasis: string | null;
  startsOn: string;
  endsOn: string;
}

function programmeOf(p: Awaited<ReturnType<typeof findProgrammeOrThrow>>): Programme {
  return {
    id: p.id,
    code: p.code,
    nameVi: p.name_vi,
    nameEn: p.name_en,
    legalBasis: p.legal_basis,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
  };
}

const emptyGenders = (): Record<GenderKey, number> => ({ female: 0, male: 0, other: 0, unknown: 0 });

/** Rows of (district, gender, n) folded into a district × gender table with totals. */
export function foldBreakdown(rows: { district: string | null; gender: string | null; n: number }[]): Breakdown {
  const byDistrict = new Map<string | null, Record<GenderKey, number>>();
  const byGender = emptyGenders();
  for (const row of rows) {
    const g: GenderKey = row.gender === 'female' || row.gender === 'male' || row.gender === 'other' ? row.gender : 'unknown';
    const counts = byDistrict.get(row.district) ?? emptyGenders();
    counts[g] += row.n;
    byGender[g] += row.n;
    byDistrict.set(row.district, counts);
  }
  const sum = (c: Record<GenderKey, number>) => GENDER_KEYS.reduce((a, k) => a + c[k], 0);
  const districts = [...byDistrict.entries()]
    .map(([district, counts]) => ({ district, byGender: counts, total: sum(counts) }))
    // Unknown district last; otherwise most learners first, then by name (Vietnamese order).
    .sort(
      (a, b) =>
        Number(a.district === null) - Number(b.district === null) ||
        b.total - a.total ||
        (a.district ?? '').localeCompare(b.district ?? '', 'vi'),
    );
  return { districts, byGender, total: sum(byGender) };
}

async function targetsOf(db: Kysely<Database>, programmeId: string) {
  return programmes.listProgrammeTargets(db, programmeId);
}

const filterOf = (t: ProgrammeTarget): repo.TargetFilter => ({ eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes });
const periodOf = (p: Programme, eventIds: string[] | null = null): repo.Period => ({
  programmeId: p.id,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  eventIds,
});

/** What the pages say about whose numbers they show: null, the whole programme; else how many events. */
export type Reach = { events: number } | null;
const reachOf = (eventIds: string[] | null): Reach => (eventIds === null ? null : { events: eventIds.length });

/**
 * Everything the dashboard shows: each target's progress, and completed learners of the
 * learner targets by district and gender, added up over those targets (each target's query
 * returns its own breakdown in the same pass, so the page reads each registration once).
 */
export async function programmeDashboard(ctx: Ctx, programmeId: string, eventIds: string[] | null) {
  const progress = await programmeProgress(ctx, programmeId, eventIds);
  const programme = programmeOf(progress.programme);
  return {
    programme,
    reach: reachOf(eventIds),
    years: programmeYears(periodOf(programme)),
    elapsed: elapsedShare(periodOf(programme), ctx.clock.now()),
    targets: progress.targets,
    learners: foldBreakdown(progress.learnerBreakdown),
  };
}
export type Dashboard = Awaited<ReturnType<typeof programmeDashboard>>;

export interface PeopleFilter {
  year?: number | undefined;
  district?: string | undefined;
  gender?: string | undefined;
}

/** Why an event does or does not add to its target's number (the drill-down says so). */
export type Counted = 'counted' | 'not_ended' | 'too_few' | 'none_completed' | 'no_facility';

export interface EventBehind {
  id: string;
  title: string;
  titleEn: string | null;
  kind: string;
  year: number;
  endedAt: Date;
  attendees: number;
  completed: number;
  facilities: number;
  counted: Counted;
}

export function countedStatus(
  t: ProgrammeTarget,
  e: { last_end: Date; attendees: number; completed: number; facilities: number },
  now: Date,
): Counted {
  switch (t.metric) {
    case 'learners_completed':
      return e.completed > 0 ? 'counted' : 'none_completed';
    case 'events_held':
      if (new Date(e.last_end) >= now) return 'not_ended';
      return e.attendees >= t.min_attendees ? 'counted' : 'too_few';
    case 'facilities_participated':
      return e.facilities > 0 ? 'counted' : 'no_facility';
    case 'selection_rounds_held':
      return 'counted';
  }
}

async function targetOrThrow(db: Kysely<Database>, programmeId: string, code: string) {
  const t = await programmes.findTarget(db, programmeId, code);
  if (!t) throw new AppError('target.not_found');
  return t;
}

/** The events behind one target (for a year or the whole period), each saying whether it counts. */
export async function eventsBehindTarget(ctx: Ctx, period: repo.Period, t: ProgrammeTarget, year: number | null): Promise<EventBehind[]> {
  // Selection rounds are not events: their page (/admin/facilities/selection-rounds) lists them.
  if (t.metric === 'selection_rounds_held') return [];
  const now = ctx.clock.now();
  const rows = await repo.eventsBehind(ctx.db, period, filterOf(t), year);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    titleEn: r.title_en,
    kind: r.kind,
    year: r.yr,
    endedAt: new Date(r.last_end),
    attendees: r.attendees,
    completed: r.completed,
    facilities: r.facilities,
    counted: countedStatus(t, r, now),
  }));
}

/** How many people a drill-down page lists at most; the CSV report has them all. */
export const PAGE_PEOPLE_LIMIT = 2000;

/** One target's number and what is behind it: the events and, for learner targets, the people. */
export async function targetDrillDown(ctx: Ctx, programmeId: string, code: string, filter: PeopleFilter, eventIds: string[] | null) {
  const programme = programmeOf(await findProgrammeOrThrow(ctx.db, programmeId));
  const t = await targetOrThrow(ctx.db, programmeId, code);
  const period = periodOf(programme, eventIds);
  const year = filter.year ?? null;
  const learners = t.metric === 'learners_completed';
  const [counts, events, people, breakdown] = await Promise.all([
    countTarget(ctx, period, t),
    eventsBehindTarget(ctx, period, t, year),
    learners ? repo.learnersBehind(ctx.db, period, filterOf(t), { ...filter, limit: PAGE_PEOPLE_LIMIT + 1 }) : Promise.resolve(null),
    learners ? repo.completedBreakdown(ctx.db, period, filterOf(t)) : Promise.resolve(null),
  ]);
  return {
    programme,
    reach: reachOf(eventIds),
    years: programmeYears(period),
    target: toProgress(t, counts, period, elapsedShare(period, ctx.clock.now())),
    minAttendees: t.min_attendees,
    events,
    people: people?.slice(0, PAGE_PEOPLE_LIMIT) ?? null,
    truncated: (people?.length ?? 0) > PAGE_PEOPLE_LIMIT,
    breakdown: breakdown ? foldBreakdown(breakdown) : null,
  };
}
export type TargetDrillDown = Awaited<ReturnType<typeof targetDrillDown>>;

/** Completed learners of every learner target (the dashboard's breakdown numbers lead here). */
export async function learnersDrillDown(ctx: Ctx, programmeId: string, filter: PeopleFilter, eventIds: string[] | null) {
  const programme = programmeOf(await findProgrammeOrThrow(ctx.db, programmeId));
  const filters = (await targetsOf(ctx.db, programmeId)).filter((t) => t.metric === 'learners_completed').map(filterOf);
  const people = await repo.learnersBehind(ctx.db, periodOf(programme, eventIds), filters, { ...filter, limit: PAGE_PEOPLE_LIMIT + 1 });
  return {
    programme,
    reach: reachOf(eventIds),
    years: programmeYears(periodOf(programme)),
    people: people.slice(0, PAGE_PEOPLE_LIMIT),
    truncated: people.length > PAGE_PEOPLE_LIMIT,
  };
}

export type { TargetProgress };

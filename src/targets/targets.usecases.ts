import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, ProgrammeTarget, TargetMetric } from '../db/schema.js';
import { countRoundsHeld } from '../facilities/selection-rounds.usecases.js';
import { filterTakesSurveyed } from '../feedback/feedback.rules.js';
import * as programmes from '../programmes/programmes.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { PROGRAMME_ZONE } from '../shared/time.js';
import * as repo from './targets.repository.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

export interface TargetProgress {
  code: string;
  label: string;
  labelEn: string;
  metric: TargetMetric;
  unit: string;
  goal: number;
  achieved: number;
  /** learners_completed only: the same people counted once. */
  distinctPeople?: number;
  byYear: Record<string, number>;
  /** Share of the goal reached, and the share of the programme's time gone by. */
  progress: number;
  timeElapsed: number;
  pace: 'ahead' | 'on_track' | 'behind';
  filter: repo.TargetFilter & { minAttendees: number };
  /** Targets that count training events: the survey's answers from their events (programmeProgress). */
  feedback?: repo.FeedbackTally;
}

export async function findProgrammeOrThrow(db: Kysely<Database>, id: string) {
  const programme = await programmes.findProgramme(db, id);
  if (!programme) throw new AppError('programme.not_found');
  return programme;
}

function years(period: repo.Period): number[] {
  const from = Number(period.startsOn.slice(0, 4));
  const to = Number(period.endsOn.slice(0, 4));
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** How much of the programme's period has passed, 0 to 1, in Vietnam's calendar. */
export function elapsedShare(period: repo.Period, now: Date): number {
  const start = DateTime.fromISO(period.startsOn, { zone: PROGRAMME_ZONE }).startOf('day');
  const end = DateTime.fromISO(period.endsOn, { zone: PROGRAMME_ZONE }).endOf('day');
  const t = DateTime.fromJSDate(now, { zone: PROGRAMME_ZONE });
  return Math.min(1, Math.max(0, t.diff(start).as('milliseconds') / end.diff(start).as('milliseconds')));
}

function filterOf(t: ProgrammeTarget) {
  return { eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes, minAttendees: t.min_attendees };
}

export async function countTarget(ctx: Ctx, period: repo.Period, t: ProgrammeTarget): Promise<repo.YearCount[]> {
  return (await tallyTarget(ctx, period, t)).years;
}

/** A target's counts by year and, for learner targets, its completed learners by district and gender. */
export async function tallyTarget(
  ctx: Ctx,
  period: repo.Period,
  t: ProgrammeTarget,
): Promise<{ years: repo.YearCount[]; breakdown: repo.BreakdownRow[] }> {
  const filter = filterOf(t);
  switch (t.metric) {
    case 'learners_completed':
      return repo.learnersTally(ctx.db, period, filter);
    case 'events_held':
      return { years: await repo.eventsHeld(ctx.db, period, filter, t.min_attendees, ctx.clock.now()), breakdown: [] };
    case 'facilities_participated':
      return { years: await repo.facilitiesParticipated(ctx.db, period, filter), breakdown: [] };
    case 'selection_rounds_held':
      // Product selection rounds are not events: counted by their own feature, levels in fair_scopes.
      return { years: await countRoundsHeld(ctx.db, t.programme_id, period, t.fair_scopes), breakdown: [] };
  }
}

/** One target's counts as progress: total, by year, share of the goal and pace against time. */
export function toProgress(t: ProgrammeTarget, rows: repo.YearCount[], period: repo.Period, elapsed: number): TargetProgress {
  const total = rows.find((r) => r.yr === null);
  const byYear = Object.fromEntries(years(period).map((y) => [String(y), rows.find((r) => r.yr === y)?.n ?? 0]));
  const achieved = total?.n ?? 0;
  const progress = achieved / t.goal;
  // Within five points of the straight line from start to goal is on track.
  const pace = progress >= elapsed + 0.05 ? 'ahead' : progress <= elapsed - 0.05 ? 'behind' : 'on_track';
  return {
    code: t.code,
    label: t.label_vi,
    labelEn: t.label_en,
    metric: t.metric,
    unit: t.unit,
    goal: t.goal,
    achieved,
    ...(t.metric === 'learners_completed' && { distinctPeople: total?.people ?? 0 }),
    byYear,
    progress,
    timeElapsed: elapsed,
    pace,
    filter: filterOf(t),
  };
}

/** A target whose events include training, where people are asked for feedback (selection rounds are not events). */
function surveysTarget(t: ProgrammeTarget): boolean {
  return t.metric !== 'selection_rounds_held' && filterTakesSurveyed(t.event_kinds);
}

export function programmeYears(period: repo.Period): number[] {
  return years(period);
}

/**
 * Every target of a programme, counted from check-ins, by year of the session date (over the
 * events in `eventIds` only, when the reader is limited to some); and the
 * completed learners of all learner targets by district and gender (rows to add up: an
 * enrolment counted by two learner targets is in both, as in the targets' own numbers).
 */
export async function programmeProgress(ctx: Ctx, programmeId: string, eventIds: string[] | null) {
  const programme = await findProgrammeOrThrow(ctx.db, programmeId);
  const period = { programmeId: programme.id, startsOn: programme.starts_on, endsOn: programme.ends_on, eventIds };
  const targets = await programmes.listProgrammeTargets(ctx.db, programmeId);
  const elapsed = elapsedShare(period, ctx.clock.now());
  const counted = await Promise.all(
    targets.map(async (t) => ({
      t,
      tally: await tallyTarget(ctx, period, t),
      feedback: surveysTarget(t) ? await repo.feedbackTally(ctx.db, period, filterOf(t)) : null,
    })),
  );
  return {
    programme,
    targets: counted.map(
      ({ t, tally, feedback }): TargetProgress => ({ ...toProgress(t, tally.years, period, elapsed), ...(feedback && { feedback }) }),
    ),
    learnerBreakdown: counted.flatMap(({ tally }) => tally.breakdown),
  };
}

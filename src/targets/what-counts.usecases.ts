import type { Kysely } from 'kysely';
import type { Database, ProgrammeTarget } from '../db/schema.js';
import * as programmes from '../programmes/programmes.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { type Counted, countedStatus } from './dashboard.usecases.js';
import * as repo from './targets.repository.js';
import { findProgrammeOrThrow } from './targets.usecases.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

/** Why an event does not count toward a target; an event that counts has none. */
export type NotCounted =
  | 'other_programme'
  | 'no_programme'
  | 'draft'
  | 'cancelled'
  | 'wrong_kind'
  | 'wrong_topic'
  | 'wrong_scope'
  | 'no_sessions'
  | 'outside_period'
  | Exclude<Counted, 'counted'>;

export interface EventVerdict {
  id: string;
  title: string;
  titleEn: string | null;
  kind: string;
  topic: string | null;
  scope: string | null;
  /** The other programme's code, for `other_programme`. */
  programmeCode: string | null;
  endedAt: Date | null;
  attendees: number;
  completed: number;
  facilities: number;
  reasons: NotCounted[];
}

/**
 * Every reason an event fails the target's rule. The rule's own parts (programme, status, filter,
 * period) come first; the metric's test (held, enough people, someone completed) is asked only
 * of an event that passes them, with the drill-down's own function, so the two never disagree.
 */
function reasonsOf(t: ProgrammeTarget, programmeId: string, e: repo.EventExamined, now: Date): NotCounted[] {
  const reasons: NotCounted[] = [];
  if (e.programme_id === null) reasons.push('no_programme');
  else if (e.programme_id !== programmeId) reasons.push('other_programme');
  if (e.status === 'draft') reasons.push('draft');
  if (e.status === 'cancelled') reasons.push('cancelled');
  if (!e.kind_ok) reasons.push('wrong_kind');
  if (!e.topic_ok) reasons.push('wrong_topic');
  if (!e.scope_ok) reasons.push('wrong_scope');
  if (e.last_end === null) reasons.push('no_sessions');
  else if (!e.in_period) reasons.push('outside_period');
  if (reasons.length > 0 || e.last_end === null) return reasons;
  const status = countedStatus(t, { ...e, last_end: e.last_end }, now);
  return status === 'counted' ? [] : [status];
}

/**
 * "What counts and why" for one target: the events that count toward it, and for the
 * programme's other events (and other programmes' events that match its filter) why each does
 * not. A reader limited to some events sees those only.
 */
export async function whatCounts(ctx: Ctx, programmeId: string, code: string, eventIds: string[] | null) {
  const programme = await findProgrammeOrThrow(ctx.db, programmeId);
  const target = await programmes.findTarget(ctx.db, programmeId, code);
  if (!target) throw new AppError('target.not_found');
  const period: repo.Period = { programmeId, startsOn: programme.starts_on, endsOn: programme.ends_on, eventIds };
  const filter = { eventKinds: target.event_kinds, topics: target.topics, fairScopes: target.fair_scopes };
  const now = ctx.clock.now();
  const rows = await repo.eventsExamined(ctx.db, period, filter);
  const verdicts: EventVerdict[] = rows.map((e) => ({
    id: e.id,
    title: e.title,
    titleEn: e.title_en,
    kind: e.kind,
    topic: e.topic,
    scope: e.scope,
    programmeCode: e.programme_id === programmeId ? null : e.programme_code,
    endedAt: e.last_end === null ? null : new Date(e.last_end),
    attendees: e.attendees,
    completed: e.completed,
    facilities: e.facilities,
    reasons: reasonsOf(target, programmeId, e, now),
  }));
  return {
    programme: {
      id: programme.id,
      code: programme.code,
      nameVi: programme.name_vi,
      nameEn: programme.name_en,
      startsOn: programme.starts_on,
      endsOn: programme.ends_on,
    },
    target: {
      code: target.code,
      labelVi: target.label_vi,
      labelEn: target.label_en,
      metric: target.metric,
      goal: target.goal,
      unit: target.unit,
      eventKinds: target.event_kinds,
      topics: target.topics,
      fairScopes: target.fair_scopes,
      minAttendees: target.min_attendees,
    },
    limited: eventIds !== null,
    counted: verdicts.filter((v) => v.reasons.length === 0),
    // Near misses first (one reason: too few people, wrong topic…), then the rest, newest first.
    notCounted: verdicts.filter((v) => v.reasons.length > 0).sort((a, b) => a.reasons.length - b.reasons.length),
  };
}
export type WhatCounts = Awaited<ReturnType<typeof whatCounts>>;

import { type RawBuilder, sql } from 'kysely';

/**
 * The completion rule of a course (SPEC: a learner completes with at least the event's
 * completion share of its sessions attended), in its one TypeScript form and its one SQL form.
 * Both say: an event with sessions, and present sessions ≥ share × sessions, which for whole
 * numbers is present ≥ ceil(share × sessions), and at least one session. Excused marks are
 * not attendance; whether the registration is confirmed is the caller's to add.
 * test/completion.test.ts holds the two to the same verdicts.
 */

/**
 * The sessions a learner must attend. The share is stored to three decimals (numeric(4,3)),
 * so it is counted in thousandths: 0.7 × 10 is 7 sessions, not the 7.000000000000001 of
 * floating point.
 */
export function sessionsNeeded(totalSessions: number, completionShare: number): number {
  const thousandths = Math.round(completionShare * 1000);
  return Math.max(1, Math.ceil((thousandths * totalSessions) / 1000));
}

export function hasCompleted(attendedSessions: number, totalSessions: number, completionShare: number): boolean {
  return totalSessions > 0 && attendedSessions >= sessionsNeeded(totalSessions, completionShare);
}

/** `sessionsNeeded` in SQL, over a share column (numeric, so exact) and a session count. */
export function sessionsNeededSql(totalSessions: RawBuilder<unknown>, completionShare: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`greatest(1, ceil(${completionShare} * ${totalSessions}))::int`;
}

/** `hasCompleted` in SQL. */
export function hasCompletedSql(
  attendedSessions: RawBuilder<unknown>,
  totalSessions: RawBuilder<unknown>,
  completionShare: RawBuilder<unknown>,
): RawBuilder<boolean> {
  return sql<boolean>`(${totalSessions} > 0 and ${attendedSessions} >= ${sessionsNeededSql(totalSessions, completionShare)})`;
}

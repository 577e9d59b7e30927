import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCompleted, hasCompletedSql, sessionsNeeded } from '../src/checkins/completion.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';

describe('the completion rule', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
  });
  afterAll(() => testDb.dispose());

  it('the TypeScript function and the SQL fragment give the same verdict over a grid of cases', async () => {
    const shares = ['0.5', '0.8', '1', '0.7', '0.333', '0.001', '0.999'];
    const cases: { attended: number; total: number; share: string }[] = [];
    for (const share of shares) {
      for (const total of [0, 1, 3, 5, 10]) {
        for (let attended = 0; attended <= total; attended++) cases.push({ attended, total, share });
      }
    }
    const { rows } = await sql<{ i: number; completed: boolean }>`
      select g.i, ${hasCompletedSql(sql`g.attended`, sql`g.total`, sql`g.share`)} as completed
      from unnest(${cases.map((_, i) => i)}::int[], ${cases.map((c) => c.attended)}::int[], ${cases.map((c) => c.total)}::int[],
                  ${cases.map((c) => c.share)}::numeric(4,3)[]) as g(i, attended, total, share)
      order by g.i`.execute(testDb.handle.db);
    expect(rows).toHaveLength(cases.length);
    const disagreements = cases.filter((c, i) => hasCompleted(c.attended, c.total, Number(c.share)) !== rows[i]!.completed);
    expect(disagreements).toEqual([]);
  });

  it('attended 0..5 of 5 sessions at shares 0.5, 0.8 and 1', async () => {
    const verdicts = (share: number) => [0, 1, 2, 3, 4, 5].map((attended) => hasCompleted(attended, 5, share));
    expect(verdicts(0.5)).toEqual([false, false, false, true, true, true]);
    expect(verdicts(0.8)).toEqual([false, false, false, false, true, true]);
    expect(verdicts(1)).toEqual([false, false, false, false, false, true]);
    // Whole sessions counted exactly, never a float's 7.000000000000001; an event without sessions completes nobody.
    expect(sessionsNeeded(10, 0.7)).toBe(7);
    expect(hasCompleted(0, 0, 0.8)).toBe(false);
  });
});

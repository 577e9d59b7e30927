import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, makeUser } from './support/app.js';
import { openTestDatabase } from './support/db.js';

/**
 * Forty wrong passwords for one account sent at the same moment, half to each of two app
 * instances, on real PostgreSQL (PGlite serialises everything and could not show a race). The
 * password hash is at the real cost, so every check that is let through holds its request for
 * a good part of a second: the window the old code left open between counting the failures and
 * writing them. The control runs the same attempts with the attempts counted after the check
 * and without a lock (UNSAFE_RACY_LOGINS): far more than ten get a password check, which shows
 * the test can see the race.
 */
const ATTEMPTS = 40;

async function stampede(racy: boolean) {
  const testDb = await openTestDatabase('postgres', { max: 20 });
  const db = testDb.handle.db;
  await makeUser(db, 'organiser');
  const config: Record<string, string> = racy ? { UNSAFE_RACY_LOGINS: '1' } : {};
  const apps = [buildTestApp(db, { client: '198.51.100.40', config }), buildTestApp(db, { client: '198.51.100.40', config })];
  const answers = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      apps[i % 2]!.call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: `đoán-sai-${i}` } }),
    ),
  );
  const statuses = answers.map((a) => a.status);
  const pair = await db.selectFrom('login_throttle').select('attempts').where('scope', '=', 'pair').executeTakeFirst();
  return { testDb, statuses, pairAttempts: pair?.attempts };
}

describe('login throttling under concurrency [postgres, two app instances]', { timeout: 180_000 }, () => {
  let run: Awaited<ReturnType<typeof stampede>>;
  beforeAll(async () => {
    run = await stampede(false);
  });
  afterAll(async () => run?.testDb.dispose());

  it('40 wrong passwords at once: exactly 10 are checked (401), the other 30 are refused before any check (429)', () => {
    expect(run.statuses.filter((s) => s >= 500)).toEqual([]);
    expect(run.statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(run.statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(run.pairAttempts).toBe(10);
  });
});

describe('control: the same attempts counted after the check, without a lock [postgres]', { timeout: 180_000 }, () => {
  let run: Awaited<ReturnType<typeof stampede>>;
  beforeAll(async () => {
    run = await stampede(true);
  });
  afterAll(async () => run?.testDb.dispose());

  it('lets more than 10 wrong passwords be checked, so the test above would catch a broken claim', () => {
    expect(run.statuses.filter((s) => s >= 500)).toEqual([]);
    expect(run.statuses.filter((s) => s === 401).length).toBeGreaterThan(10);
  });
});

import postgres from 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const HOW_TO_START_POSTGRES =
  'PostgreSQL is needed for these tests and did not answer at ' +
  TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//') +
  '. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
  '(or point TEST_DATABASE_URL at another server).';

/** Fails loudly, with the way to fix it, when PostgreSQL is not there. Never skips. */
export async function assertPostgresReachable(): Promise<void> {
  const sql = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (err) {
    throw new Error(`${HOW_TO_START_POSTGRES} (${(err as Error).message})`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

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

/**
 * A database of its own on the test server, for a process that cannot take a schema on its
 * search path (a Worker through Hyperdrive): made empty, dropped with everything in it.
 * `url` carries a password because Miniflare refuses a Hyperdrive URL without one (trust
 * authentication ignores it).
 */
export async function createThrowawayDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const { randomBytes } = await import('node:crypto');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const maintenance = new URL(TEST_DATABASE_URL);
  maintenance.pathname = '/postgres';
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (err) {
    await admin.end({ timeout: 1 });
    throw new Error(`${HOW_TO_START_POSTGRES} (${(err as Error).message})`);
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  if (!url.password) url.password = 'unused';
  return {
    name,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

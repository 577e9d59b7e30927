import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/engines.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { type Engine, enginesFromEnv } from './engines.js';
import { TEST_DATABASE_URL } from './postgres.js';

export type { Engine };

export const ENGINES = enginesFromEnv();

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Drops what the test made (the PostgreSQL schema); PGlite just closes. */
  dispose(): Promise<void>;
}

/**
 * The quick loop runs the files of one worker in one module graph (`isolate: false`) and lets them
 * share one PGlite, emptied for each file: loading the template is some 2 s of CPU a file. The
 * full suite gives every file its own.
 */
let sharedPglite: Promise<DatabaseHandle> | undefined;

async function openPgliteFromTemplate(): Promise<DatabaseHandle> {
  return openPglite(undefined, new Blob([readFileSync(inject('pgliteTemplate'))]));
}

/** A fresh migrated database: PGlite in memory from the template, or a schema of its own on PostgreSQL. */
export async function openTestDatabase(engine: Engine, options: { max?: number } = {}): Promise<TestDatabase> {
  if (engine === 'pglite' && inject('sharePglite')) {
    sharedPglite ??= openPgliteFromTemplate();
    const handle = await sharedPglite;
    // The template's tables are empty: emptying them gives the next file what a fresh copy would.
    await truncateAll(handle.db);
    return { handle, dispose: () => truncateAll(handle.db) };
  }
  if (engine === 'pglite') {
    const handle = await openPgliteFromTemplate();
    return { handle, dispose: () => handle.close() };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgres({ url: TEST_DATABASE_URL, max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const handle = await openPostgres({ url: TEST_DATABASE_URL, searchPath: schema, max: options.max ?? 10 });
  await migrateToLatest(handle.db, schema);
  return {
    handle,
    async dispose() {
      await handle.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

/**
 * Empties every table the app owns, so each test starts from nothing, as from a fresh copy:
 * identities start again at 1. Only the tables that hold rows are truncated (a truncate makes
 * new files for each table, some 2 ms a table on PGlite, and most tests touch a few of some 50),
 * and every sequence that has been used is restarted, whether or not its table holds rows now.
 */
export async function truncateAll(db: Kysely<Database>): Promise<void> {
  await sql`do $$
    declare
      t text;
      held boolean;
      nonempty text[] := '{}';
      s record;
    begin
      for t in select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%' loop
        execute format('select exists (select 1 from %I)', t) into held;
        if held then nonempty := nonempty || quote_ident(t); end if;
      end loop;
      if cardinality(nonempty) > 0 then
        execute 'truncate table ' || array_to_string(nonempty, ', ') || ' restart identity cascade';
      end if;
      for s in select sequencename from pg_sequences where schemaname = current_schema() and last_value is not null loop
        execute format('alter sequence %I restart', s.sequencename);
      end loop;
    end $$`.execute(db);
}

/**
 * Runs the suite once on PGlite and once on PostgreSQL. Each test starts with empty tables.
 * `db()` is the database of the engine running now.
 */
export function describeEachEngine(name: string, suite: (ctx: { db: () => Kysely<Database>; engine: Engine }) => void) {
  describe.each(ENGINES)(`${name} [%s]`, (engine) => {
    let testDb: TestDatabase | undefined;
    beforeAll(async () => {
      testDb = await openTestDatabase(engine);
    });
    afterAll(async () => {
      await testDb?.dispose();
    });
    beforeEach(async () => {
      await truncateAll(testDb!.handle.db);
    });
    suite({ db: () => testDb!.handle.db, engine });
  });
}

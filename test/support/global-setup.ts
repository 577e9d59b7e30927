import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/db/engines.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { enginesFromEnv } from './engines.js';
import { assertPostgresReachable } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Runs once per test run: checks PostgreSQL is up when the run uses it (every database test runs
 * on it too, unless `TEST_ENGINES` leaves it out) and
 * builds one migrated PGlite database whose dump each test file loads, instead of running
 * initdb and the migrations in every file.
 */
export default async function setup(project: TestProject) {
  if (enginesFromEnv().includes('postgres')) await assertPostgresReachable();
  const dir = mkdtempSync(join(tmpdir(), 'kc-pglite-template-'));
  const handle = await openPglite();
  await migrateToLatest(handle.db);
  if (!handle.dump) throw new Error('PGlite handle cannot dump');
  const dump = await handle.dump();
  await handle.close();
  const file = join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

import type { TestProject } from 'vitest/node';
import { ensureTemplate } from '../../src/node/pglite-template.js';
import { enginesFromEnv } from './engines.js';
import { assertPostgresReachable } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Files of one worker share a PGlite (the quick loop, whose files share a module graph). */
    sharePglite: boolean;
  }
}

/**
 * Runs once per test run: checks PostgreSQL is up when the run uses it (every database test runs
 * on it too, unless `TEST_ENGINES` leaves it out) and
 * finds (or makes) the migrated PGlite template whose dump each test file loads, instead of
 * running initdb and the migrations in every file. It is the template a new data folder starts
 * from (src/node/pglite-template.ts), made by `npm ci` and kept until the migrations change.
 */
export default async function setup(project: TestProject) {
  if (enginesFromEnv().includes('postgres')) await assertPostgresReachable();
  const { dump } = await ensureTemplate();
  project.provide('pgliteTemplate', dump);
  project.provide('sharePglite', project.config.isolate === false);
}

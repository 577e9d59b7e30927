import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../db/migrations/index.js';
import { openPglite } from '../src/db/engines.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { openAndPrepare } from '../src/node/boot.js';
import { ensureTemplate, startFromTemplate } from '../src/node/pglite-template.js';
import { silentLogger } from '../src/shared/logger.js';
import { testConfig } from './support/app.js';

const root = mkdtempSync(join(tmpdir(), 'kc-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What a migrated database is made of: its migrations, and every column and index of its tables. */
async function shape(db: Kysely<Database>) {
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, column_name`.execute(db);
  const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = 'public' order by indexdef`.execute(
    db,
  );
  const constraints = await sql<{ conname: string; def: string }>`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = 'public'::regnamespace order by conname`.execute(db);
  return { migrations: applied.rows.map((r) => r.name), columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

// One initdb of its own (the control), slow on a busy machine.
describe('a new PGlite data folder from the migrated template', { timeout: 180_000 }, () => {
  it('has the full migrated schema, the same as a folder started by initdb and migrated', async () => {
    await ensureTemplate();
    const dataDir = join(root, 'from-template');
    const fromTemplate = await openAndPrepare(testConfig({ DATA_DIR: dataDir }), silentLogger);
    const viaTemplate = await shape(fromTemplate.db);
    // Nothing left to run: the copy was already at the latest migration.
    expect(await migrateToLatest(fromTemplate.db)).toEqual([]);
    await fromTemplate.close();

    const byInitdb = await openPglite(join(root, 'by-initdb'));
    await migrateToLatest(byInitdb.db);
    const viaInitdb = await shape(byInitdb.db);
    await byInitdb.close();

    expect(viaTemplate.migrations).toEqual(Object.keys(migrations).sort());
    expect(viaTemplate.migrations).toEqual(viaInitdb.migrations);
    expect(viaTemplate.columns.length).toBeGreaterThan(50);
    expect(viaTemplate).toEqual(viaInitdb);

    // A restart finds the folder's own database and copies nothing over it.
    expect(startFromTemplate(join(dataDir, 'pgdata'))).toEqual({ from: 'existing' });
  });

  it('copies only into a missing or empty folder; a half-made one is left to PGlite', async () => {
    await ensureTemplate();
    const empty = join(root, 'empty', 'pgdata');
    mkdirSync(empty, { recursive: true });
    expect(startFromTemplate(empty)).toMatchObject({ from: 'template' });
    const half = join(root, 'half', 'pgdata');
    mkdirSync(half, { recursive: true });
    writeFileSync(join(half, 'postgresql.conf'), '');
    expect(startFromTemplate(half)).toEqual({ from: 'initdb' });
  });
});

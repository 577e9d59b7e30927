import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../db/engines.js';
import { migrateToLatest } from '../db/migrate.js';

/**
 * An empty, migrated PGlite database, made once (`npm ci`'s postinstall, `npm run db:template`,
 * or a test run) so that a new data folder is a copy of it instead of initdb plus every
 * migration: initdb in WASM is most of a first start. Two forms of the same database: a folder,
 * which the server copies into a new DATA_DIR (a file copy, faster than unpacking a dump through
 * PGlite), and a dump, which each test file loads into memory. Both are named by a hash of
 * db/migrations/ and PGlite's version, so a new migration or another PGlite makes them stale, and a
 * stale one is simply not found (the server then runs initdb as before). Node only; the Workers
 * build never loads this module.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'khuyen-cong');
const PREFIX = 'pglite-template-';

/** What the template depends on: every migration file's name and text, and PGlite's version. */
export function templateKey(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`pglite ${pglite.version}\n`);
  const migrations = join(ROOT, 'db', 'migrations');
  for (const name of readdirSync(migrations).sort()) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(join(migrations, name)));
  }
  return hash.digest('hex').slice(0, 20);
}

/** Where the template for the current migrations lives, whether or not it has been made. */
export function templatePaths(key = templateKey()): { folder: string; dump: string } {
  return { folder: join(CACHE_DIR, `${PREFIX}${key}`), dump: join(CACHE_DIR, `${PREFIX}${key}.tar.gz`) };
}

/**
 * Makes the template for the current migrations unless it exists, and removes stale ones. Each
 * form is made under a name of its own and renamed into place, so a reader never sees half of it.
 */
export async function ensureTemplate(): Promise<{ folder: string; dump: string; made: boolean }> {
  const key = templateKey();
  const paths = templatePaths(key);
  if (existsSync(paths.folder) && existsSync(paths.dump)) return { ...paths, made: false };
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${paths.folder}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const handle = await openPglite(partial);
  let dump: Blob;
  try {
    await migrateToLatest(handle.db);
    if (!handle.dump) throw new Error('PGlite handle cannot dump');
    dump = await handle.dump();
  } finally {
    await handle.close();
  }
  writeFileSync(`${partial}.tar.gz`, Buffer.from(await dump.arrayBuffer()));
  rmSync(paths.folder, { recursive: true, force: true });
  renameSync(partial, paths.folder);
  renameSync(`${partial}.tar.gz`, paths.dump);
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith(PREFIX) && !name.startsWith(`${PREFIX}${key}`)) rmSync(join(CACHE_DIR, name), { recursive: true, force: true });
  }
  return { ...paths, made: true };
}

export type NewFolder = { from: 'template'; ms: number } | { from: 'initdb' } | { from: 'existing' };

/**
 * Before PGlite opens `pgdata` (under the DATA_DIR lock): when it holds no database yet, copies
 * the template there, if one was made for the current migrations. A half-made folder (an initdb
 * cut short) is left to PGlite, as before.
 */
export function startFromTemplate(pgdata: string): NewFolder {
  if (existsSync(join(pgdata, 'PG_VERSION'))) return { from: 'existing' };
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0) return { from: 'initdb' };
  const { folder } = templatePaths();
  if (!existsSync(join(folder, 'PG_VERSION'))) return { from: 'initdb' };
  const started = performance.now();
  const partial = `${pgdata}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(folder, partial, { recursive: true });
  if (existsSync(pgdata)) rmdirSync(pgdata);
  renameSync(partial, pgdata);
  return { from: 'template', ms: Math.round(performance.now() - started) };
}

import { join } from 'node:path';
import { seedProgrammes } from '../../db/seed/programmes.js';
import { type Config, parseConfig } from '../config.js';
import { type DatabaseHandle, openDatabase, PGLITE_SUBDIR } from '../db/engines.js';
import { migrateToLatest } from '../db/migrate.js';
import { readWalSettings, walAdvice } from '../db/wal-settings.js';
import { loadProgrammes } from '../programmes/programmes.usecases.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { postgresDriverPatched } from './driver-patch.js';
import { acquirePgliteLock } from './pglite-lock.js';
import { startFromTemplate } from './pglite-template.js';
import { resolveSecrets } from './secrets.js';

export class BootError extends Error {}

export function loadConfigOrExit(env: NodeJS.ProcessEnv): Config {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    process.exit(1);
  }
  return resolveSecrets(parsed.config);
}

/**
 * Opens the database the configuration names, applies migrations and loads the programme
 * seed. Every failure says which variable to look at; none prints a secret.
 */
export async function openAndPrepare(config: Config, log: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  let release = () => {};
  if (config.DATABASE_URL && !postgresDriverPatched()) {
    throw new BootError(
      'DATABASE_URL: trình điều khiển postgres chưa được vá, cài lại bằng `npm ci` (không dùng --ignore-scripts) / the postgres driver is not patched: reinstall with `npm ci` (not --ignore-scripts) or run `npx patch-package --patch-dir db/patches`',
    );
  }
  if (!config.DATABASE_URL) {
    const lock = acquirePgliteLock(config.DATA_DIR);
    if ('heldBy' in lock) {
      throw new BootError(
        `DATA_DIR: ${config.DATA_DIR} đang được tiến trình ${lock.heldBy} sử dụng / is in use by process ${lock.heldBy} (stop the server first, or set DATABASE_URL)`,
      );
    }
    release = lock.release;
  }
  try {
    if (!config.DATABASE_URL) {
      const folder = startFromTemplate(join(config.DATA_DIR, PGLITE_SUBDIR));
      if (folder.from === 'template') log.info('new PGlite database copied from the migrated template', { ms: folder.ms });
      if (folder.from === 'initdb') log.info('new PGlite database: no template for these migrations (npm run db:template), running initdb');
    }
    handle = await openDatabase(config);
    await migrateToLatest(handle.db).catch(async (err) => {
      await handle.close().catch(() => {});
      throw err;
    });
  } catch (err) {
    release();
    if (err instanceof BootError) throw err;
    const reason = (err as { code?: string; message?: string }).code ?? (err as Error).message;
    if (config.DATABASE_URL) {
      throw new BootError(`DATABASE_URL: không kết nối được cơ sở dữ liệu / cannot use the database (${reason})`);
    }
    throw new BootError(`DATA_DIR: không mở được cơ sở dữ liệu trong / cannot open the database in ${config.DATA_DIR} (${reason})`);
  }
  const seeded = await loadProgrammes(handle.db, seedProgrammes);
  if (seeded.programmes || seeded.targets) log.info('programme seed loaded', seeded);
  if (handle.engine === 'postgres') {
    // Advice only: a server it cannot read the settings of still starts.
    const advice = await readWalSettings(handle.db).then(walAdvice, () => null);
    if (advice) log.warn(advice);
  }
  const close = handle.close.bind(handle);
  handle.close = async () => {
    await close();
    release();
  };
  return handle;
}

export function nodeLogger(config: Config): Logger {
  return createLogger(config.LOG_LEVEL);
}

import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PgliteLock {
  release(): void;
}

const LOCK = 'pglite.lock';
/** The owner's entry in the lock folder: its pid, and random bits no other owner will have. */
const OWNER = /^(\d+)\.[0-9a-f]{16}$/;
const STAGING = /^pglite\.lock\.(\d+)\.[0-9a-f]{16}\.tmp$/;

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt
 * it. The lock is a folder, `DATA_DIR/pglite.lock/`, holding one empty file named
 * `<pid>.<random>` for its owner. Each step that decides who holds it is one atomic call, so
 * two processes starting at the same moment cannot both take it:
 * - taking it: a folder made aside with our entry in it is renamed to `pglite.lock`, which
 *   fails while a lock folder with an owner is there;
 * - taking over from a dead owner: its entry is removed by its full name (a new owner's entry
 *   has another name, so a late taker cannot remove that), then the folder, which rmdir removes
 *   only when empty, then taking it as above. Of many takers, one rename wins.
 * An entry with our own pid is stale: a process asks once, so it was left by an earlier process
 * that had the same pid (a container's server is often pid 1 on every start).
 *
 * `unsafeReadCheckWrite` is for the race test's control only: it looks, then writes, as the
 * first version did, which two processes at the same moment both pass.
 */
export function acquirePgliteLock(dataDir: string, options: { unsafeReadCheckWrite?: boolean } = {}): PgliteLock | { heldBy: number } {
  mkdirSync(dataDir, { recursive: true });
  const lockDir = join(dataDir, LOCK);
  const me = `${process.pid}.${randomBytes(8).toString('hex')}`;
  const lock = { release: () => release(lockDir, me) };
  sweepStaging(dataDir);
  if (options.unsafeReadCheckWrite) {
    const holder = liveHolderOrClear(lockDir);
    if (holder !== null) return { heldBy: holder };
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(join(lockDir, me), '');
    return lock;
  }
  // Each round either ends or saw another process change the lock; a few rounds are plenty.
  for (let round = 0; round < 50; round++) {
    const holder = liveHolderOrClear(lockDir);
    if (holder !== null) return { heldBy: holder };
    if (take(dataDir, lockDir, me)) return lock;
  }
  throw new Error(`${lockDir}: the lock kept changing hands; try again`);
}

/** The pid of a live owner; otherwise null, once a dead owner's entry and its empty folder are gone. */
function liveHolderOrClear(lockDir: string): number | null {
  let entries: string[];
  try {
    if (!lstatSync(lockDir).isDirectory()) return legacyHolderOrClear(lockDir);
    entries = readdirSync(lockDir);
  } catch (err) {
    if (isCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return null;
    throw err;
  }
  for (const name of entries) {
    const pid = Number(OWNER.exec(name)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) return pid;
  }
  for (const name of entries) ignoring(['ENOENT'], () => unlinkSync(join(lockDir, name)));
  ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST'], () => rmdirSync(lockDir));
  return null;
}

/**
 * The plain file with a pid the first version wrote. Unlinking it cannot remove a lock folder
 * that took its place meanwhile: unlink refuses folders.
 */
function legacyHolderOrClear(file: string): number | null {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (pid && pid !== process.pid && isAlive(pid)) return pid;
  ignoring(['ENOENT', 'EISDIR', 'EPERM'], () => unlinkSync(file));
  return null;
}

/** Renames a folder holding our entry to the lock's name: true if it is now ours. */
function take(dataDir: string, lockDir: string, me: string): boolean {
  const staging = join(dataDir, `${LOCK}.${me}.tmp`);
  mkdirSync(staging);
  writeFileSync(join(staging, me), '');
  try {
    renameSync(staging, lockDir);
    return true;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another owner's folder is there (or, on Windows, any folder): look again.
    if (isCode(err, 'ENOTEMPTY', 'EEXIST', 'EPERM', 'ENOTDIR', 'EISDIR')) return false;
    throw err;
  }
}

function release(lockDir: string, me: string): void {
  ignoring(['ENOENT'], () => unlinkSync(join(lockDir, me)));
  // Someone may have taken it in between: rmdir leaves a folder with an owner alone.
  ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST'], () => rmdirSync(lockDir));
}

/** Folders made aside by processes that died before renaming them. */
function sweepStaging(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    const pid = Number(STAGING.exec(name)?.[1]);
    if (pid && (pid === process.pid || !isAlive(pid))) rmSync(join(dataDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isCode(err, 'EPERM');
  }
}

function isCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

function ignoring(codes: string[], action: () => void): void {
  try {
    action();
  } catch (err) {
    if (!isCode(err, ...codes)) throw err;
  }
}

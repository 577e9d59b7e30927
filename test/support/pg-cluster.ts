import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';

const BIN_ROOT = '/usr/lib/postgresql';

export const HOW_TO_GET_POSTGRES_BINARIES =
  `The fault tests start a PostgreSQL cluster of their own and found no initdb under ${BIN_ROOT}/*/bin ` +
  '(set PG_BIN to the folder holding initdb and pg_ctl, or install them: apt-get update && apt-get install -y postgresql).';

/** The newest installed PostgreSQL's bin folder, or PG_BIN. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = existsSync(BIN_ROOT)
    ? readdirSync(BIN_ROOT)
        .filter((v) => existsSync(join(BIN_ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(HOW_TO_GET_POSTGRES_BINARIES);
  return join(BIN_ROOT, versions[0]!, 'bin');
}

export interface ThrowawayCluster {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every backend is told to stop, then the server comes back. */
  restart(): Promise<void>;
  /** Stops the server at once and removes its folder. Safe to call twice. */
  destroy(): void;
  log(): string;
}

/**
 * A PostgreSQL cluster of its own in a temp folder, on a free port, for tests that must stop
 * or restart the database (the shared server at 5432 is never touched). PostgreSQL refuses
 * to run as root, so as root every command runs as the `postgres` user.
 */
export function startThrowawayCluster(): Promise<ThrowawayCluster> {
  return startIn(mkdtempSync(join(tmpdir(), 'kc-pgcluster-')));
}

async function startIn(root: string): Promise<ThrowawayCluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const data = join(root, 'data');
  const logFile = join(root, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(root, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const out = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
    if (out.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${out.status}):\n${out.stdout}${out.stderr}`);
  };

  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', destroy);
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  // A test that throws, or a worker that exits early, must not leave a server behind.
  process.on('exit', destroy);

  try {
    const port = await freePort();
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const options = [`-p ${port}`, `-k ${root}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=40', '-c shared_buffers=32MB'];
    run('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', options.join(' ')]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      async restart() {
        // Run asynchronously so the test's clients keep going while the server is away.
        await new Promise<void>((resolve, reject) => {
          // -l: the new server writes to the log file, not to pg_ctl's output (which would stay open).
          const args = ['restart', '-D', data, '-l', logFile, '-m', 'fast', '-w', '-t', '60'];
          const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args]] : [join(bin, 'pg_ctl'), args];
          execFile(cmd, argv as string[], (err, stdout, stderr) =>
            err ? reject(new Error(`pg_ctl restart failed: ${stdout}${stderr}`)) : resolve(),
          );
        });
      },
      destroy,
      log: () => (existsSync(logFile) ? execFileSync('tail', ['-n', '40', logFile]).toString() : ''),
    };
  } catch (err) {
    destroy();
    throw err;
  }
}

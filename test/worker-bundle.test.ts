import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { ROOT } from './support/processes.js';

// A Worker's script is limited by its compressed size (3 MB on the Free plan, 10 MB on Paid)
// and a larger one starts slower on every cold isolate; this keeps ours well inside both.
const LIMIT_BYTES = 1024 * 1024;

it('`npm run build:worker` writes the deployable bundle, under 1 MiB gzipped, without the Node-only mail code', () => {
  const build = spawnSync('npm', ['run', '--silent', 'build:worker'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
    timeout: 120_000,
  });
  const output = `${build.stdout}\n${build.stderr}`;
  expect(build.status, output).toBe(0);
  const script = readFileSync(join(ROOT, 'dist/worker/worker.js'));
  const gzipped = gzipSync(script, { level: 9 }).length;
  // The figure wrangler reports for the upload, beside our own measure.
  const reported = /gzip: ([\d.]+) KiB/.exec(output)?.[1];
  console.log(
    `worker bundle: ${(script.length / 1024).toFixed(0)} KiB, gzip ${(gzipped / 1024).toFixed(0)} KiB (wrangler: ${reported} KiB)`,
  );
  expect(gzipped).toBeLessThan(LIMIT_BYTES);
  expect(Number(reported) * 1024).toBeLessThan(LIMIT_BYTES);
  // nodemailer needs sockets a Worker lacks; only src/node/ may import it.
  expect(script.includes('nodemailer')).toBe(false);
  // Nor the embedded database: a Worker reaches PostgreSQL through Hyperdrive only.
  expect(script.includes('@electric-sql/pglite')).toBe(false);
});

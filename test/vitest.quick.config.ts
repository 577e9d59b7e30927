import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.js';

/**
 * The quick loop (`npm run test:quick`): the root config on PGlite only, without the tests that
 * start browsers, other processes or a second PostgreSQL, race many clients, or build the Worker.
 * `npm test` still runs everything.
 */
process.env.TEST_ENGINES ??= 'pglite';

const SLOW_FILES = [
  '**/*.browser.test.ts', // Chromium
  '**/*-race.test.ts', // many clients on PostgreSQL, with a control run
  'test/pglite-lock.test.ts', // processes racing for a folder
  'test/database-faults.test.ts', // its own PostgreSQL cluster, restarted under load
  'test/mail-faults.test.ts', // a misbehaving SMTP server, timeouts
  'test/mail-dispatchers.test.ts', // several dispatcher processes over PostgreSQL
  'test/server.test.ts', // the server as a process: start, stop, restart
  'test/worker.workerd.test.ts', // wrangler dev
  'test/worker-bundle.test.ts', // a Worker build
  'src/node/gc-tuning.test.ts', // the heap in fresh Node processes
  'test/programme-scope-cli.test.ts', // the CLI as a process
  'test/pglite-template.test.ts', // an initdb of its own, as the control
];

export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: { exclude: SLOW_FILES, isolate: false },
  }),
);

import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { countUsers } from '../auth/auth.repository.js';
import { loadDemoEvents } from '../events/demo-events.js';
import { systemClock } from '../shared/clock.js';
import { nodeAssets } from './assets.js';
import { BootError, loadConfigOrExit, nodeLogger, openAndPrepare } from './boot.js';
import { tuneGarbageCollection } from './gc-tuning.js';
import { nodeMailer } from './mail-transports.js';

const config = loadConfigOrExit(process.env);
const log = nodeLogger(config);
const heapGrowth = tuneGarbageCollection(config.HEAP_GROWING_PERCENT);
log.info('heap growth', { setting: heapGrowth, percent: heapGrowth === 'set' ? config.HEAP_GROWING_PERCENT : undefined });

async function main() {
  // The app's modules load (and, under tsx, compile off the main thread) while the database
  // opens: a first start takes the longer of the two instead of their sum.
  const appModule = import('../app.js');
  const handle = await openAndPrepare(config, log);
  const { db } = handle;
  if (config.DEMO || process.argv.includes('--demo')) {
    const added = await loadDemoEvents(db, systemClock.now());
    log.info('demo events loaded', { added });
  }

  const { createApp } = await appModule;
  const app = createApp({
    db,
    config,
    clock: systemClock,
    log,
    clientAddress: (c) => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        return undefined;
      }
    },
    assets: nodeAssets,
  });

  // The outbox is sent from here unless MAIL_DISPATCH=0 (then `npm run mailer` does it).
  const mailer = config.MAIL_DISPATCH ? nodeMailer(db, config, systemClock, log) : null;
  mailer?.dispatcher.start();

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info('listening', { url: config.PUBLIC_URL, port: info.port, engine: handle.engine });
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(`PORT: không mở được cổng / cannot listen on ${config.PORT} (${err.code ?? err.message})\n`);
    void handle.close().finally(() => process.exit(1));
  });

  if ((await countUsers(db)) === 0) {
    process.stdout.write(
      [
        '',
        'Chưa có tài khoản quản trị. Tạo tài khoản đầu tiên (dừng máy chủ trước nếu dùng PGlite):',
        'No admin account yet. Create the first one (stop the server first when on PGlite):',
        '  npm run cli -- user:create --email you@example.org --role admin',
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // Refuse new connections, let requests in flight finish, then close the database so
    // PGlite flushes everything (a restart finds every row, sequences do not jump).
    const force = setTimeout(() => {
      log.warn('requests still running after 10 s; closing anyway');
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      // The dispatcher finishes the message in hand before the database closes under it.
      void (mailer?.close() ?? Promise.resolve())
        .then(() => handle.close())
        .then(() => {
          log.info('stopped');
          process.exit(0);
        })
        .catch((err: unknown) => {
          log.error('database close failed', { err });
          process.exit(1);
        });
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof BootError ? err.message : `Không khởi động được / Failed to start: ${(err as Error).stack ?? err}`}\n`,
  );
  process.exit(1);
});

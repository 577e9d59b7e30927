import { systemClock } from '../shared/clock.js';
import { BootError, loadConfigOrExit, nodeLogger, openAndPrepare } from './boot.js';
import { nodeMailer } from './mail-transports.js';

/**
 * `npm run mailer`: a mail dispatcher alone (start as many as you like over PostgreSQL, e.g.
 * with MAIL_DISPATCH=0 on the web servers). On SIGTERM it finishes the message in hand, hands
 * back the rest of its batch, closes the database and exits 0.
 */
const config = loadConfigOrExit(process.env);
const log = nodeLogger(config);

async function main() {
  const handle = await openAndPrepare(config, log);
  const mailer = nodeMailer(handle.db, config, systemClock, log);
  mailer.dispatcher.start();
  log.info('mail dispatcher started', { worker: mailer.dispatcher.worker, transport: mailer.transport, engine: handle.engine });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    void mailer
      .close()
      .then(() => handle.close())
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error('mail dispatcher stop failed', { err });
        process.exit(1);
      });
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

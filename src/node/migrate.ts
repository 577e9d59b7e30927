import { BootError, loadConfigOrExit, nodeLogger, openAndPrepare } from './boot.js';

/** `npm run db:migrate`: applies pending migrations (and the seed) and exits. */
const config = loadConfigOrExit(process.env);
openAndPrepare(config, nodeLogger(config))
  .then(async (handle) => {
    process.stdout.write('Cơ sở dữ liệu đã cập nhật / Database is up to date\n');
    await handle.close();
  })
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof BootError ? err.message : String(err)}\n`);
    process.exit(1);
  });

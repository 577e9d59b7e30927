// Times a first start's steps on a PGlite folder, in the order the server takes them:
// `npx tsx test/bench/first-start.ts /tmp/new-folder` (run it twice for a restart's figures).
// A new folder starts from the migrated template when `npm run db:template` made it, as the
// server's does; NO_TEMPLATE=1 runs initdb instead.
// The app module is imported, as the server imports it, and not otherwise used.
const t0 = performance.now();
const lap = (label: string, since: number) => console.log(`${label.padEnd(28)} ${(performance.now() - since).toFixed(0).padStart(6)} ms`);
let t = performance.now();
const { existsSync } = await import('node:fs');
const { join } = await import('node:path');
const { openPglite } = await import('../../src/db/engines.js');
const { startFromTemplate } = await import('../../src/node/pglite-template.js');
const { migrateToLatest } = await import('../../src/db/migrate.js');
const { loadProgrammes } = await import('../../src/programmes/programmes.usecases.js');
const { seedProgrammes } = await import('../../db/seed/programmes.js');
const { loadDemoEvents } = await import('../../src/events/demo-events.js');
await import('../../src/app.js');
lap('import modules (tsx)', t);
const dir = process.argv[2];
if (!dir) throw new Error('usage: first-start.ts <pglite folder>');
t = performance.now();
// As the server does (src/node/boot.ts): a new folder is a copy of the migrated template if
// one was made (NO_TEMPLATE=1: initdb, as without it).
const folder = process.env.NO_TEMPLATE ? { from: existsSync(join(dir, 'PG_VERSION')) ? 'existing' : 'initdb' } : startFromTemplate(dir);
const h = await openPglite(dir);
lap(`PGlite open (${folder.from})`, t);
t = performance.now();
await migrateToLatest(h.db);
lap('migrations', t);
t = performance.now();
await loadProgrammes(h.db, seedProgrammes);
lap('programme seed', t);
t = performance.now();
await loadDemoEvents(h.db, new Date());
lap('demo events', t);
lap('total in process', t0);
t = performance.now();
await h.close();
lap('close', t);

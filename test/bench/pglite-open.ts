// Where a new PGlite folder's time goes: initdb versus restoring a dump of a migrated one.
// `npx tsx test/bench/pglite-open.ts /tmp/some-prefix` (folders and the dump get that prefix).
import { readFileSync, writeFileSync } from 'node:fs';

const { openPglite } = await import('../../src/db/engines.js');
const { migrateToLatest } = await import('../../src/db/migrate.js');
const base = process.argv[2] ?? '/tmp/kc-pglite-open';
const ms = (since: number) => `${(performance.now() - since).toFixed(0)} ms`;
let t = performance.now();
const fresh = await openPglite(`${base}-initdb`);
console.log('open new folder (initdb)', ms(t));
t = performance.now();
await migrateToLatest(fresh.db);
console.log('migrations, one by one  ', ms(t));
const dump = await fresh.dump?.();
await fresh.close();
if (!dump) throw new Error('no dump');
writeFileSync(`${base}.tar.gz`, Buffer.from(await dump.arrayBuffer()));
t = performance.now();
const restored = await openPglite(`${base}-restored`, new Blob([readFileSync(`${base}.tar.gz`)]));
console.log('open new folder from dump', ms(t), `(${(dump.size / 1024).toFixed(0)} KiB gzip)`);
t = performance.now();
await migrateToLatest(restored.db);
console.log('migrations, none to run ', ms(t));
await restored.close();

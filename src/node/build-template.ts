import { ensureTemplate } from './pglite-template.js';

/**
 * `npm ci`'s postinstall (and `npm run db:template`): makes the migrated PGlite template a new
 * data folder starts from. Never fails the install: without the template a first start runs
 * initdb, slower.
 */
const started = performance.now();
try {
  const { folder, made } = await ensureTemplate();
  const took = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(made ? `PGlite template made in ${took} s: ${folder}\n` : `PGlite template up to date: ${folder}\n`);
} catch (err) {
  process.stderr.write(
    `Không tạo được mẫu PGlite, lần chạy đầu sẽ chậm hơn / PGlite template not made, a first start will run initdb (slower): ${(err as Error).message}\n`,
  );
}

// `npm start` and `npm run mailer`: bundles an entry point (src/node/server.ts or mailer.ts, with
// the app's modules; packages stay in node_modules) into dist/node/ with esbuild, then runs the
// bundle in this process. Loading TypeScript through tsx costs about 1.3 s at every start (its
// loader handles some 300 modules, one by one, off the main thread); making the bundle takes about
// 0.3 s and loading it 0.1 s. It is made again whenever a file it was made from has changed
// (size or mtime, recorded beside it), so it is never older than the source; `npm ci` makes it
// first (KC_BUILD_ONLY=1: make it if needed, do not run).
// Plain JavaScript because it is what runs before any TypeScript can; it only builds and imports.
//
//   node src/node/start.mjs server [args…]     (npm start -- --demo)
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRIES = new Set(['server', 'mailer']);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const name = process.argv[2] ?? '';
if (!ENTRIES.has(name)) {
  process.stderr.write(`start.mjs: cần một trong / needs one of: ${[...ENTRIES].join(', ')}\n`);
  process.exit(2);
}
// The entry sees the arguments after its name, as when started directly (`--demo`).
process.argv.splice(2, 1);

// dist/node/ is as deep as src/node/, so the app's paths relative to its modules (web/, the
// PGlite template under node_modules/.cache) hold in the bundle too.
const outfile = join(ROOT, 'dist', 'node', `${name}.js`);
const stampFile = `${outfile}.inputs.json`;
if (!isFresh()) await rebuild();
if (process.env.KC_BUILD_ONLY === '1') process.exit(0);
// Stack traces in the log point at the TypeScript source, as under tsx.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);

/**
 * What the bundle was made from: each input's size and mtime, tsconfig.json's (esbuild reads its
 * JSX settings), this file's and the bundle's own.
 */
function stampOf(inputs) {
  const files = {};
  for (const file of [...inputs, 'tsconfig.json', fileURLToPath(import.meta.url), outfile]) {
    const st = statSync(resolve(ROOT, file), { throwIfNoEntry: false });
    files[file] = st ? [st.size, st.mtimeMs] : null;
  }
  return { node: process.version, files };
}

/** The bundle is reused while every file it was made from is as it was (a stat of each, ~300). */
function isFresh() {
  try {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8'));
    return JSON.stringify(stampOf(Object.keys(saved.files))) === JSON.stringify(saved);
  } catch {
    return false;
  }
}

async function rebuild() {
  let result;
  const esbuild = await import('esbuild').catch((err) => fail(`esbuild: ${err.message} (npm ci)`));
  try {
    result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [join(ROOT, 'src', 'node', `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
  } catch (err) {
    // esbuild's message names the file and line; a start that cannot build does not run old code.
    fail(err instanceof Error ? err.message : String(err));
  } finally {
    await esbuild.stop();
  }
  // Two starts at once (two data folders) each write whole files and rename them into place, so
  // neither imports the other's half-written bundle; the same source gives the same bytes. The
  // stamp goes last: a start cut short leaves no stamp that vouches for an older bundle.
  mkdirSync(dirname(outfile), { recursive: true });
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  for (const file of files) writeWhole(file.path, file.contents);
  writeWhole(stampFile, JSON.stringify(stampOf(Object.keys(result.metafile.inputs))));
}

function fail(why) {
  process.stderr.write(`start.mjs: không dựng được / cannot build ${name}: ${why}\n`);
  process.exit(1);
}

function writeWhole(path, contents) {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

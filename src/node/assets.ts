import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

// Browser libraries served from node_modules, so the version is the one package.json pins and
// web/ holds no copy. Workers cannot read node_modules: wrangler.toml's [build] copies these
// into web/ (git-ignored) before deploying. An explicit list: nothing else of node_modules leaks.
const require = createRequire(import.meta.url);
const VENDOR: Record<string, string> = {
  'jsQR.js': require.resolve('jsqr/dist/jsQR.js'),
};

/** Files of web/ by bare name (the route allows no slashes, so nothing outside it is reachable). */
export async function nodeAssets(name: string): Promise<{ body: Uint8Array; type: string } | null> {
  const type = TYPES[extname(name)];
  if (!type) return null;
  const vendored = Object.hasOwn(VENDOR, name) ? VENDOR[name] : undefined;
  const path = vendored ?? join(WEB_DIR, name);
  try {
    return { body: await readFile(path), type };
  } catch {
    return null;
  }
}

import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** Files of web/ by bare name (the route allows no slashes, so nothing outside it is reachable). */
export async function nodeAssets(name: string): Promise<{ body: Uint8Array; type: string } | null> {
  const type = TYPES[extname(name)];
  if (!type) return null;
  try {
    return { body: await readFile(join(WEB_DIR, name)), type };
  } catch {
    return null;
  }
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The mark every hunk of `db/patches/postgres+3.4.9.patch` leaves in the driver's source. */
export const DRIVER_PATCH_MARK = 'Patched (db/patches)';

/**
 * Whether the postgres.js that Node loads carries our patch. An install that skipped the
 * postinstall step (`npm ci --ignore-scripts`, a copied node_modules) would ship the unpatched
 * driver, and the first PostgreSQL restart would kill the process again; better to refuse to
 * start and say why.
 */
export function postgresDriverPatched(connectionFile = defaultConnectionFile()): boolean {
  try {
    return readFileSync(connectionFile, 'utf8').includes(DRIVER_PATCH_MARK);
  } catch {
    return false;
  }
}

function defaultConnectionFile(): string {
  return fileURLToPath(new URL('./connection.js', import.meta.resolve('postgres')));
}

import type { Migration } from 'kysely';
import * as foundation from './2026-11-28T00-00_foundation.js';

/**
 * The static registry of migrations, in order. A file provider would break under bundlers
 * (Workers), so every new migration is imported and listed here by its file name.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T00-00_foundation': foundation,
};

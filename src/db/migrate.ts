import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import type { Database } from './schema.js';

/**
 * Applies every pending migration. `schema` names where the bookkeeping tables live when the
 * database is not in `public` (tests give each file a schema of its own).
 */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

import { type Kysely, Migrator } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import { isMissingSchema } from './errors.js';
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
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    // Before anything runs, the migrator looks for its table in every schema of the database
    // (has_schema_privilege on each): a schema dropped at that moment by anyone else fails the
    // look-up with "schema … does not exist" (3F000). Nothing has been applied then; look again.
    if (isMissingSchema(error) && attempt < 10) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

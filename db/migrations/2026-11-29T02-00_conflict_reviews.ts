import type { Kysely } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * An offline conflict an organiser has looked at: when (who is in the audit log). Nullable
 * and without a default, so adding it rewrites nothing and a scan at the door writes nothing more.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scans').addColumn('reviewed_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scans').dropColumn('reviewed_at').execute();
}

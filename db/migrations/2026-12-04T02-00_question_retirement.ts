import type { Kysely } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * A question someone has answered is never deleted: it is retired (hidden from the form, its
 * answers kept for the registrations list and the exports).
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_questions').addColumn('retired_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_questions').dropColumn('retired_at').execute();
}

import type { Kysely } from 'kysely';

// Frozen in time: this file never imports app code.

/** A session's title in English, beside the Vietnamese one, for the English pages, emails and invites. */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_sessions').addColumn('title_en', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_sessions').dropColumn('title_en').execute();
}

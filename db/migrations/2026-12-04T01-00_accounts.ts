import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Accounts managed from the back office: when each person last signed in (shown on the
 * accounts page), and API tokens held by an account, so deactivating a person revokes the
 * tokens issued for them. The audit log is read newest first per actor and by id pages.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'timestamptz').execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('cascade'))
    .execute();
  await sql`create index api_tokens_user on api_tokens (user_id) where user_id is not null`.execute(db);
  await db.schema.createIndex('audit_log_actor_user').on('audit_log').columns(['actor_user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor_user').execute();
  await db.schema.dropIndex('api_tokens_user').execute();
  await db.schema.alterTable('api_tokens').dropColumn('user_id').execute();
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
}

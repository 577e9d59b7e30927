import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * Login throttling as counters that an attempt claims under a row lock before the password
 * is checked (one row per scope: an account from one address, one address, one account), and
 * the addresses each account has signed in from, whose owner no stranger can lock out.
 * Replaces `login_failures`, whose rows were counted before the check and written after it.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('pair', 'client', 'account')`))
    // '' where the scope has no such part ('client' has no account, 'account' no client).
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['scope', 'account_key', 'client_key'])
    .execute();
  await db.schema.createIndex('login_throttle_window').on('login_throttle').column('window_started_at').execute();

  await db.schema
    .createTable('login_known_clients')
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_known_clients_pk', ['account_key', 'client_key'])
    .execute();
  await db.schema.createIndex('login_known_clients_last').on('login_known_clients').column('last_success_at').execute();

  await db.schema.dropTable('login_failures').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_account').on('login_failures').columns(['account_key', 'failed_at']).execute();
  await db.schema.createIndex('login_failures_client').on('login_failures').columns(['client_key', 'failed_at']).execute();
  await db.schema.dropTable('login_known_clients').execute();
  await db.schema.dropTable('login_throttle').execute();
}

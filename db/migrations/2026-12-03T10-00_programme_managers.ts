import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * A role for reading the whole programme (dashboard, drill-downs, reports) without running
 * events: the programme manager of SPEC §1. Accounts and bearer tokens may hold it.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['users', 'api_tokens']) {
    await sql`alter table ${sql.table(table)}
      drop constraint ${sql.id(`${table}_role_check`)},
      add constraint ${sql.id(`${table}_role_check`)} check (role in ('admin', 'organiser', 'scanner', 'programme_manager'))`.execute(db);
  }
}

// Fails while a programme manager exists: going back must not change anyone's rights silently.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['users', 'api_tokens']) {
    await sql`alter table ${sql.table(table)}
      drop constraint ${sql.id(`${table}_role_check`)},
      add constraint ${sql.id(`${table}_role_check`)} check (role in ('admin', 'organiser', 'scanner'))`.execute(db);
  }
}

import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports app code.

/**
 * The technology-conference target counts technology conferences only (topic `technology`);
 * a review conference (topic `review`) is a conference too but counts for no such target.
 * Until now the target's filter named the kind alone, and every conference counted: the
 * seeded target as it was gains the topic, and conferences without a topic, all created
 * under the kind "technology conference", are marked `technology`, so nothing counted so far
 * stops counting. A target an admin already narrowed is left as it is.
 */
// Kysely<any>: a migration must not depend on the app's current table types.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update programme_targets set topics = array['technology']
    where code = 'technology-conferences' and event_kinds = array['conference'] and topics = '{}'`.execute(db);
  await sql`update events set topic = 'technology' where kind = 'conference' and topic is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update programme_targets set topics = '{}'
    where code = 'technology-conferences' and event_kinds = array['conference'] and topics = array['technology']`.execute(db);
}

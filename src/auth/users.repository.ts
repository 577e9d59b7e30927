import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** Every account, admins first, then by email; never the password hash. */
export function listUsers(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'role', 'event_ids', 'disabled_at', 'created_at', 'last_sign_in_at'])
    .orderBy(sql`case role when 'admin' then 0 when 'organiser' then 1 when 'programme_manager' then 2 else 3 end`)
    .orderBy(sql`lower(email)`)
    .execute();
}

/** One account, its row locked for the rest of the transaction. */
export function lockUser(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'role', 'event_ids', 'disabled_at', 'password_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function setPasswordHash(db: Db, id: string, passwordHash: string) {
  return db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export function setDisabledAt(db: Db, id: string, at: Date | null) {
  return db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();
}

/** Ends the account's sessions (all, or all but `keepHash`); answers the hashes ended. */
export async function deleteUserSessions(db: Db, userId: string, keepHash?: string): Promise<string[]> {
  let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (keepHash) q = q.where('id_hash', '<>', keepHash);
  const rows = await q.returning('id_hash').execute();
  return rows.map((r) => r.id_hash);
}

/** Revokes the live tokens issued for the account; answers their hashes. */
export async function revokeUserTokens(db: Db, userId: string, at: Date): Promise<string[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .execute();
  return rows.map((r) => r.token_hash);
}

/** Every token with the account it was issued for, newest first. */
export function listTokensWithHolders(db: Db) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.role', 't.event_ids', 't.created_at', 't.revoked_at', 'u.email as holder_email'])
    .orderBy('t.created_at', 'desc')
    .execute();
}

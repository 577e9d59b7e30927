import { type Kysely, sql } from 'kysely';
import type { Database, Role } from '../db/schema.js';

type Db = Kysely<Database>;

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function countUsers(db: Db) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function insertUser(
  db: Db,
  user: { email: string; role: Role; passwordHash: string; fullName?: string | undefined; eventIds?: string[] | null | undefined },
) {
  return db
    .insertInto('users')
    .values({
      email: user.email,
      role: user.role,
      password_hash: user.passwordHash,
      full_name: user.fullName ?? '',
      event_ids: user.eventIds ?? null,
    })
    .returning(['id', 'email', 'role'])
    .executeTakeFirstOrThrow();
}

export function insertAuthSession(
  db: Db,
  row: { idHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  return db
    .insertInto('auth_sessions')
    .values({ id_hash: row.idHash, user_id: row.userId, expires_at: row.expiresAt, ip: row.ip, user_agent: row.userAgent })
    .execute();
}

export function findLiveSession(db: Db, idHash: string, now: Date) {
  return db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id as userId', 'u.email', 'u.role', 'u.event_ids as eventIds', 's.expires_at as expiresAt'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function markSignedIn(db: Db, userId: string, at: Date) {
  return db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).execute();
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).execute();
}

export function insertApiToken(
  db: Db,
  row: { name: string; tokenHash: string; role: Role; eventIds: string[] | null; createdBy: string | null; userId?: string | null },
) {
  return db
    .insertInto('api_tokens')
    .values({
      name: row.name,
      token_hash: row.tokenHash,
      role: row.role,
      event_ids: row.eventIds,
      created_by: row.createdBy,
      user_id: row.userId ?? null,
    })
    .returning(['id', 'name', 'role', 'event_ids', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** A token not revoked, whose account (if it was issued for one) is not deactivated. */
export function findLiveToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.role', 't.event_ids'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function listTokens(db: Db) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'event_ids', 'created_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .execute();
}

export function revokeToken(db: Db, id: string, at: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

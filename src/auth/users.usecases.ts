import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { AppError, validationError } from '../shared/errors.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { type Actor, hasRole } from './actor.js';
import type { ActorCache } from './actor-cache.js';
import * as auth from './auth.repository.js';
import { assertEventScope } from './auth.usecases.js';
import { hashPassword, passwordParams } from './passwords.js';
import { toAccountView, toTokenView } from './users.presenter.js';
import * as repo from './users.repository.js';

export interface AccountsCtx {
  db: Kysely<Database>;
  clock: Clock;
  actors?: ActorCache | undefined;
  /** The cost of new password hashes; production's when absent. */
  config?: Pick<Config, 'PASSWORD_HASH_COST'> | undefined;
}

/** The roles an admin gives from the page; the first admin (and further admins) come from the CLI. */
export type StaffRole = 'organiser' | 'scanner';
/** Passwords typed by a person: the CLI's rule, so both ways of making an account agree. */
export const MIN_PASSWORD_LENGTH = 10;

/** A password for someone to type once and change: 16 URL-safe characters (96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

function adminOrThrow(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw new AppError('auth.forbidden');
}

/**
 * Credentials ended in the database are forgotten by this instance's actor cache after the
 * commit, so the very next request with them answers 401. Other instances keep their copy up to
 * AUTH_CACHE_SECONDS (README: deactivation across instances).
 */
export function forgetCredentials(ctx: AccountsCtx, ended: { sessionHashes: string[]; tokenHashes: string[] }) {
  for (const h of ended.sessionHashes) ctx.actors?.forget(`s:${h}`);
  for (const h of ended.tokenHashes) ctx.actors?.forget(`t:${h}`);
}

export async function listAccounts(ctx: AccountsCtx, actor: Actor) {
  adminOrThrow(actor);
  const [users, tokens] = await Promise.all([repo.listUsers(ctx.db), repo.listTokensWithHolders(ctx.db)]);
  return { accounts: users.map(toAccountView), tokens: tokens.map(toTokenView) };
}

export async function createAccount(
  ctx: AccountsCtx,
  actor: Actor,
  input: { email: string; fullName: string; role: StaffRole; eventIds: string[]; password?: string | undefined },
  requestId?: string,
) {
  adminOrThrow(actor);
  const password = input.password || generatePassword();
  const passwordHash = await hashPassword(password, passwordParams(ctx.config));
  const user = await ctx.db.transaction().execute(async (trx) => {
    await assertEventScope(trx, input.role, input.eventIds, 'eventIds');
    // Under the lock of the unique index: a second form with the same email waits, then sees this one.
    if (await auth.findUserByEmail(trx, input.email)) {
      throw validationError([{ field: 'email', code: 'taken', message: 'Email đã có tài khoản / This email already has an account' }]);
    }
    const row = await auth.insertUser(trx, {
      email: input.email,
      role: input.role,
      passwordHash,
      fullName: input.fullName,
      eventIds: input.eventIds.length ? input.eventIds : null,
    });
    await recordAudit(trx, {
      actor,
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      data: { email: row.email, fullName: input.fullName, role: input.role, eventIds: input.eventIds, passwordGenerated: !input.password },
      requestId,
    });
    return row;
  });
  return { user, password };
}

async function lockOrThrow(db: Kysely<Database>, id: string) {
  const user = await repo.lockUser(db, id);
  if (!user) throw new AppError('user.not_found');
  return user;
}

/** A new password (typed, or generated and shown once); every session of the account ends. */
export async function resetPassword(ctx: AccountsCtx, actor: Actor, userId: string, typed: string | undefined, requestId?: string) {
  adminOrThrow(actor);
  const password = typed || generatePassword();
  const passwordHash = await hashPassword(password, passwordParams(ctx.config));
  const result = await ctx.db.transaction().execute(async (trx) => {
    const user = await lockOrThrow(trx, userId);
    await repo.setPasswordHash(trx, user.id, passwordHash);
    const sessionHashes = await repo.deleteUserSessions(trx, user.id);
    await recordAudit(trx, {
      actor,
      action: 'user.password_reset',
      entity: 'user',
      entityId: user.id,
      data: { email: user.email, passwordGenerated: !typed, sessionsEnded: sessionHashes.length },
      requestId,
    });
    return { email: user.email, sessionHashes };
  });
  forgetCredentials(ctx, { sessionHashes: result.sessionHashes, tokenHashes: [] });
  return { email: result.email, password };
}

/**
 * Deactivated: the account cannot sign in, its sessions are deleted and the tokens issued for it
 * revoked in the same transaction, and this instance forgets them after the commit. An admin
 * cannot deactivate themselves (no one would be left to undo it on a one-admin install).
 */
export async function deactivateAccount(ctx: AccountsCtx, actor: Actor, userId: string, requestId?: string) {
  adminOrThrow(actor);
  if (actor.kind === 'user' && actor.userId === userId) {
    throw validationError([
      { field: 'id', code: 'self', message: 'Không thể tự khoá tài khoản của mình / You cannot deactivate your own account' },
    ]);
  }
  const ended = await ctx.db.transaction().execute(async (trx) => {
    const user = await lockOrThrow(trx, userId);
    if (user.disabled_at) return { email: user.email, sessionHashes: [], tokenHashes: [] };
    const now = ctx.clock.now();
    await repo.setDisabledAt(trx, user.id, now);
    const sessionHashes = await repo.deleteUserSessions(trx, user.id);
    const tokenHashes = await repo.revokeUserTokens(trx, user.id, now);
    await recordAudit(trx, {
      actor,
      action: 'user.deactivate',
      entity: 'user',
      entityId: user.id,
      data: { email: user.email, sessionsEnded: sessionHashes.length, tokensRevoked: tokenHashes.length },
      requestId,
    });
    return { email: user.email, sessionHashes, tokenHashes };
  });
  forgetCredentials(ctx, ended);
  return { email: ended.email };
}

/** Active again: signs in with the password it had; revoked tokens stay revoked (issue new ones). */
export async function reactivateAccount(ctx: AccountsCtx, actor: Actor, userId: string, requestId?: string) {
  adminOrThrow(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const user = await lockOrThrow(trx, userId);
    if (!user.disabled_at) return { email: user.email };
    await repo.setDisabledAt(trx, user.id, null);
    await recordAudit(trx, { actor, action: 'user.reactivate', entity: 'user', entityId: user.id, data: { email: user.email }, requestId });
    return { email: user.email };
  });
}

/**
 * An API token from the accounts page: an organiser's script or a door device, optionally held
 * by an account. A held token never reaches further than its account: its role is at most the
 * account's and, when the account is limited to events, its events are among them.
 */
export async function issueToken(
  ctx: AccountsCtx,
  actor: Actor,
  input: { name: string; role: StaffRole; eventIds: string[]; holderId?: string | undefined },
  requestId?: string,
) {
  adminOrThrow(actor);
  const token = randomToken();
  const row = await ctx.db.transaction().execute(async (trx) => {
    await assertEventScope(trx, input.role, input.eventIds, 'eventIds');
    let holderEmail: string | null = null;
    if (input.holderId) {
      const holder = await repo.lockUser(trx, input.holderId);
      if (!holder || holder.disabled_at) {
        throw validationError([{ field: 'holderId', code: 'unknown', message: 'Tài khoản không dùng được / No such active account' }]);
      }
      const holderActor: Actor = { kind: 'user', userId: holder.id, email: holder.email, role: holder.role, eventIds: holder.event_ids };
      if (!hasRole(holderActor, input.role)) {
        throw validationError([
          {
            field: 'role',
            code: 'above_holder',
            message: 'Quyền của mã vượt quá tài khoản giữ mã / The token’s role is above its account’s',
          },
        ]);
      }
      const allowed = holder.event_ids;
      if (allowed !== null && (input.eventIds.length === 0 || input.eventIds.some((id) => !allowed.includes(id)))) {
        throw validationError([
          {
            field: 'eventIds',
            code: 'outside_holder',
            message: 'Chỉ chọn sự kiện của tài khoản giữ mã / Choose only the events of the account holding it',
          },
        ]);
      }
      holderEmail = holder.email;
    }
    const created = await auth.insertApiToken(trx, {
      name: input.name,
      tokenHash: hashToken(token),
      role: input.role,
      eventIds: input.eventIds.length ? input.eventIds : null,
      createdBy: actor.kind === 'user' ? actor.userId : null,
      userId: input.holderId ?? null,
    });
    await recordAudit(trx, {
      actor,
      action: 'token.create',
      entity: 'api_token',
      entityId: created.id,
      data: { name: input.name, role: input.role, eventIds: created.event_ids, holder: holderEmail },
      requestId,
    });
    return created;
  });
  return { token, name: row.name };
}

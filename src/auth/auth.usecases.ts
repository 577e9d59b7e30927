import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import type { Config } from '../config.js';
import type { Database, Role } from '../db/schema.js';
import { existingEventIds } from '../events/events.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue, validationError } from '../shared/errors.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { type Actor, hasRole } from './actor.js';
import type { ActorCache } from './actor-cache.js';
import * as repo from './auth.repository.js';
import * as throttle from './login-throttle.js';
import type { ThrottleCounter } from './login-throttle.repository.js';
import { dummyPasswordHash, hashPassword, passwordParams, verifyPassword } from './passwords.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
  /** Remembers who holds a credential for a few seconds (one per app instance). */
  actors?: ActorCache | undefined;
  /** Test-only race control (config UNSAFE_RACY_LOGINS): attempts counted after the check. */
  racyLogins?: boolean | undefined;
  /** The cost of new password hashes; production's when absent. */
  config?: Pick<Config, 'PASSWORD_HASH_COST'> | undefined;
}

export type LoginOutcome =
  | { result: 'ok'; sessionToken: string; expiresAt: Date; user: { id: string; email: string; role: Role } }
  | { result: 'invalid_credentials' }
  | { result: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a password and opens a server-side session. The attempt is counted first (in the
 * database, under a lock: the limits hold across app instances and concurrent attempts) and
 * given back if the password was right; see `login-throttle.ts` for which limits apply.
 */
export async function login(
  ctx: Ctx,
  input: { email: string; password: string; client: string; userAgent: string | null; ttlHours: number },
): Promise<LoginOutcome> {
  const now = ctx.clock.now();
  const who = { account: input.email.trim().toLowerCase(), client: input.client };
  let counted: ThrottleCounter[] = [];
  let countFailure = async () => {};
  if (ctx.racyLogins) {
    const racy = await throttle.checkWithoutClaim(ctx.db, who, now);
    if (racy.blocked) return { result: 'throttled', retryAfterSeconds: racy.blocked.retryAfterSeconds };
    countFailure = async () => void (await racy.countFailure());
  } else {
    const claim = await throttle.claimAttempt(ctx.db, who, now);
    if (!claim.ok) return { result: 'throttled', retryAfterSeconds: claim.retryAfterSeconds };
    counted = claim.counted;
  }

  const user = await repo.findUserByEmail(ctx.db, who.account);
  const ok = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyPassword(input.password, await dummyPasswordHash(passwordParams(ctx.config))).then(() => false);
  if (!user || !ok || user.disabled_at) {
    await countFailure();
    return { result: 'invalid_credentials' };
  }

  const sessionToken = randomToken();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3600 * 1000);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertAuthSession(trx, {
      idHash: hashToken(sessionToken),
      userId: user.id,
      expiresAt,
      ip: input.client,
      userAgent: input.userAgent,
    });
    await throttle.signedIn(trx, who, counted, now);
    await repo.markSignedIn(trx, user.id, now);
  });
  return { result: 'ok', sessionToken, expiresAt, user: { id: user.id, email: user.email, role: user.role } };
}

export async function logout(ctx: Ctx, sessionToken: string): Promise<void> {
  const hash = hashToken(sessionToken);
  await repo.deleteSession(ctx.db, hash);
  ctx.actors?.forget(`s:${hash}`);
}

/** Who holds this cookie or bearer token, or null when neither is live. */
export async function resolveActor(
  ctx: Ctx,
  credentials: { sessionToken?: string | undefined; bearer?: string | undefined },
): Promise<Actor | null> {
  const now = ctx.clock.now();
  if (credentials.bearer) {
    const hash = hashToken(credentials.bearer);
    const load = async () => {
      const token = await repo.findLiveToken(ctx.db, hash);
      return token
        ? { actor: { kind: 'token', tokenId: token.id, name: token.name, role: token.role, eventIds: token.event_ids } satisfies Actor }
        : null;
    };
    return ctx.actors ? ctx.actors.lookup(`t:${hash}`, now, load) : ((await load())?.actor ?? null);
  }
  if (credentials.sessionToken) {
    const hash = hashToken(credentials.sessionToken);
    const load = async () => {
      const s = await repo.findLiveSession(ctx.db, hash, now);
      return s
        ? {
            actor: { kind: 'user', userId: s.userId, email: s.email, role: s.role, eventIds: s.eventIds } satisfies Actor,
            expiresAt: s.expiresAt,
          }
        : null;
    };
    return ctx.actors ? ctx.actors.lookup(`s:${hash}`, now, load) : ((await load())?.actor ?? null);
  }
  return null;
}

/** `actor` is null when an operator makes the token from the shell. */
export async function createApiToken(
  ctx: Ctx,
  actor: Actor | null,
  input: { name: string; role: Role; eventIds?: string[] | undefined },
  requestId?: string,
) {
  const outcome = await issueApiToken(ctx, actor, input, requestId);
  if (outcome.result === 'refused') throw validationError([outcome.issue]);
  return outcome.created;
}

/**
 * A token issued, or refused for the reason a person can fix (no event given, an event that
 * does not exist): an outcome the door devices page shows beside the form. Nothing is stored
 * when refused.
 */
export async function issueApiToken(
  ctx: Ctx,
  actor: Actor | null,
  input: { name: string; role: Role; eventIds?: string[] | undefined },
  requestId?: string,
) {
  if (actor && !hasRole(actor, 'admin')) throw new AppError('auth.forbidden');
  const token = randomToken();
  return ctx.db.transaction().execute(async (trx) => {
    const issue = await eventScopeIssue(trx, input.role, input.eventIds, 'eventIds');
    if (issue) return { result: 'refused' as const, issue };
    const row = await repo.insertApiToken(trx, {
      name: input.name,
      tokenHash: hashToken(token),
      role: input.role,
      eventIds: input.eventIds?.length ? input.eventIds : null,
      createdBy: actor?.kind === 'user' ? actor.userId : null,
    });
    await recordAudit(trx, {
      actor,
      action: 'token.create',
      entity: 'api_token',
      entityId: row.id,
      data: { name: input.name, role: input.role, eventIds: row.event_ids },
      requestId,
    });
    return { result: 'issued' as const, created: { token, ...row } };
  });
}

/** Every token issued, newest first: for admins. */
export async function listApiTokens(ctx: Ctx, actor: Actor) {
  if (!hasRole(actor, 'admin')) throw new AppError('auth.forbidden');
  return repo.listTokens(ctx.db);
}

export async function revokeApiToken(ctx: Ctx, actor: Actor, id: string, requestId?: string) {
  if (!hasRole(actor, 'admin')) throw new AppError('auth.forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.revokeToken(trx, id, ctx.clock.now());
    if (!row) throw new AppError('token.not_found');
    await recordAudit(trx, { actor, action: 'token.revoke', entity: 'api_token', entityId: id, requestId });
  });
  // After the commit (a request in between would have cached the token again). Only the hash is
  // stored, so the revoked token's entry cannot be picked out: forget them all.
  ctx.actors?.clear();
}

/**
 * The events a token or account is limited to must exist; door staff must be given at least
 * one (SPEC §4: scan-only rights for the events they are given), so a scanner is never
 * created with the run of every event by leaving the list out.
 */
export async function assertEventScope(db: Kysely<Database>, role: Role, eventIds: string[] | undefined, field: string) {
  const issue = await eventScopeIssue(db, role, eventIds, field);
  if (issue) throw validationError([issue]);
}

async function eventScopeIssue(
  db: Kysely<Database>,
  role: Role,
  eventIds: string[] | undefined,
  field: string,
): Promise<FieldIssue | null> {
  if (role === 'scanner' && !eventIds?.length) {
    return {
      field,
      code: 'required',
      message: 'Người soát vé cần được giao ít nhất một sự kiện / Door staff must be given at least one event',
    };
  }
  if (!eventIds?.length) return null;
  const known = await existingEventIds(db, eventIds);
  const missing = eventIds.filter((id) => !known.has(id));
  return missing.length ? { field, code: 'unknown_event', message: `Không có sự kiện / No such event: ${missing.join(', ')}` } : null;
}

export async function createUser(
  ctx: Ctx,
  input: { email: string; role: Role; password: string; fullName?: string | undefined; eventIds?: string[] | undefined },
) {
  await assertEventScope(ctx.db, input.role, input.eventIds, 'event');
  const existing = await repo.findUserByEmail(ctx.db, input.email);
  if (existing) {
    throw new AppError('validation.failed', undefined, {
      fields: [{ field: 'email', code: 'taken', message: 'Email đã có tài khoản / This email already has an account' }],
    });
  }
  const passwordHash = await hashPassword(input.password, passwordParams(ctx.config));
  return repo.insertUser(ctx.db, {
    email: input.email.trim(),
    role: input.role,
    passwordHash,
    fullName: input.fullName,
    eventIds: input.eventIds?.length ? input.eventIds : null,
  });
}

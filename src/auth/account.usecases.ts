import { recordAudit } from '../audit/audit.repository.js';
import { hashToken } from '../shared/tokens.js';
import type { Actor } from './actor.js';
import * as throttle from './login-throttle.js';
import * as throttleRepo from './login-throttle.repository.js';
import { hashPassword, passwordParams, verifyPassword } from './passwords.js';
import * as repo from './users.repository.js';
import { type AccountsCtx, forgetCredentials } from './users.usecases.js';

export type PasswordChange =
  | { result: 'changed'; sessionsEnded: number }
  | { result: 'wrong_password' }
  | { result: 'throttled'; retryAfterSeconds: number }
  | { result: 'not_an_account' };

/**
 * A signed-in person changes their own password: the current one is checked first; on success
 * every other session of the account ends (this one stays), in the same transaction.
 *
 * The check is a guess at the password like a sign-in, so it takes an attempt from the sign-in
 * counters of the account and the address (`login-throttle.ts`): a stolen session cannot try
 * passwords faster than the sign-in page allows, and since the counters are sign-in's, the owner
 * signing in from an address they have used is limited only by that address's own attempts.
 */
export async function changeOwnPassword(
  ctx: AccountsCtx,
  actor: Actor,
  input: { current: string; next: string; sessionToken: string | undefined; client: string },
  requestId?: string,
): Promise<PasswordChange> {
  if (actor.kind !== 'user') return { result: 'not_an_account' };
  const who = { account: actor.email.trim().toLowerCase(), client: input.client };
  const claim = await throttle.claimAttempt(ctx.db, who, ctx.clock.now());
  if (!claim.ok) return { result: 'throttled', retryAfterSeconds: claim.retryAfterSeconds };
  const nextHash = await hashPassword(input.next, passwordParams(ctx.config));
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const user = await repo.lockUser(trx, actor.userId);
    if (!user || user.disabled_at) return null;
    if (!(await verifyPassword(input.current, user.password_hash))) return { result: 'wrong_password' as const, ended: [] };
    await repo.setPasswordHash(trx, user.id, nextHash);
    const ended = await repo.deleteUserSessions(trx, user.id, input.sessionToken ? hashToken(input.sessionToken) : undefined);
    await recordAudit(trx, {
      actor,
      action: 'user.password_change',
      entity: 'user',
      entityId: user.id,
      data: { sessionsEnded: ended.length },
      requestId,
    });
    return { result: 'changed' as const, ended };
  });
  if (!outcome) return { result: 'not_an_account' };
  // A right password was no failure: the attempt is given back, as after a sign-in.
  if (outcome.result === 'changed') await throttleRepo.releaseAttempt(ctx.db, claim.counted);
  forgetCredentials(ctx, { sessionHashes: outcome.ended, tokenHashes: [] });
  return outcome.result === 'changed' ? { result: 'changed', sessionsEnded: outcome.ended.length } : { result: 'wrong_password' };
}

import type { Config } from '../config.js';
import { findByManageTokenOrThrow } from '../registrations/manage.usecases.js';
import type { RegistrationCtx } from '../registrations/registrations.usecases.js';
import { AppError } from '../shared/errors.js';
import { currentInvite, loadMailContext } from './mail-content.js';

/**
 * invite.ics on the manage link: the invite as the registration holds it now, the same UID
 * and SEQUENCE the latest email carried (REQUEST while confirmed, CANCEL once cancelled).
 */
export async function currentInviteOrThrow(
  ctx: Pick<RegistrationCtx, 'db' | 'clock'>,
  config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>,
  manageToken: string,
): Promise<{ method: 'REQUEST' | 'CANCEL'; ics: string }> {
  const reg = await findByManageTokenOrThrow(ctx, manageToken);
  const context = await loadMailContext(ctx.db, reg.id);
  const invite = context ? currentInvite(context, config, ctx.clock.now()) : null;
  if (!invite) throw new AppError('registration.no_invite');
  return invite;
}

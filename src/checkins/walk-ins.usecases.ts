import type { Actor } from '../auth/actor.js';
import type { CheckinResult, RegistrationStatus } from '../db/schema.js';
import type { FacilityInput } from '../registrations/registrations.schemas.js';
import { registerWalkIn, type WalkInPerson } from '../registrations/walk-ins.usecases.js';
import { AppError } from '../shared/errors.js';
import * as repo from './checkins.repository.js';
import { assertMayScan, type CheckinCtx, scanTimeOrThrow } from './checkins.usecases.js';

export interface WalkInInput {
  eventId: string;
  person: WalkInPerson;
  facility?: FacilityInput | undefined;
  sessionId?: string | undefined;
  deviceId: string;
  nonce: string;
  /** When the door admitted them (an offline walk-in uploaded later). */
  scannedAt?: string | undefined;
}

export interface WalkInAnswer {
  registration: { id: string; status: RegistrationStatus; walkIn: boolean };
  checkin: { result: CheckinResult; firstCheckedInAt?: Date; sessionId?: string };
  attendee: { name: string; facility?: string };
  /** Flagged for the organiser to look at: the same phone as someone of another name, or the door and server disagreed. */
  review: boolean;
}

/** The nonce was taken by a concurrent request between the look and the write: its answer is the one. */
class NonceTaken extends Error {}

/**
 * Someone who arrives unregistered is registered and checked in at once, in one transaction:
 * either both are stored or neither. Idempotent by (device, nonce) as a scan is: the same nonce
 * again returns the first answer and stores nothing. Someone already registered with the same
 * phone is checked in on that registration; with another name too, they get one of their own
 * and the scan is flagged for the organiser (see registerWalkIn).
 */
export async function walkIn(
  ctx: CheckinCtx,
  actor: Actor,
  input: WalkInInput,
  offline?: { offlineResult: CheckinResult | null },
): Promise<WalkInAnswer> {
  assertMayScan(actor, input.eventId);
  const receivedAt = ctx.clock.now();
  const scannedAt = scanTimeOrThrow(receivedAt, input.scannedAt);
  if (await repo.findScanByNonce(ctx.db, input.deviceId, input.nonce)) return replay(ctx, actor, input);
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<WalkInAnswer> => {
      const reg = await registerWalkIn(ctx, trx, input.eventId, { person: input.person, facility: input.facility });
      const scan = await repo.recordScan(trx, {
        eventId: input.eventId,
        sessionId: input.sessionId ?? null,
        opensMinutes: ctx.opensMinutes,
        ticketId: reg.ticketId,
        shortCode: null,
        codeKind: 'walk_in',
        deviceId: input.deviceId,
        nonce: input.nonce,
        actorUserId: actor.kind === 'user' ? actor.userId : null,
        actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
        scannedAt,
        receivedAt,
        offline: offline !== undefined,
        offlineResult: offline?.offlineResult ?? null,
        method: 'walk_in',
      });
      // Nothing stored for a session that is not the event's: the registration goes with it.
      if (!scan.sessionKnown) {
        throw new AppError('validation.failed', undefined, {
          fields: [
            { field: 'sessionId', code: 'unknown_session', message: 'Buổi này không thuộc sự kiện / No such session in this event' },
          ],
        });
      }
      if (!scan.result) throw new NonceTaken();
      let review = false;
      if (reg.kind === 'apart') {
        await repo.flagScan(
          trx,
          input.deviceId,
          input.nonce,
          `Khách vãng lai “${reg.fullName}” trùng số điện thoại với “${reg.samePhoneAs.fullName}” / Walk-in shares a phone with another name`,
        );
        review = true;
      }
      if (scan.result === 'already_checked_in' && !scan.firstAt && scan.registrationId && scan.sessionId)
        scan.firstAt = await repo.findFirstCheckin(trx, scan.registrationId, scan.sessionId);
      const flaggedByScan = offline !== undefined && offline.offlineResult !== null && offline.offlineResult !== scan.result;
      return {
        registration: { id: reg.id, status: reg.status, walkIn: reg.kind !== 'merged' },
        checkin: {
          result: scan.result,
          ...(scan.firstAt && { firstCheckedInAt: scan.firstAt }),
          ...(scan.sessionId && { sessionId: scan.sessionId }),
        },
        attendee: { name: reg.fullName, ...(scan.facilityName && { facility: scan.facilityName }) },
        review: review || flaggedByScan,
      };
    });
  } catch (err) {
    if (err instanceof NonceTaken) return replay(ctx, actor, input);
    throw err;
  }
}

/** The first answer to a walk-in's nonce, for the one who sent it (as a scan's replay). */
async function replay(ctx: CheckinCtx, actor: Actor, input: WalkInInput): Promise<WalkInAnswer> {
  const first = await repo.findScanByNonce(ctx.db, input.deviceId, input.nonce);
  if (!first) throw new AppError('internal', 'nonce seen but no scan stored');
  const sameScanner = actor.kind === 'user' ? first.actor_user_id === actor.userId : first.actor_token_id === actor.tokenId;
  if (!sameScanner || first.event_id !== input.eventId || first.code_kind !== 'walk_in' || !first.registration_id)
    throw new AppError('checkin.nonce_reused');
  const reg = await repo.findRegistrationStatus(ctx.db, first.registration_id);
  if (!reg) throw new AppError('internal', 'walk-in scan without its registration');
  return {
    registration: { id: reg.id, status: reg.status, walkIn: reg.walk_in_at !== null },
    checkin: {
      result: first.result,
      ...(first.checked_in_at &&
        (first.result === 'ok' || first.result === 'already_checked_in') && { firstCheckedInAt: first.checked_in_at }),
      ...(first.session_id && { sessionId: first.session_id }),
    },
    attendee: { name: first.full_name ?? '', ...(first.facility_name && { facility: first.facility_name }) },
    review: first.conflict !== null,
  };
}

/** Walk-ins admitted offline, uploaded with the device's queue: each as the door did it, the door's answer kept. */
export async function walkInBatch(
  ctx: CheckinCtx,
  actor: Actor,
  walkIns: (WalkInInput & { offlineResult?: CheckinResult | undefined })[],
): Promise<(WalkInAnswer & { nonce: string })[]> {
  for (const w of walkIns) assertMayScan(actor, w.eventId);
  const answers: (WalkInAnswer & { nonce: string })[] = [];
  for (const w of walkIns) answers.push({ nonce: w.nonce, ...(await walkIn(ctx, actor, w, { offlineResult: w.offlineResult ?? 'ok' })) });
  return answers;
}

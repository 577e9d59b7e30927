import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import type { BoothType, Database } from '../db/schema.js';
import { type SeatCount, seatCount } from '../events/seats.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { boothUnits, HOLDS_UNITS, promoteBoothRequests } from './booth-units.repository.js';
import { type BoothView, boothView, type HeldBoothView, heldBoothView, type RequestView, requestView } from './booths.presenter.js';
import * as repo from './booths.repository.js';
import type { CreateBoothsInput } from './booths.schemas.js';

export interface BoothCtx {
  db: Kysely<Database>;
  clock: Clock;
}

/** The fair, if this actor may manage it: 403 for door staff and other events' organisers. */
async function fairForStaffOrThrow(ctx: BoothCtx, actor: Actor, eventId: string) {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const event = await ctx.db
    .selectFrom('events')
    .select(['id', 'kind', 'capacity', 'confirmed_count'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!event) throw new AppError('event.not_found');
  if (!canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  if (event.kind !== 'fair') throw new AppError('booth.not_a_fair');
  return event;
}

export interface FairBooths {
  booths: BoothView[];
  requests: RequestView[];
  capacity: number;
  heldUnits: number;
  /** Booth units held against capacity (`seatCount`): left never negative, over when passed. */
  units: SeatCount;
}

/** A fair's inventory, its live requests and its booth-unit count, for the map and the API. */
export async function fairBoothsForStaff(ctx: BoothCtx, actor: Actor, eventId: string): Promise<FairBooths> {
  const event = await fairForStaffOrThrow(ctx, actor, eventId);
  const [booths, requests] = await Promise.all([repo.listInventory(ctx.db, eventId), repo.listRequests(ctx.db, eventId)]);
  return {
    booths: booths.map(boothView),
    requests: requests.map(requestView),
    capacity: event.capacity,
    heldUnits: event.confirmed_count,
    units: seatCount(event.capacity, event.confirmed_count),
  };
}

export type CreateBoothsResult = { result: 'created'; booths: BoothView[] } | { result: 'invalid'; issues: FieldIssue[] };

/**
 * Adds booths to a fair; its capacity becomes its inventory (counted in booths; from then on the
 * editor refuses another number), and a larger inventory moves waiting requests up. A code twice (in the fair or in the input) adds nothing.
 */
export async function createBooths(
  ctx: BoothCtx,
  actor: Actor,
  eventId: string,
  input: CreateBoothsInput,
  requestId?: string,
): Promise<CreateBoothsResult> {
  await fairForStaffOrThrow(ctx, actor, eventId);
  const now = ctx.clock.now();
  const codes = input.booths.map((b) => b.code);
  const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
  if (twice.length > 0) return { result: 'invalid', issues: [codeIssue(twice)] };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // The event row's lock orders this with registrations holding booth units.
      const event = await trx
        .selectFrom('events')
        .select(['requires_approval', 'capacity'])
        .where('id', '=', eventId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await repo.insertBooths(trx, eventId, input.booths);
      const capacity = await repo.countBooths(trx, eventId);
      await repo.setCapacity(trx, eventId, capacity, now);
      await promoteBoothRequests(trx, eventId, event.requires_approval, now);
      // The capacity before is kept: the first booths replace the number the organiser typed.
      const data = { codes, capacity: { before: event.capacity, after: capacity } };
      await recordAudit(trx, { actor, action: 'booth.create', entity: 'event', entityId: eventId, data, requestId });
    });
  } catch (err) {
    if (!isUniqueViolation(err, 'booths_code_per_event')) throw err;
    const existing = (await repo.listInventory(ctx.db, eventId)).map((b) => b.code);
    return { result: 'invalid', issues: [codeIssue(codes.filter((c) => existing.includes(c)))] };
  }
  const all = (await repo.listInventory(ctx.db, eventId)).map(boothView);
  return { result: 'created', booths: all.filter((b) => codes.includes(b.code)) };
}

function codeIssue(codes: string[]): FieldIssue {
  return {
    field: 'codes',
    code: 'booth_code_exists',
    message: `Mã gian đã có trong hội chợ: ${codes.join(', ')} / These codes are in the fair already: ${codes.join(', ')}`,
  };
}

export type AllocationResult =
  | { result: 'allocated'; registration: { id: string; eventId: string; status: string; booths: HeldBoothView[] } }
  | { result: 'taken'; codes: string[] }
  | { result: 'invalid'; issues: FieldIssue[] };

const boothIssue = (message: string): FieldIssue => ({ field: 'boothIds', code: 'invalid_value', message });

/**
 * Gives these booths to a pending or confirmed booth request. A booth is never given twice: the
 * partial unique index on active allocations refuses the second, whatever the concurrency (the
 * check before it only words the refusal). A request gets at most the booths it asked for.
 */
export async function allocateBooths(
  ctx: BoothCtx,
  actor: Actor,
  registrationId: string,
  boothIds: string[],
  scope: { eventId?: string; requestId?: string | undefined } = {},
): Promise<AllocationResult> {
  const reg = await ctx.db.selectFrom('registrations').select(['id', 'event_id']).where('id', '=', registrationId).executeTakeFirst();
  if (!reg || (scope.eventId && reg.event_id !== scope.eventId)) throw new AppError('registration.not_found');
  await fairForStaffOrThrow(ctx, actor, reg.event_id);
  const ids = [...new Set(boothIds)];
  const booths = await repo.findBooths(ctx.db, reg.event_id, ids);
  if (booths.length !== ids.length)
    return { result: 'invalid', issues: [boothIssue('Gian hàng không thuộc hội chợ này / A booth is not in this fair')] };
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<AllocationResult> => {
      const locked = await trx
        .selectFrom('registrations')
        .select(['id', 'status', 'booth_request'])
        .where('id', '=', reg.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const units = boothUnits(locked);
      if (units === null || !HOLDS_UNITS.includes(locked.status))
        throw new AppError('booth.not_allocatable', undefined, { status: locked.status });
      const held = await repo.activeBoothsOf(trx, reg.id);
      const fresh = ids.filter((id) => !held.some((h) => h.id === id));
      const taken = await repo.takenAmong(trx, fresh);
      if (taken.length > 0) return { result: 'taken', codes: taken.map((t) => t.code) };
      if (held.length + fresh.length > units) {
        return {
          result: 'invalid',
          issues: [
            boothIssue(`Yêu cầu có ${units} gian, đã giao ${held.length} / The request asks for ${units}, ${held.length} given already`),
          ],
        };
      }
      if (fresh.length > 0) {
        await repo.insertAllocations(trx, reg.id, fresh, now);
        const codes = booths.filter((b) => fresh.includes(b.id)).map((b) => b.code);
        await recordAudit(trx, {
          actor,
          action: 'booth.allocate',
          entity: 'registration',
          entityId: reg.id,
          data: { codes },
          requestId: scope.requestId,
        });
        // A confirmed facility is told at once; a pending one reads its booths in the approval email.
        if (locked.status === 'confirmed') await queueForRegistrations(trx, [reg.id], 'booth_changed', now);
      }
      const nowHeld = (await repo.activeBoothsOf(trx, reg.id)).map(heldBoothView);
      return { result: 'allocated', registration: { id: reg.id, eventId: reg.event_id, status: locked.status, booths: nowHeld } };
    });
  } catch (err) {
    if (!isUniqueViolation(err, 'booth_allocations_one_active')) throw err;
    const taken = await repo.takenAmong(ctx.db, ids);
    return { result: 'taken', codes: taken.filter((t) => t.registration_id !== reg.id).map((t) => t.code) };
  }
}

/** The app picks free booths for a request by type and zone (in code order), then allocates them. */
export async function allocateAutomatically(
  ctx: BoothCtx,
  actor: Actor,
  registrationId: string,
  filter: { type?: BoothType | undefined; zone?: string | undefined },
  scope: { eventId?: string; requestId?: string | undefined } = {},
): Promise<AllocationResult> {
  const reg = await ctx.db
    .selectFrom('registrations')
    .select(['id', 'event_id', 'booth_request'])
    .where('id', '=', registrationId)
    .executeTakeFirst();
  if (!reg || (scope.eventId && reg.event_id !== scope.eventId)) throw new AppError('registration.not_found');
  await fairForStaffOrThrow(ctx, actor, reg.event_id);
  for (let attempt = 0; ; attempt++) {
    const missing = (boothUnits(reg) ?? 0) - (await repo.activeBoothsOf(ctx.db, reg.id)).length;
    if (missing <= 0) return { result: 'invalid', issues: [boothIssue('Yêu cầu này đã đủ gian / This request has all its booths')] };
    const free = await repo.freeBooths(ctx.db, reg.event_id, filter, missing);
    if (free.length < missing) {
      return {
        result: 'invalid',
        issues: [
          boothIssue(
            `Không đủ gian trống phù hợp (cần ${missing}, còn ${free.length}) / Not enough matching free booths (need ${missing}, ${free.length} free)`,
          ),
        ],
      };
    }
    const done = await allocateBooths(
      ctx,
      actor,
      reg.id,
      free.map((b) => b.id),
      scope,
    );
    // Someone took one of them meanwhile: pick again.
    if (done.result !== 'taken' || attempt >= 2) return done;
  }
}

export type MoveResult =
  | { result: 'moved' | 'released'; registrationId: string }
  | { result: 'taken'; codes: string[] }
  | { result: 'invalid'; issues: FieldIssue[] };

/**
 * Moves a booth's allocation to another booth of the fair (`toBoothId`), or releases it (null).
 * Audited with before and after; the facility is told by email through the outbox.
 */
export async function moveOrReleaseBooth(
  ctx: BoothCtx,
  actor: Actor,
  eventId: string,
  boothId: string,
  toBoothId: string | null,
  requestId?: string,
): Promise<MoveResult> {
  await fairForStaffOrThrow(ctx, actor, eventId);
  const found = await repo.findBooths(ctx.db, eventId, toBoothId ? [boothId, toBoothId] : [boothId]);
  const from = found.find((b) => b.id === boothId);
  if (!from) throw new AppError('booth.not_found');
  const to = toBoothId ? found.find((b) => b.id === toBoothId) : null;
  if (toBoothId && !to)
    return {
      result: 'invalid',
      issues: [
        { field: 'toBoothId', code: 'invalid_value', message: 'Gian mới không thuộc hội chợ này / The new booth is not in this fair' },
      ],
    };
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<MoveResult> => {
      const allocation = await repo.lockAllocationOfBooth(trx, boothId);
      if (!allocation)
        return {
          result: 'invalid',
          issues: [{ field: 'boothId', code: 'not_allocated', message: 'Gian này chưa được giao / This booth is not allocated' }],
        };
      // Checked before anything is written: an answer returned here commits.
      if (to && (await repo.takenAmong(trx, [to.id])).length > 0) return { result: 'taken', codes: [to.code] };
      await repo.releaseBooth(trx, boothId, now);
      if (to) await repo.insertAllocations(trx, allocation.registration_id, [to.id], now);
      await recordAudit(trx, {
        actor,
        action: to ? 'booth.move' : 'booth.release',
        entity: 'registration',
        entityId: allocation.registration_id,
        data: { before: from.code, after: to?.code ?? null },
        requestId,
      });
      await queueForRegistrations(trx, [allocation.registration_id], 'booth_changed', now);
      return { result: to ? 'moved' : 'released', registrationId: allocation.registration_id };
    });
  } catch (err) {
    if (!isUniqueViolation(err, 'booth_allocations_one_active') || !to) throw err;
    return { result: 'taken', codes: [to.code] };
  }
}

/** The booths a registration holds now (its manage page and its API). */
export async function boothsOfRegistration(ctx: Pick<BoothCtx, 'db'>, registrationId: string): Promise<HeldBoothView[]> {
  return (await repo.activeBoothsOf(ctx.db, registrationId)).map(heldBoothView);
}

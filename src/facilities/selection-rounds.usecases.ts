import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { canEditFacilities, facilityReachOrThrow } from './facilities.usecases.js';
import * as repo from './selection-rounds.repository.js';
import type { EntryInput, ResultInput, RoundInput } from './selection-rounds.schemas.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * Rounds are the programme's, not any one event's: read by admins, programme managers and
 * organisers without a list of events; kept (rounds, entries, results) by admins and those organisers.
 */
function assertCanRead(actor: Actor): void {
  if (facilityReachOrThrow(actor) !== null) throw new AppError('auth.forbidden');
}
function assertCanEdit(actor: Actor): void {
  if (!canEditFacilities(actor)) throw new AppError('auth.forbidden');
}

export async function roundsPage(ctx: Ctx, actor: Actor) {
  assertCanRead(actor);
  const [rounds, programmes] = await Promise.all([repo.listRounds(ctx.db), repo.listProgrammes(ctx.db)]);
  return {
    rounds: rounds.map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level,
      district: r.district,
      heldOn: r.held_on,
      programmeName: r.programme_name,
      entries: r.entries,
      recorded: r.recorded,
      awarded: r.awarded,
      counted: r.counted,
    })),
    programmes: programmes.map((p) => ({ id: p.id, name: p.name_vi, nameEn: p.name_en })),
    canEdit: canEditFacilities(actor),
  };
}
export type RoundsPageData = Awaited<ReturnType<typeof roundsPage>>;

export async function roundPage(ctx: Ctx, actor: Actor, id: string) {
  assertCanRead(actor);
  const round = await repo.findRound(ctx.db, id);
  if (!round) throw new AppError('selection_round.not_found');
  const entries = await repo.listEntries(ctx.db, id);
  return {
    round: {
      id: round.id,
      title: round.title,
      level: round.level,
      district: round.district,
      heldOn: round.held_on,
      programmeName: round.programme_name,
      programmeNameEn: round.programme_name_en,
    },
    entries: entries.map((e) => ({
      id: e.id,
      productName: e.product_name,
      category: e.category,
      result: e.result,
      awardLevel: e.award_level,
      certificateNo: e.certificate_no,
      facilityId: e.facility_id,
      facilityName: e.facility_name,
      taxCode: e.tax_code,
      district: e.district,
    })),
    awarded: entries.filter((e) => e.result === 'awarded').length,
    canEdit: canEditFacilities(actor),
  };
}
export type RoundPageData = Awaited<ReturnType<typeof roundPage>>;

export type Invalid = { result: 'invalid'; issues: FieldIssue[] };

export async function createRound(
  ctx: Ctx,
  actor: Actor,
  input: RoundInput,
  requestId?: string,
): Promise<{ result: 'created'; id: string } | Invalid> {
  assertCanEdit(actor);
  if (input.programmeId && !(await repo.programmeExists(ctx.db, input.programmeId)))
    return {
      result: 'invalid',
      issues: [{ field: 'programmeId', code: 'not_found', message: 'Không có chương trình này / No such programme' }],
    };
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertRound(trx, {
      programme_id: input.programmeId ?? null,
      level: input.level,
      title: input.title,
      district: input.level === 'district' ? (input.district ?? null) : null,
      held_on: input.heldOn,
      created_by: actor.kind === 'user' ? actor.userId : null,
    });
    await recordAudit(trx, {
      actor,
      action: 'selection_round.create',
      entity: 'selection_round',
      entityId: id,
      data: { after: input },
      requestId: requestId ?? null,
    });
    return { result: 'created' as const, id };
  });
}

export async function addEntry(
  ctx: Ctx,
  actor: Actor,
  roundId: string,
  input: EntryInput,
  requestId?: string,
): Promise<{ result: 'added'; id: string }> {
  assertCanEdit(actor);
  const round = await repo.findRound(ctx.db, roundId);
  if (!round) throw new AppError('selection_round.not_found');
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const facilityId = await repo.findOrCreateFacility(
      trx,
      { name: input.facilityName, taxCode: input.taxCode ?? null, district: input.district },
      now,
    );
    const { id } = await repo.insertEntry(trx, {
      round_id: roundId,
      facility_id: facilityId,
      product_name: input.productName,
      category: input.category,
    });
    await recordAudit(trx, {
      actor,
      action: 'selection_entry.create',
      entity: 'selection_entry',
      entityId: id,
      data: { roundId, facilityId, after: input },
      requestId: requestId ?? null,
    });
    return { result: 'added' as const, id };
  });
}

/** The organiser's verdict on one product: audited with the result before and after. */
export async function recordResult(
  ctx: Ctx,
  actor: Actor,
  roundId: string,
  entryId: string,
  input: ResultInput,
  requestId?: string,
): Promise<{ result: 'recorded' } | Invalid> {
  assertCanEdit(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const entry = await repo.lockEntry(trx, roundId, entryId);
    if (!entry) throw new AppError('selection_entry.not_found');
    if (input.certificateNo && (await repo.certificateTaken(trx, roundId, input.certificateNo, entryId)))
      return {
        result: 'invalid' as const,
        issues: [
          {
            field: 'certificateNo',
            code: 'taken',
            message:
              'Số giấy chứng nhận này đã ghi cho sản phẩm khác của kỳ / This certificate number is already on another product of the round',
          },
        ],
      };
    const after = { result: input.result, award_level: input.awardLevel ?? null, certificate_no: input.certificateNo ?? null };
    await repo.recordResult(trx, entryId, { ...after, recorded_at: ctx.clock.now() });
    await recordAudit(trx, {
      actor,
      action: 'selection_entry.result',
      entity: 'selection_entry',
      entityId: entryId,
      data: { roundId, before: { result: entry.result, award_level: entry.award_level, certificate_no: entry.certificate_no }, after },
      requestId: requestId ?? null,
    });
    return { result: 'recorded' as const };
  });
}

/**
 * The `selection_rounds_held` metric (src/targets counts it through here): a programme's rounds
 * of the target's levels with results recorded. Rounds are no event's, so a reader limited to
 * some events counts none of them.
 */
export async function countRoundsHeld(
  db: Kysely<Database>,
  programmeId: string,
  period: { startsOn: string; endsOn: string; eventIds?: string[] | null | undefined },
  levels: string[],
) {
  if (period.eventIds) return [];
  return repo.roundsHeld(db, programmeId, period, levels);
}

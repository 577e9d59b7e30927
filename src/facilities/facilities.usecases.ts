import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, hasRole, programmeReach } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, Facility } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { facilityView, historyView, listItemView } from './facilities.presenter.js';
import * as repo from './facilities.repository.js';

export interface FacilitiesCtx {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * Whose facilities a reader sees: every facility (null), or those with a registration in the
 * reader's events (an organiser limited to some events sees only those events' people, and
 * the facility's history only in those events). Door staff see none.
 */
export function facilityReachOrThrow(actor: Actor): string[] | null {
  const reach = programmeReach(actor);
  if (!reach) throw new AppError('auth.forbidden');
  return reach.eventIds;
}

/**
 * A merge or a rename changes a facility for every event, so only someone who runs every event
 * may do it: admins and organisers without a list. Programme managers read.
 */
export function canEditFacilities(actor: Actor): boolean {
  return hasRole(actor, 'organiser') && actor.eventIds === null;
}

function assertCanEdit(actor: Actor): void {
  if (!canEditFacilities(actor)) throw new AppError('auth.forbidden');
}

export async function searchFacilities(ctx: FacilitiesCtx, actor: Actor, q: string) {
  const rows = await repo.searchFacilities(ctx.db, q, facilityReachOrThrow(actor));
  return { items: rows.slice(0, repo.LIST_LIMIT).map(listItemView), truncated: rows.length > repo.LIST_LIMIT };
}

/** The facility if the actor may see it: 404 when there is none, 403 when it is outside the reader's events. */
export async function findFacilityForOrThrow(ctx: FacilitiesCtx, actor: Actor, id: string): Promise<Facility> {
  const reach = facilityReachOrThrow(actor);
  const facility = await repo.findFacility(ctx.db, id);
  if (!facility) throw new AppError('facility.not_found');
  if (reach !== null && !(await repo.isWithinEvents(ctx.db, id, reach))) throw new AppError('auth.forbidden');
  return facility;
}

/** One facility's page: its record, the spellings seen, its fairs, courses, people and products. */
export async function facilityPage(ctx: FacilitiesCtx, actor: Actor, id: string) {
  const facility = await findFacilityForOrThrow(ctx, actor, id);
  const reach = facilityReachOrThrow(actor);
  const [variants, history, entries] = await Promise.all([
    repo.listVariants(ctx.db, id),
    repo.listHistory(ctx.db, id, reach),
    repo.listFacilityEntries(ctx.db, id),
  ]);
  return {
    facility: facilityView(facility, variants),
    history: historyView(history),
    entries: entries.map((e) => ({
      id: e.id,
      roundId: e.round_id,
      roundTitle: e.title,
      level: e.level,
      heldOn: e.held_on,
      productName: e.product_name,
      category: e.category,
      result: e.result,
      awardLevel: e.award_level,
      certificateNo: e.certificate_no,
    })),
    canEdit: canEditFacilities(actor),
  };
}
export type FacilityPageData = Awaited<ReturnType<typeof facilityPage>>;

/** Why two facilities cannot be merged; null when they can. */
export type MergeBlock = 'same_facility' | 'tax_codes_differ' | 'fairs_clash';

/** A fair where both records hold a live booth request (one facility may hold only one). */
export interface ClashingFair {
  id: string;
  title: string;
  titleEn: string | null;
}

function mergeBlock(keep: Facility, drop: Facility, clashes: ClashingFair[]): MergeBlock | null {
  if (keep.id === drop.id) return 'same_facility';
  if (keep.tax_code && drop.tax_code && keep.tax_code !== drop.tax_code) return 'tax_codes_differ';
  if (clashes.length > 0) return 'fairs_clash';
  return null;
}

async function fairClashes(db: Kysely<Database>, keepId: string, dropId: string): Promise<ClashingFair[]> {
  if (keepId === dropId) return [];
  const rows = await repo.findFairClashes(db, keepId, dropId);
  return rows.map((r) => ({ id: r.id, title: r.title, titleEn: r.title_en }));
}

/** The confirmation page's content: both records and what would move from `dropId` to `keepId`. */
export async function previewMerge(ctx: FacilitiesCtx, actor: Actor, keepId: string, dropId: string) {
  assertCanEdit(actor);
  const [keep, drop] = await Promise.all([findFacilityForOrThrow(ctx, actor, keepId), findFacilityForOrThrow(ctx, actor, dropId)]);
  const [dropVariants, keepVariants, moves, history, clashes] = await Promise.all([
    repo.listVariants(ctx.db, dropId),
    repo.listVariants(ctx.db, keepId),
    repo.countMovable(ctx.db, dropId),
    repo.listHistory(ctx.db, dropId, null),
    fairClashes(ctx.db, keepId, dropId),
  ]);
  return {
    keep: facilityView(keep, keepVariants),
    drop: facilityView(drop, dropVariants),
    moves,
    registrations: historyView(history).all,
    block: mergeBlock(keep, drop, clashes),
    clashes,
  };
}
export type MergePreview = Awaited<ReturnType<typeof previewMerge>>;

export type MergeOutcome =
  | { result: 'merged'; keptId: string; movedRegistrations: number }
  | { result: 'blocked'; reason: MergeBlock; clashes: ClashingFair[] };

/**
 * Folds `dropId` into `keepId`: its registrations, product entries and name variants move,
 * the kept record takes the details it lacked (a tax code among them), the other is deleted,
 * and the audit log says what moved, with both records before.
 */
export async function mergeFacilities(
  ctx: FacilitiesCtx,
  actor: Actor,
  keepId: string,
  dropId: string,
  requestId?: string,
): Promise<MergeOutcome> {
  assertCanEdit(actor);
  if (keepId === dropId) return { result: 'blocked', reason: 'same_facility', clashes: [] };
  try {
    return await mergeInTransaction(ctx, actor, keepId, dropId, requestId);
  } catch (err) {
    // A request that became live after the check without touching the locked facility rows
    // (a status change, say): nothing was written, and the answer is the check's refusal.
    if (!isUniqueViolation(err, 'registrations_facility_once_per_fair')) throw err;
    return { result: 'blocked', reason: 'fairs_clash', clashes: await fairClashes(ctx.db, keepId, dropId) };
  }
}

async function mergeInTransaction(
  ctx: FacilitiesCtx,
  actor: Actor,
  keepId: string,
  dropId: string,
  requestId: string | undefined,
): Promise<MergeOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockFacilities(trx, [keepId, dropId]);
    const keep = locked.find((f) => f.id === keepId);
    const drop = locked.find((f) => f.id === dropId);
    if (!keep || !drop) throw new AppError('facility.not_found');
    const clashes = await fairClashes(trx, keepId, dropId);
    const block = mergeBlock(keep, drop, clashes);
    if (block) return { result: 'blocked', reason: block, clashes };
    const now = ctx.clock.now();
    const moved = await repo.moveRegistrations(trx, drop.id, keep.id, now);
    const entries = await repo.moveEntries(trx, drop.id, keep.id);
    await repo.moveVariants(trx, drop, keep.id);
    // The duplicate goes first: its tax code is unique and moves to the kept record.
    await repo.deleteFacility(trx, drop.id);
    const filled = {
      tax_code: keep.tax_code ?? drop.tax_code,
      address: keep.address ?? drop.address,
      sector: keep.sector ?? drop.sector,
      representative: keep.representative ?? drop.representative,
      products: keep.products ?? drop.products,
    };
    await repo.fillFacility(trx, keep.id, filled, now);
    await recordAudit(trx, {
      actor,
      action: 'facility.merge',
      entity: 'facility',
      entityId: keep.id,
      data: {
        kept: recordOf(keep),
        merged: recordOf(drop),
        after: { ...recordOf(keep), taxCode: filled.tax_code },
        movedRegistrations: moved,
        movedEntries: entries,
      },
      requestId: requestId ?? null,
    });
    return { result: 'merged', keptId: keep.id, movedRegistrations: moved.length };
  });
}

function recordOf(f: Facility) {
  return { id: f.id, name: f.name, taxCode: f.tax_code, district: f.district, address: f.address };
}

export type RenameOutcome = { result: 'renamed' } | { result: 'not_a_variant' };

/** The name of record becomes one of the spellings registrations sent (audited, before and after). */
export async function renameFacility(
  ctx: FacilitiesCtx,
  actor: Actor,
  id: string,
  name: string,
  requestId?: string,
): Promise<RenameOutcome> {
  assertCanEdit(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const [facility] = await repo.lockFacilities(trx, [id, id]);
    if (!facility) throw new AppError('facility.not_found');
    const variants = await repo.listVariants(trx, id);
    if (!variants.some((v) => v.name === name)) return { result: 'not_a_variant' };
    await repo.renameFacility(trx, id, name, ctx.clock.now());
    await recordAudit(trx, {
      actor,
      action: 'facility.rename',
      entity: 'facility',
      entityId: id,
      data: { before: { name: facility.name }, after: { name } },
      requestId: requestId ?? null,
    });
    return { result: 'renamed' };
  });
}

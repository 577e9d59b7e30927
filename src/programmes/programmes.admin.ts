import type { Kysely, Transaction } from 'kysely';
import type { ProgrammeSeed, TargetSeed } from '../../db/seed/programmes.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import type { Database, ProgrammeTarget } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import * as repo from './programmes.repository.js';
import type { TargetPatch } from './programmes.schemas.js';
import { loadProgrammes, targetRow } from './programmes.usecases.js';

interface Ctx {
  db: Kysely<Database>;
}

interface Who {
  actor: Actor | null;
  requestId?: string | null;
}

/**
 * Adds another province's programme. A code that exists is refused (409), not merged: a file
 * uploaded again with a corrected goal would otherwise be ignored without a word, because
 * loading never overwrites. Goals and filters change through PATCH or the targets CSV.
 */
export async function importProgramme(ctx: Ctx, who: Who, seed: ProgrammeSeed): Promise<{ id: string; targets: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.findProgrammeIdByCode(trx, seed.code);
    if (existing) throw new AppError('programme.exists', undefined, { id: existing.id });
    const loaded = await loadProgrammes(trx, [seed]);
    // Two imports at once: the loser's insert did nothing; refuse it like the check above.
    if (loaded.programmes !== 1) throw new AppError('programme.exists');
    const found = await repo.findProgrammeIdByCode(trx, seed.code);
    if (!found) throw new AppError('internal', 'imported programme not found');
    const { id } = found;
    await recordAudit(trx, {
      ...who,
      action: 'programme.imported',
      entity: 'programme',
      entityId: id,
      data: { code: seed.code, targets: seed.targets.map((t) => t.code) },
    });
    return { id, targets: loaded.targets };
  });
}

async function programmeOrThrow(trx: Transaction<Database>, id: string) {
  // The row lock orders concurrent edits of one programme's targets (positions, audit).
  const row = await repo.lockProgramme(trx, id);
  if (!row) throw new AppError('programme.not_found');
  return row;
}

function columnsOf(t: Partial<TargetSeed> & { position?: number | undefined }) {
  return {
    ...(t.labelVi !== undefined && { label_vi: t.labelVi }),
    ...(t.labelEn !== undefined && { label_en: t.labelEn }),
    ...(t.goal !== undefined && { goal: t.goal }),
    ...(t.metric !== undefined && { metric: t.metric }),
    ...(t.unit !== undefined && { unit: t.unit }),
    ...(t.eventKinds !== undefined && { event_kinds: t.eventKinds }),
    ...(t.topics !== undefined && { topics: t.topics }),
    ...(t.fairScopes !== undefined && { fair_scopes: t.fairScopes }),
    ...(t.minAttendees !== undefined && { min_attendees: t.minAttendees }),
    ...(t.position !== undefined && { position: t.position }),
  };
}

/** The fields that differ, before and after, for the audit log (arrays compared by value). */
function changes(before: ProgrammeTarget, after: Record<string, unknown>) {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key as keyof ProgrammeTarget];
    if (JSON.stringify(old) !== JSON.stringify(value)) diff[key] = { from: old, to: value };
  }
  return diff;
}

/** Changes one target's goal, labels or filters; the audit log keeps what it was. */
export async function updateTarget(ctx: Ctx, who: Who, programmeId: string, code: string, patch: TargetPatch): Promise<ProgrammeTarget> {
  return ctx.db.transaction().execute(async (trx) => {
    await programmeOrThrow(trx, programmeId);
    const before = await repo.findTarget(trx, programmeId, code);
    if (!before) throw new AppError('target.not_found');
    const values = columnsOf(patch);
    const kinds = values.event_kinds ?? before.event_kinds;
    const scopes = values.fair_scopes ?? before.fair_scopes;
    if (scopes.length > 0 && !kinds.includes('fair')) {
      throw new AppError('validation.failed', undefined, {
        fields: [
          {
            field: 'fairScopes',
            code: 'custom',
            message: 'Cấp hội chợ chỉ dùng khi loại sự kiện có "fair" / fair scopes need the "fair" kind',
          },
        ],
      });
    }
    const diff = changes(before, values);
    if (Object.keys(diff).length === 0) return before;
    const after = await repo.updateTargetRow(trx, before.id, values);
    await recordAudit(trx, {
      ...who,
      action: 'target.updated',
      entity: 'programme_target',
      entityId: before.id,
      data: { programmeId, code, changes: diff },
    });
    return after;
  });
}

/**
 * Targets from a CSV file: a new code is added after the others, an existing one is updated
 * to the row (re-uploading an edited sheet is the point), an identical one is left alone.
 * All rows or none: the caller validated every row first.
 */
export async function importTargets(ctx: Ctx, who: Who, programmeId: string, targets: TargetSeed[]) {
  return ctx.db.transaction().execute(async (trx) => {
    await programmeOrThrow(trx, programmeId);
    const existing = await repo.listProgrammeTargets(trx, programmeId);
    const byCode = new Map(existing.map((t) => [t.code, t]));
    let position = existing.reduce((max, t) => Math.max(max, t.position), -1);
    const result = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
    for (const t of targets) {
      const values = columnsOf({ ...t, topics: t.topics ?? [], fairScopes: t.fairScopes ?? [], minAttendees: t.minAttendees ?? 1 });
      const before = byCode.get(t.code);
      if (!before) {
        position += 1;
        const row = await repo.insertTarget(trx, targetRow(programmeId, t, position));
        await recordAudit(trx, {
          ...who,
          action: 'target.created',
          entity: 'programme_target',
          entityId: row.id,
          data: { programmeId, code: t.code, source: 'csv' },
        });
        result.created.push(t.code);
        continue;
      }
      const diff = changes(before, values);
      if (Object.keys(diff).length === 0) {
        result.unchanged.push(t.code);
        continue;
      }
      await repo.updateTargetRow(trx, before.id, values);
      await recordAudit(trx, {
        ...who,
        action: 'target.updated',
        entity: 'programme_target',
        entityId: before.id,
        data: { programmeId, code: t.code, source: 'csv', changes: diff },
      });
      result.updated.push(t.code);
    }
    return result;
  });
}

export function targetView(t: ProgrammeTarget) {
  return {
    code: t.code,
    labelVi: t.label_vi,
    labelEn: t.label_en,
    goal: t.goal,
    metric: t.metric,
    unit: t.unit,
    eventKinds: t.event_kinds,
    topics: t.topics,
    fairScopes: t.fair_scopes,
    minAttendees: t.min_attendees,
    position: t.position,
  };
}

export interface NewProgrammeInput {
  code: string;
  nameVi: string;
  nameEn: string;
  province: string;
  legalBasis?: string | undefined;
  startsOn: string;
  endsOn: string;
}

/** What adding a programme came to: the page says so, and a code taken is a value, not an error page. */
export type AddOutcome = { result: 'created'; id: string; targets: number } | { result: 'exists'; id: string | null };

/**
 * A programme with no targets yet (its targets come next, from a CSV or the targets page);
 * a code that exists is refused as an outcome. Audited like an import.
 */
export async function createProgramme(ctx: Ctx, who: Who, input: NewProgrammeInput): Promise<AddOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.findProgrammeIdByCode(trx, input.code);
    if (existing) return { result: 'exists', id: existing.id };
    const { id, created } = await repo.ensureProgramme(trx, {
      code: input.code,
      name_vi: input.nameVi,
      name_en: input.nameEn,
      province: input.province,
      legal_basis: input.legalBasis ?? null,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
    });
    // Two creations at once: the loser's insert did nothing.
    if (!created) return { result: 'exists', id };
    await recordAudit(trx, { ...who, action: 'programme.created', entity: 'programme', entityId: id, data: { code: input.code } });
    return { result: 'created', id, targets: 0 };
  });
}

/** importProgramme for the pages: a code that exists comes back as an outcome. */
export async function importProgrammeOutcome(ctx: Ctx, who: Who, seed: ProgrammeSeed): Promise<AddOutcome> {
  const existing = await repo.findProgrammeIdByCode(ctx.db, seed.code);
  if (existing) return { result: 'exists', id: existing.id };
  try {
    const created = await importProgramme(ctx, who, seed);
    return { result: 'created', ...created };
  } catch (err) {
    // Lost a race with another import of the same code.
    if (err instanceof AppError && err.code === 'programme.exists') return { result: 'exists', id: null };
    throw err;
  }
}

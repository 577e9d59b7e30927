import type { Kysely } from 'kysely';
import type { ProgrammeSeed, TargetSeed } from '../../db/seed/programmes.js';
import type { Database, NewProgrammeTarget, ProgrammeTarget } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import * as repo from './programmes.repository.js';

/** Loads programmes and their targets; running it again adds nothing. */
export async function loadProgrammes(db: Kysely<Database>, seeds: ProgrammeSeed[]): Promise<{ programmes: number; targets: number }> {
  let programmes = 0;
  let targets = 0;
  // Inside a caller's transaction (an admin's import, with its audit entry) it joins that one.
  const inTransaction = (work: (trx: Kysely<Database>) => Promise<void>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  await inTransaction(async (trx) => {
    for (const seed of seeds) {
      const { id, created } = await repo.ensureProgramme(trx, {
        code: seed.code,
        name_vi: seed.nameVi,
        name_en: seed.nameEn,
        province: seed.province,
        legal_basis: seed.legalBasis,
        starts_on: seed.startsOn,
        ends_on: seed.endsOn,
      });
      if (created) programmes++;
      targets += await repo.ensureTargets(
        trx,
        seed.targets.map((t, position) => targetRow(id, t, position)),
      );
    }
  });
  return { programmes, targets };
}

export interface ProgrammeView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  province: string;
  legalBasis: string | null;
  startsOn: string;
  endsOn: string;
  targets: TargetDefinition[];
}

export interface TargetDefinition {
  code: string;
  label: string;
  labelEn: string;
  metric: ProgrammeTarget['metric'];
  goal: number;
  unit: string;
  filter: { eventKinds: string[]; topics: string[]; fairScopes: string[]; minAttendees: number };
}

export async function listProgrammesWithTargets(db: Kysely<Database>): Promise<ProgrammeView[]> {
  const programmes = await repo.listProgrammes(db);
  const targets = await repo.listTargets(
    db,
    programmes.map((p) => p.id),
  );
  return programmes.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name_vi,
    nameEn: p.name_en,
    province: p.province,
    legalBasis: p.legal_basis,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    targets: targets
      .filter((t) => t.programme_id === p.id)
      .map((t) => ({
        code: t.code,
        label: t.label_vi,
        labelEn: t.label_en,
        metric: t.metric,
        goal: t.goal,
        unit: t.unit,
        filter: { eventKinds: t.event_kinds, topics: t.topics, fairScopes: t.fair_scopes, minAttendees: t.min_attendees },
      })),
  }));
}

/** A target as stored: empty lists narrow nothing, and an event is held from one attendee. */
export function targetRow(programmeId: string, t: TargetSeed, position: number): NewProgrammeTarget {
  return {
    programme_id: programmeId,
    code: t.code,
    label_vi: t.labelVi,
    label_en: t.labelEn,
    goal: t.goal,
    metric: t.metric,
    unit: t.unit,
    event_kinds: t.eventKinds,
    topics: t.topics ?? [],
    fair_scopes: t.fairScopes ?? [],
    min_attendees: t.minAttendees ?? 1,
    position,
  };
}

/** One programme with its targets, as the pages show it; an unknown id is a 404. */
export async function programmeWithTargetsOrThrow(db: Kysely<Database>, id: string): Promise<ProgrammeView> {
  const found = (await listProgrammesWithTargets(db)).find((p) => p.id === id);
  if (!found) throw new AppError('programme.not_found');
  return found;
}

import type { Kysely, Transaction } from 'kysely';
import type { Database, NewProgramme, NewProgrammeTarget, ProgrammeTargetUpdate } from '../db/schema.js';

type Db = Kysely<Database>;

/** Inserts the programme unless its code exists; returns its id either way. */
export async function ensureProgramme(db: Db, programme: NewProgramme): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('programmes')
    .values(programme)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom('programmes').select('id').where('code', '=', programme.code).executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Adds targets whose code the programme lacks; never overwrites an admin's edits. */
export async function ensureTargets(db: Db, targets: NewProgrammeTarget[]): Promise<number> {
  if (targets.length === 0) return 0;
  const rows = await db
    .insertInto('programme_targets')
    .values(targets)
    .onConflict((oc) => oc.columns(['programme_id', 'code']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export function listProgrammes(db: Db) {
  return db.selectFrom('programmes').selectAll().orderBy('starts_on', 'desc').orderBy('code').execute();
}

export function listTargets(db: Db, programmeIds: string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_targets')
    .selectAll()
    .where('programme_id', 'in', programmeIds)
    .orderBy('programme_id')
    .orderBy('position')
    .execute();
}

export function findProgramme(db: Db, id: string) {
  return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listProgrammeTargets(db: Db, programmeId: string) {
  return db.selectFrom('programme_targets').selectAll().where('programme_id', '=', programmeId).orderBy('position').execute();
}

export function findTarget(db: Db, programmeId: string, code: string) {
  return db.selectFrom('programme_targets').selectAll().where('programme_id', '=', programmeId).where('code', '=', code).executeTakeFirst();
}

export function findProgrammeIdByCode(db: Db, code: string) {
  return db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirst();
}

/** Locks the programme row: concurrent edits of one programme's targets (positions, audit) take turns. */
export function lockProgramme(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('programmes').select(['id', 'code']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertTarget(db: Db, target: NewProgrammeTarget) {
  return db.insertInto('programme_targets').values(target).returning('id').executeTakeFirstOrThrow();
}

export function updateTargetRow(db: Db, id: string, values: ProgrammeTargetUpdate) {
  return db.updateTable('programme_targets').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

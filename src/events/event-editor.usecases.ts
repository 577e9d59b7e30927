import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { countBooths } from '../booths/booths.repository.js';
import type { Database, QuestionType } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { inZone, toIsoInZone } from '../shared/time.js';
import * as repo from './events.repository.js';
import { createEvent, type EventSave, type EventView, getEventForStaffOrThrow } from './events.usecases.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

/** A question as the editor shows it: retired ones too, and whether people have answered. */
export interface EditorQuestion {
  id: string;
  label: string;
  labelEn: string | null;
  type: QuestionType;
  required: boolean;
  options: string[];
  retired: boolean;
  answered: boolean;
  /** For a choice: the options someone chose, which stay (`planQuestionEdits`). */
  chosen: string[];
}

/** The event with every question it ever asked (and a fair's booths on its map), for the editor and the event's home page. */
export async function getEventForEditingOrThrow(
  ctx: Ctx,
  actor: Actor,
  id: string,
): Promise<{ event: EventView; questions: EditorQuestion[]; boothCount: number }> {
  const event = await getEventForStaffOrThrow(ctx, actor, id);
  const [stored, answered, boothCount] = await Promise.all([
    repo.findQuestions(ctx.db, id),
    repo.answeredValues(ctx.db, id),
    event.kind === 'fair' ? countBooths(ctx.db, id) : 0,
  ]);
  const questions = stored.map((q) => {
    const values = answered.get(q.id);
    return {
      id: q.id,
      label: q.label,
      labelEn: q.label_en,
      type: q.type,
      required: q.required,
      options: q.options,
      retired: q.retired_at !== null,
      answered: values !== undefined,
      chosen: q.type === 'choice' && values ? q.options.filter((o) => values.has(o)) : [],
    };
  });
  return { event, questions, boothCount };
}

/** Who a cancellation tells: active registrations, by status, with and without an email to reach. */
export interface CancellationAudience {
  confirmed: number;
  waitlisted: number;
  pending: number;
  /** These get the cancellation email (with a calendar CANCEL for the confirmed). */
  withEmail: number;
  /** These have no email: the organisers must call them. */
  withoutEmail: number;
}

export async function cancellationAudience(ctx: Ctx, actor: Actor, id: string): Promise<CancellationAudience> {
  await getEventForStaffOrThrow(ctx, actor, id);
  const rows = await repo.activeRegistrationCounts(ctx.db, id);
  const audience: CancellationAudience = { confirmed: 0, waitlisted: 0, pending: 0, withEmail: 0, withoutEmail: 0 };
  for (const row of rows) {
    audience[row.status] += row.n;
    if (row.hasEmail) audience.withEmail += row.n;
    else audience.withoutEmail += row.n;
  }
  return audience;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The next run of an event: a draft with the same fields and form questions, its sessions moved
 * so the first starts on `firstDay` (YYYY-MM-DD, Vietnam time) at the same time of day, every
 * other session and the registration window moved by the same number of days.
 */
export async function duplicateEvent(ctx: Ctx, actor: Actor, id: string, firstDay: string, requestId?: string): Promise<EventSave> {
  const source = await getEventForStaffOrThrow(ctx, actor, id);
  const sessions = source.sessions ?? [];
  const first = sessions[0];
  const days = first
    ? Math.round(
        inZone(new Date(`${firstDay}T00:00:00+07:00`))
          .startOf('day')
          .diff(inZone(first.startsAt).startOf('day'), 'days').days,
      )
    : 0;
  const shift = (at: Date) => toIsoInZone(new Date(at.getTime() + days * DAY_MS));
  const done = await createEvent(
    ctx,
    actor,
    {
      kind: source.kind,
      title: source.title,
      ...(source.titleEn && { titleEn: source.titleEn }),
      description: source.description,
      ...(source.descriptionEn && { descriptionEn: source.descriptionEn }),
      capacity: source.capacity,
      ...(source.venue && {
        venue: {
          name: source.venue.name,
          address: source.venue.address,
          ...(source.venue.district && { district: source.venue.district }),
        },
      }),
      ...(source.topic && { topic: source.topic }),
      ...(source.scope && { scope: source.scope }),
      requiresApproval: source.requiresApproval,
      completionShare: source.completionShare,
      ...(source.registrationOpensAt && { registrationOpensAt: shift(source.registrationOpensAt) }),
      ...(source.registrationClosesAt && { registrationClosesAt: shift(source.registrationClosesAt) }),
      ...(source.programmeId && { programmeId: source.programmeId }),
      emailRequired: source.emailRequired,
      certificatesAutomatic: source.certificatesAutomatic,
      sessions: sessions.map((s) => ({
        ...(s.title && { title: s.title }),
        ...(s.titleEn && { titleEn: s.titleEn }),
        startsAt: shift(s.startsAt),
        endsAt: shift(s.endsAt),
      })),
      questions: (source.questions ?? []).map((q) => ({
        label: q.label,
        ...(q.labelEn && { labelEn: q.labelEn }),
        type: q.type,
        required: q.required,
        ...(q.type === 'choice' && { options: q.options }),
      })),
    },
    requestId,
  );
  if (done.result === 'saved') {
    await recordAudit(ctx.db, {
      actor,
      action: 'event.duplicate',
      entity: 'event',
      entityId: done.event.id,
      data: { from: id, days },
      requestId,
    });
  }
  return done;
}

import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { countBooths } from '../booths/booths.repository.js';
import type { Database, EventKind, EventStatus, EventUpdate, FairScope } from '../db/schema.js';
import { queueForEvent } from '../mail/outbox.repository.js';
import { ACTIVE, promoteWaitlist } from '../registrations/registrations.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { startOfDay } from '../shared/time.js';
import { eventChanges } from './event-changes.js';
import * as repo from './events.repository.js';
import type { CreateEventInput, ListEventsQuery, QuestionEditInput, UpdateEventInput } from './events.schemas.js';
import { planQuestionEdits, type QuestionPlan } from './question-rules.js';
import { type RegistrationWindow, registrationWindow } from './registration-window.js';
import { type SeatCount, seatCount } from './seats.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

export interface EventView {
  id: string;
  kind: EventKind;
  status: EventStatus;
  title: string;
  titleEn: string | null;
  description: string;
  descriptionEn: string | null;
  topic: string | null;
  scope: FairScope | null;
  programmeId: string | null;
  venue: { name: string; address: string; district: string | null } | null;
  capacity: number;
  /** `seatCount` (seats.ts): never negative; `seats.over` says by how much capacity is passed. */
  seatsLeft: number;
  seats: SeatCount;
  waitlistCount: number;
  requiresApproval: boolean;
  completionShare: number;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  registrationOpen: boolean;
  /** Where the registration window stands now (`registrationWindow`). */
  registrationState: RegistrationWindow['state'];
  startsAt: Date | null;
  endsAt: Date | null;
  version: number;
  emailRequired: boolean;
  walkInsBeyondCapacity: boolean;
  certificatesAutomatic: boolean;
  sessions?: { id: string; title: string | null; titleEn: string | null; startsAt: Date; endsAt: Date }[];
  questions?: { id: string; label: string; labelEn: string | null; type: repo.QuestionRow['type']; required: boolean; options: string[] }[];
}

function toView(row: repo.EventRow, now: Date, sessions?: repo.SessionRow[], questions?: repo.QuestionRow[]): EventView {
  const startsAt = row.starts_at ? new Date(row.starts_at) : null;
  const endsAt = row.ends_at ? new Date(row.ends_at) : null;
  const seats = seatCount(row.capacity, row.confirmed_count);
  const window = registrationWindow(
    { status: row.status, registrationOpensAt: row.registration_opens_at, registrationClosesAt: row.registration_closes_at, startsAt },
    now,
  );
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    titleEn: row.title_en,
    description: row.description,
    descriptionEn: row.description_en,
    topic: row.topic,
    scope: row.scope,
    programmeId: row.programme_id,
    venue: row.venue_name ? { name: row.venue_name, address: row.venue_address ?? '', district: row.venue_district } : null,
    capacity: row.capacity,
    seatsLeft: seats.left,
    seats,
    waitlistCount: Number(row.waitlist_count ?? 0),
    requiresApproval: row.requires_approval,
    completionShare: Number(row.completion_share),
    registrationOpensAt: row.registration_opens_at,
    registrationClosesAt: row.registration_closes_at,
    registrationOpen: window.state === 'open',
    registrationState: window.state,
    startsAt,
    endsAt,
    version: row.version,
    emailRequired: row.email_required,
    walkInsBeyondCapacity: row.walk_ins_beyond_capacity,
    certificatesAutomatic: row.certificates_auto,
    ...(sessions && {
      sessions: sessions.map((s) => ({ id: s.id, title: s.title, titleEn: s.title_en, startsAt: s.starts_at, endsAt: s.ends_at })),
    }),
    ...(questions && {
      // Retired questions keep their answers but are no longer asked: the view shows the form's questions.
      questions: questions
        .filter((q) => q.retired_at === null)
        .map((q) => ({
          id: q.id,
          label: q.label,
          labelEn: q.label_en,
          type: q.type,
          required: q.required,
          options: q.options,
        })),
    }),
  };
}

export async function listPublicEvents(ctx: Ctx, query: Pick<ListEventsQuery, 'kind' | 'from' | 'to'>): Promise<EventView[]> {
  const asInstant = (v?: string) => (v === undefined ? undefined : v.length === 10 ? startOfDay(v) : new Date(v));
  // A bare `to` day includes that whole day.
  const to = query.to?.length === 10 ? new Date(startOfDay(query.to).getTime() + 24 * 3600 * 1000) : asInstant(query.to);
  const rows = await repo.listPublishedEvents(ctx.db, { kind: query.kind, from: asInstant(query.from), to });
  const now = ctx.clock.now();
  return rows.map((r) => toView(r, now));
}

/** The public face of an event: drafts do not exist for the public. */
export async function getPublicEventOrThrow(ctx: Ctx, id: string): Promise<EventView> {
  const row = await repo.findEvent(ctx.db, id);
  if (!row || row.status === 'draft') throw new AppError('event.not_found');
  return toView(row, ctx.clock.now(), await repo.findSessions(ctx.db, id), await repo.findQuestions(ctx.db, id));
}

export async function getEventForStaffOrThrow(ctx: Ctx, actor: Actor, id: string): Promise<EventView> {
  const row = await repo.findEvent(ctx.db, id);
  if (!row) throw new AppError('event.not_found');
  if (!canAccessEvent(actor, id)) throw new AppError('auth.forbidden');
  return toView(row, ctx.clock.now(), await repo.findSessions(ctx.db, id), await repo.findQuestions(ctx.db, id));
}

export async function listEventsForStaff(ctx: Ctx, actor: Actor): Promise<EventView[]> {
  const now = ctx.clock.now();
  const rows = await repo.listAllEvents(ctx.db);
  return rows.filter((r) => canAccessEvent(actor, r.id)).map((r) => toView(r, now));
}

async function programmeIssues(db: Kysely<Database>, programmeId: string | null | undefined): Promise<FieldIssue[]> {
  if (programmeId && !(await repo.programmeExists(db, programmeId))) {
    return [{ field: 'programmeId', code: 'unknown_programme', message: 'Không có chương trình này / No such programme' }];
  }
  return [];
}

/** What saving an event came to: saved, or refused with the fields to correct (nothing written). */
export type EventSave = { result: 'saved'; event: EventView } | { result: 'invalid'; issues: FieldIssue[] };

/** May this actor make new events? A token or account limited to some events may not. */
export function canCreateEvents(actor: Actor): boolean {
  return actor.eventIds === null && hasRole(actor, 'organiser');
}

export async function createEvent(ctx: Ctx, actor: Actor, input: CreateEventInput, requestId?: string): Promise<EventSave> {
  if (!canCreateEvents(actor)) throw new AppError('auth.forbidden');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const issues = await programmeIssues(trx, input.programmeId);
    if (issues.length) return { issues };
    const venueId = input.venue ? await repo.upsertVenue(trx, input.venue) : null;
    const { id } = await repo.insertEvent(trx, {
      kind: input.kind,
      title: input.title,
      title_en: input.titleEn ?? null,
      description: input.description ?? '',
      description_en: input.descriptionEn ?? null,
      topic: input.topic ?? null,
      scope: input.scope ?? null,
      capacity: input.capacity,
      venue_id: venueId,
      // Fairs hand out booths, so they wait for an organiser's decision unless told otherwise.
      requires_approval: input.requiresApproval ?? input.kind === 'fair',
      completion_share: String(input.completionShare ?? 0.8),
      registration_opens_at: input.registrationOpensAt ?? null,
      registration_closes_at: input.registrationClosesAt ?? null,
      programme_id: input.programmeId ?? null,
      email_required: input.emailRequired ?? true,
      walk_ins_beyond_capacity: input.walkInsBeyondCapacity ?? true,
      certificates_auto: input.certificatesAutomatic ?? false,
      created_by: actor.kind === 'user' ? actor.userId : null,
    });
    await repo.replaceSessions(trx, id, input.sessions);
    await repo.insertQuestions(trx, id, input.questions ?? []);
    await recordAudit(trx, {
      actor,
      action: 'event.create',
      entity: 'event',
      entityId: id,
      data: { title: input.title, kind: input.kind },
      requestId,
    });
    return id;
  });
  if (typeof id !== 'string') return { result: 'invalid', issues: id.issues };
  return { result: 'saved', event: await getEventForStaffOrThrow(ctx, actor, id) };
}

/**
 * A fair with booths on its map holds as many booth units as it has booths (README, Decision "a
 * fair's capacity follows its booths once it has any"): its capacity changes on the booth page.
 */
function capacityFollowsBooths(booths: number): FieldIssue {
  return {
    field: 'capacity',
    code: 'follows_booths',
    message: `Hội chợ đã có ${booths} gian trên sơ đồ nên sức chứa là ${booths} gian; thêm gian ở trang Gian hàng / This fair has ${booths} booths on its map, so its capacity is ${booths}; add booths on the Booths page`,
  };
}

export async function updateEvent(ctx: Ctx, actor: Actor, id: string, input: UpdateEventInput, requestId?: string): Promise<EventSave> {
  const refused = await ctx.db.transaction().execute(async (trx): Promise<FieldIssue[] | null> => {
    const event = await repo.lockEvent(trx, id);
    if (!event) throw new AppError('event.not_found');
    if (!canAccessEvent(actor, id)) throw new AppError('auth.forbidden');
    if (event.status === 'cancelled' || event.status === 'completed') throw new AppError('event.invalid_transition');
    const issues: FieldIssue[] = [];
    if (input.scope !== undefined && event.kind !== 'fair') {
      issues.push({ field: 'scope', code: 'custom', message: 'Chỉ hội chợ có phạm vi / Only fairs have a scope' });
    }
    if (input.topic === null && event.kind === 'training_class') {
      issues.push({ field: 'topic', code: 'custom', message: 'Lớp đào tạo cần chủ đề / A training class needs a topic' });
    }
    const opens = input.registrationOpensAt === undefined ? event.registration_opens_at : input.registrationOpensAt;
    const closes = input.registrationClosesAt === undefined ? event.registration_closes_at : input.registrationClosesAt;
    if (opens && closes && new Date(closes) <= new Date(opens)) {
      issues.push({
        field: 'registrationClosesAt',
        code: 'custom',
        message: 'Hạn đóng đăng ký phải sau giờ mở / registrationClosesAt must be after registrationOpensAt',
      });
    }
    // Unchanged passes: the editor posts every field, and a fair's capacity set before this rule may differ.
    if (input.capacity !== undefined && input.capacity !== event.capacity && event.kind === 'fair') {
      const booths = await countBooths(trx, id);
      if (booths > 0 && input.capacity !== booths) issues.push(capacityFollowsBooths(booths));
    }
    issues.push(...(await programmeIssues(trx, input.programmeId)));
    const questionPlan = input.questions ? await planQuestions(trx, id, input.questions) : null;
    if (questionPlan && !questionPlan.ok) issues.push(...questionPlan.issues);
    // Refused before anything is written: the transaction commits nothing.
    if (issues.length) return issues;
    // As it was, for the audit log's before and after.
    const was = await repo.findEvent(trx, id);
    const wasSessions = input.sessions ? await repo.findSessions(trx, id) : [];

    const set: EventUpdate = { updated_at: ctx.clock.now() };
    if (input.title !== undefined) set.title = input.title;
    if (input.titleEn !== undefined) set.title_en = input.titleEn;
    if (input.description !== undefined) set.description = input.description;
    if (input.descriptionEn !== undefined) set.description_en = input.descriptionEn;
    if (input.capacity !== undefined) set.capacity = input.capacity;
    if (input.topic !== undefined) set.topic = input.topic;
    if (input.scope !== undefined) set.scope = input.scope;
    if (input.requiresApproval !== undefined) set.requires_approval = input.requiresApproval;
    if (input.completionShare !== undefined) set.completion_share = String(input.completionShare);
    if (input.registrationOpensAt !== undefined) set.registration_opens_at = input.registrationOpensAt;
    if (input.registrationClosesAt !== undefined) set.registration_closes_at = input.registrationClosesAt;
    if (input.programmeId !== undefined) set.programme_id = input.programmeId;
    if (input.emailRequired !== undefined) set.email_required = input.emailRequired;
    if (input.walkInsBeyondCapacity !== undefined) set.walk_ins_beyond_capacity = input.walkInsBeyondCapacity;
    if (input.certificatesAutomatic !== undefined) set.certificates_auto = input.certificatesAutomatic;

    let placeOrTimeChanged = false;
    if (input.venue !== undefined) {
      const venueId = input.venue ? await repo.upsertVenue(trx, input.venue) : null;
      placeOrTimeChanged ||= venueId !== event.venue_id;
      set.venue_id = venueId;
    }
    if (input.sessions) placeOrTimeChanged = (await repo.replaceSessions(trx, id, input.sessions)) || placeOrTimeChanged;
    if (questionPlan?.ok) await repo.applyQuestionPlan(trx, id, questionPlan.plan, ctx.clock.now());
    // The version is the calendar invites' SEQUENCE: it moves only when time or place moves.
    if (placeOrTimeChanged) set.version = event.version + 1;
    await repo.updateEvent(trx, id, set);
    // Every confirmed registrant gets the new time or place and an invite with the new SEQUENCE.
    if (placeOrTimeChanged) await queueForEvent(trx, id, ['confirmed'], 'event_changed', ctx.clock.now());
    // More seats: the waitlist moves up in the same transaction (the event row is locked).
    if (input.capacity !== undefined && input.capacity > event.capacity) await promoteWaitlist(trx, id, ctx.clock.now());
    await recordAudit(trx, {
      actor,
      action: 'event.update',
      entity: 'event',
      entityId: id,
      data: {
        fields: Object.keys(input),
        placeOrTimeChanged,
        changes: was ? eventChanges(was, wasSessions, input) : {},
        ...(questionPlan?.ok && { questions: questionCounts(questionPlan.plan) }),
      },
      requestId,
    });
    return null;
  });
  if (refused) return { result: 'invalid', issues: refused };
  return { result: 'saved', event: await getEventForStaffOrThrow(ctx, actor, id) };
}

/** The stored questions, retired ones included, against the answers given: the edit rule's inputs. */
async function planQuestions(trx: Transaction<Database>, eventId: string, edits: QuestionEditInput[]) {
  const [stored, answered] = await Promise.all([repo.findQuestions(trx, eventId), repo.answeredValues(trx, eventId)]);
  return planQuestionEdits(
    stored.map((q) => ({ id: q.id, type: q.type, options: q.options, retired: q.retired_at !== null })),
    answered,
    edits,
  );
}

function questionCounts(plan: QuestionPlan) {
  return {
    added: plan.insert.length,
    edited: plan.update.length,
    deleted: plan.delete.length,
    retired: plan.retire.length + plan.update.filter((q) => q.retired).length,
  };
}

async function transition(ctx: Ctx, actor: Actor, id: string, action: 'publish' | 'cancel', requestId?: string): Promise<EventView> {
  await ctx.db.transaction().execute(async (trx) => {
    const event = await repo.lockEvent(trx, id);
    if (!event) throw new AppError('event.not_found');
    if (!canAccessEvent(actor, id)) throw new AppError('auth.forbidden');
    const now = ctx.clock.now();
    const target: EventStatus = action === 'publish' ? 'published' : 'cancelled';
    if (event.status === target) return; // repeating a transition changes nothing
    const allowed = action === 'publish' ? event.status === 'draft' : event.status === 'draft' || event.status === 'published';
    if (!allowed) throw new AppError('event.invalid_transition', undefined, { status: event.status });
    await repo.updateEvent(trx, id, {
      status: target,
      updated_at: now,
      ...(action === 'publish' ? { published_at: now } : { cancelled_at: now }),
    });
    if (action === 'cancel') await queueForEvent(trx, id, ACTIVE, 'event_cancelled', now);
    await recordAudit(trx, { actor, action: `event.${action}`, entity: 'event', entityId: id, data: { from: event.status }, requestId });
  });
  return getEventForStaffOrThrow(ctx, actor, id);
}

export const publishEvent = (ctx: Ctx, actor: Actor, id: string, requestId?: string) => transition(ctx, actor, id, 'publish', requestId);
export const cancelEvent = (ctx: Ctx, actor: Actor, id: string, requestId?: string) => transition(ctx, actor, id, 'cancel', requestId);

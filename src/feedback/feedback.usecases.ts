import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/schema.js';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { hashToken } from '../shared/tokens.js';
import { type EventResults, eventResultsView, type Survey, surveyView } from './feedback.presenter.js';
import * as repo from './feedback.repository.js';
import { isSurveyed } from './feedback.rules.js';

export interface FeedbackCtx {
  db: Kysely<Database>;
  clock: Clock;
}

/** Why the survey cannot take an answer from this holder now. */
export type SurveyRefusal = 'feedback.already_given' | 'feedback.not_attended' | 'feedback.not_open' | 'feedback.not_surveyed';

/**
 * Whether a holder may answer now: a surveyed event (training), a confirmed registration present
 * at one session at least, that session begun, and no answer yet. One answer per registration,
 * never edited: the first is what the organisers read.
 */
export function refusalOf(r: repo.RespondentRow, now: Date): SurveyRefusal | null {
  if (r.submitted_at !== null) return 'feedback.already_given';
  if (!isSurveyed(r.event_kind)) return 'feedback.not_surveyed';
  if (r.status !== 'confirmed' || r.first_attended_start === null) return 'feedback.not_attended';
  if (new Date(r.first_attended_start) > now) return 'feedback.not_open';
  return null;
}

async function respondentOrThrow(db: Kysely<Database>, manageToken: string): Promise<repo.RespondentRow> {
  const r = await repo.findRespondent(db, hashToken(manageToken));
  if (!r) throw new AppError('registration.not_found');
  return r;
}

/** The survey as the holder of the manage link sees it: open, answered (with the answer) or refused and why. */
export async function surveyFor(ctx: FeedbackCtx, manageToken: string): Promise<Survey> {
  const r = await respondentOrThrow(ctx.db, manageToken);
  return surveyView(r, refusalOf(r, ctx.clock.now()));
}

export type GiveOutcome = { result: 'saved'; survey: Survey } | { result: 'refused'; code: SurveyRefusal };

/**
 * Keeps the holder's answer, once. Two posts at once both pass the check; the primary key lets
 * one write, and the other is told the answer is already given.
 */
export async function giveFeedback(ctx: FeedbackCtx, manageToken: string, answer: repo.FeedbackAnswer): Promise<GiveOutcome> {
  return ctx.db.transaction().execute(async (trx): Promise<GiveOutcome> => {
    const r = await respondentOrThrow(trx, manageToken);
    const now = ctx.clock.now();
    const refusal = refusalOf(r, now);
    if (refusal) return { result: 'refused', code: refusal };
    const written = await repo.insertFeedback(trx, r.id, r.event_id, answer, now);
    if (!written) return { result: 'refused', code: 'feedback.already_given' };
    const saved = { ...r, ...answer, submitted_at: now };
    return { result: 'saved', survey: surveyView(saved, 'feedback.already_given') };
  });
}

/** Whether the manage page should offer the survey: attended, may answer now, has not. */
export async function surveyOffered(ctx: FeedbackCtx, manageToken: string): Promise<boolean> {
  const r = await repo.findRespondent(ctx.db, hashToken(manageToken));
  return r !== undefined && refusalOf(r, ctx.clock.now()) === null;
}

/** An event's answers for its organisers (403 for an organiser not on the event). */
export async function eventResults(ctx: FeedbackCtx, actor: Actor, eventId: string): Promise<EventResults> {
  const event = await getEventForStaffOrThrow(ctx, actor, eventId);
  return eventResultsView(event, await repo.eventFeedback(ctx.db, eventId));
}

/** Run by the mail dispatcher's loop: invitations due for events whose last session has ended. */
export function queueFeedbackRequests(db: Kysely<Database>, now: Date): Promise<number> {
  return repo.queueDueFeedbackRequests(db, now);
}

/** Called inside the erasure of a registration's personal data (its transaction). */
export function forgetComment(trx: Kysely<Database>, registrationId: string): Promise<void> {
  return repo.clearComment(trx, registrationId);
}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, hasRole } from '../auth/actor.js';
import type { Database, MessageAudience } from '../db/schema.js';
import { type EventView, getEventForStaffOrThrow } from '../events/events.usecases.js';
import { loadMailContext } from '../mail/mail-content.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { type MessageText, personalMessage } from './message-mail.js';
import { fillMessage } from './message-text.js';
import { type AudienceView, audienceViews, type MessageView, messageView } from './messages.presenter.js';
import * as repo from './messages.repository.js';
import { AUDIENCES, type MessageInput } from './messages.schemas.js';

export interface MessagesCtx {
  db: Kysely<Database>;
  clock: Clock;
}

/** The event, if this actor may write to its people: 403 for door staff and other events' organisers. */
async function eventForOrganiser(ctx: MessagesCtx, actor: Actor, eventId: string): Promise<EventView> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  return getEventForStaffOrThrow(ctx, actor, eventId);
}

/** The same event, audience and text give the same key: the same message, never a second one. */
function contentKey(eventId: string, input: Pick<MessageInput, 'audience' | 'subject' | 'body'>): string {
  return createHash('sha256')
    .update(JSON.stringify([eventId, input.audience, input.subject, input.body]))
    .digest('hex');
}

export type SendOutcome = { result: 'queued'; message: { id: string; recipients: number } };

/**
 * Queues the message for its audience as it stands now, in one transaction with the message,
 * its recipients and the audit entry. Sent again, it reaches only those who joined the audience
 * since (`recipients` counts the people queued by this send; 0 when everyone has it).
 */
export async function sendMessage(
  ctx: MessagesCtx,
  actor: Actor,
  eventId: string,
  input: MessageInput,
  requestId?: string,
): Promise<SendOutcome> {
  await eventForOrganiser(ctx, actor, eventId);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const message = await repo.upsertMessage(trx, {
      eventId,
      ...input,
      contentKey: contentKey(eventId, input),
      createdBy: actor.kind === 'user' ? actor.userId : null,
      createdByToken: actor.kind === 'token' ? actor.tokenId : null,
      now,
    });
    const recipients = await repo.queueRecipients(trx, message.id, eventId, input.audience, now);
    // A send that reached nobody new leaves the list's "sent again" as it was.
    if (recipients > 0) await repo.markSent(trx, message.id, now);
    await recordAudit(trx, {
      actor,
      action: 'event.message',
      entity: 'event',
      entityId: eventId,
      data: { messageId: message.id, audience: input.audience, subject: input.subject, recipients },
      requestId,
    });
    return { result: 'queued', message: { id: message.id, recipients } };
  });
}

export interface MessagesOverview {
  event: EventView;
  /** Each audience with how many a message would reach now (newly, when this text was sent to it). */
  audiences: AudienceView[];
  messages: MessageView[];
}

/**
 * `text`: the subject and body in the organiser's form, checked. For each audience this text was
 * already sent to, the count is of those who have not had it (what sending it again queues).
 */
export async function messagesOverview(
  ctx: MessagesCtx,
  actor: Actor,
  eventId: string,
  text?: Pick<MessageInput, 'subject' | 'body'>,
): Promise<MessagesOverview> {
  const event = await eventForOrganiser(ctx, actor, eventId);
  const now = ctx.clock.now();
  const [counts, rows] = await Promise.all([repo.countAudiences(ctx.db, eventId, now), repo.listMessages(ctx.db, eventId)]);
  const notReceived = new Map<MessageAudience, number>();
  if (text) {
    const keys = AUDIENCES.map((audience) => contentKey(eventId, { audience, ...text }));
    for (const sent of await repo.messagesByKeys(ctx.db, eventId, keys)) {
      notReceived.set(sent.audience, await repo.countNotReceived(ctx.db, eventId, sent.id, sent.audience, now));
    }
  }
  return {
    event,
    audiences: audienceViews(counts, event.startsAt !== null && event.startsAt <= now, notReceived),
    messages: rows.map(messageView),
  };
}

/** The message as its first recipient would read it now, or with the placeholders named when the audience is empty. */
export async function previewMessage(
  ctx: MessagesCtx,
  actor: Actor,
  eventId: string,
  input: MessageInput,
): Promise<{ to: string | null } & MessageText> {
  const event = await eventForOrganiser(ctx, actor, eventId);
  const now = ctx.clock.now();
  const first = await repo.firstOfAudience(ctx.db, eventId, input.audience, now);
  const context = first ? await loadMailContext(ctx.db, first) : null;
  if (context) return { to: context.reg.full_name, ...(await personalMessage(ctx.db, input, context, now)) };
  const values = { name: '(tên người nhận / name)', event: event.title, missed: '(các buổi vắng)', missed_en: '(sessions missed)' };
  return { to: null, subject: fillMessage(input.subject, values), body: fillMessage(input.body, values) };
}

import type { MessageAudience } from '../db/schema.js';
import type { AudienceCounts, MessageRow } from './messages.repository.js';
import { AUDIENCES } from './messages.schemas.js';

export interface AudienceView {
  audience: MessageAudience;
  /** The people a message to this audience reaches now (those with an email address). */
  recipients: number;
  /** The form's text was already sent to this audience: `recipients` counts only those who have not had it. */
  alreadySent: boolean;
  withoutEmail: number;
  /** No-shows and those who missed some are counted only once a session has begun. */
  waitsForStart: boolean;
}

export function audienceViews(counts: AudienceCounts, started: boolean, notReceived = new Map<MessageAudience, number>()): AudienceView[] {
  return AUDIENCES.map((audience) => ({
    audience,
    recipients: notReceived.get(audience) ?? counts[audience].withEmail,
    alreadySent: notReceived.has(audience),
    withoutEmail: counts[audience].withoutEmail,
    waitsForStart: (audience === 'no_show' || audience === 'missed_some') && !started,
  }));
}

export interface MessageView {
  id: string;
  audience: MessageAudience;
  subject: string;
  body: string;
  recipients: number;
  createdAt: Date;
  lastSentAt: Date;
  /** The account's name or email, or the API token's name; null once that account is gone. */
  sentBy: string | null;
}

export function messageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    audience: row.audience,
    subject: row.subject,
    body: row.body,
    recipients: Number(row.recipients ?? 0),
    createdAt: row.created_at,
    lastSentAt: row.last_sent_at,
    sentBy: row.user_name || row.user_email || row.token_name || null,
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SessionRow } from '../events/events.repository.js';
import { eventTitle, type MailContext } from '../mail/mail-content.js';
import { inLanguage } from '../shared/text.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import { fillMessage } from './message-text.js';
import { findMessageText, markedSessionIds } from './messages.repository.js';

export interface MessageText {
  subject: string;
  body: string;
}

/**
 * "Buổi 2 (Thứ Ba, 15/12/2026, 08:00–11:30)": each session that has begun by `now` without this
 * person present or excused, in `lang`; "—" when they missed none.
 */
export function missedSessions(sessions: SessionRow[], marked: Set<string>, now: Date, lang: Lang): string {
  const missed = sessions.flatMap((s, i) => {
    if (s.starts_at > now || marked.has(s.id)) return [];
    const name = inLanguage(s.title, s.title_en, lang);
    const when = `${formatDay(s.starts_at, lang)}, ${formatTime(s.starts_at)}–${formatTime(s.ends_at)}`;
    return [`${lang === 'vi' ? 'Buổi' : 'Session'} ${i + 1}${name ? ` — ${name}` : ''} (${when})`];
  });
  return missed.length > 0 ? missed.join('; ') : '—';
}

/** The organiser's text as one recipient reads it, filled from the data as it is now. */
export async function personalMessage(db: Kysely<Database>, text: MessageText, context: MailContext, now: Date): Promise<MessageText> {
  const { reg } = context;
  const marked = await markedSessionIds(db, reg.id);
  // `{missed}` in Vietnamese and `{missed_en}` in English, whoever reads it: each sits in its
  // language's half of a bilingual text.
  const values = {
    name: reg.full_name,
    event: eventTitle(reg),
    missed: missedSessions(context.sessions, marked, now, 'vi'),
    missed_en: missedSessions(context.sessions, marked, now, 'en'),
  };
  return { subject: fillMessage(text.subject, values), body: fillMessage(text.body, values) };
}

/** For the dispatcher: the message an outbox row carries, for its recipient; null when it is gone. */
export async function messageForRecipient(
  db: Kysely<Database>,
  messageId: string,
  context: MailContext,
  now: Date,
): Promise<MessageText | null> {
  const text = await findMessageText(db, messageId);
  return text ? personalMessage(db, text, context, now) : null;
}

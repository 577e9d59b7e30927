import type { EventView } from '../events/events.usecases.js';
import { title } from '../pages/catalogue.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import type { TicketCardText } from '../tickets/ticket-card.js';
import { spacedCode } from './registrations.presenter.js';

const WORDS = {
  heading: { vi: 'VÉ THAM DỰ · TICKET', en: 'TICKET · VÉ THAM DỰ' },
  hint: { vi: 'Đưa mã QR này tại cửa, hoặc đọc mã vé / Show this QR at the door', en: 'Show this QR at the door, or read out the code' },
  more: { vi: 'buổi khác', en: 'more sessions' },
} as const;

/** "Thứ Hai, 14/12/2026 · 08:00–11:30" per session in Vietnam time; past two, how many more. */
export function sessionLines(event: Pick<EventView, 'sessions' | 'startsAt' | 'endsAt'>, lang: Lang): string[] {
  const sessions = event.sessions ?? (event.startsAt && event.endsAt ? [{ startsAt: event.startsAt, endsAt: event.endsAt }] : []);
  const lines = sessions.slice(0, 2).map((s) => `${formatDay(s.startsAt, lang)} · ${formatTime(s.startsAt)}–${formatTime(s.endsAt)}`);
  if (sessions.length > 2) lines.push(`+ ${sessions.length - 2} ${WORDS.more[lang]}`);
  return lines;
}

export function venueLine(event: Pick<EventView, 'venue'>): string | null {
  const v = event.venue;
  return v ? [v.name, v.address, v.district].filter(Boolean).join(', ') : null;
}

/** What a ticket card says for this person at this event. */
export function ticketCardText(event: EventView, person: { fullName: string; shortCode: string }, lang: Lang): TicketCardText {
  return {
    heading: WORDS.heading[lang],
    title: title(event, lang),
    when: sessionLines(event, lang),
    venue: venueLine(event),
    name: person.fullName,
    code: spacedCode(person.shortCode),
    hint: WORDS.hint[lang],
  };
}

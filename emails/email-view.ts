import type { MailKind } from '../src/db/schema.js';
import { formatDay, formatTime, type Lang } from '../src/shared/time.js';
import { fill, KIND_TEXT, label } from './strings.js';

/** Everything a registration email shows; built at send time from the current data. */
export interface EmailView {
  kind: MailKind;
  lang: Lang;
  fullName: string;
  eventTitle: string;
  venue: { name: string; address: string; district: string | null } | null;
  sessions: { startsAt: Date; endsAt: Date; title: string | null }[];
  /** Shown with the QR code (an inline image whose Content-ID is `qrCid`) only for a ticket that admits. */
  ticket: { shortCode: string; qrCid: string } | null;
  waitlistPosition: number | null;
  manageUrl: string | null;
  invite: 'REQUEST' | 'CANCEL' | null;
  /** A fair's booths the facility holds now ("A01 (khu A)"); empty when none is allocated. */
  booths: string[];
  /** An organiser's message (kind `event_message`): its subject and body, filled in for this person. */
  message?: { subject: string; body: string } | null;
  /** The survey after training (feedback_request only): the button leads there. */
  feedbackUrl?: string | null;
  /** A certificate of completion just issued: its number and the page to view and print it. */
  certificate?: { number: string; url: string } | null;
}

export function subjectOf(view: EmailView): string {
  if (view.message) return view.message.subject;
  const first = view.sessions[0];
  const start = first ? `${formatTime(first.startsAt)} ${formatDay(first.startsAt, view.lang)}` : '';
  return fill(KIND_TEXT[view.kind].subject[view.lang], { title: view.eventTitle, start });
}

export function leadOf(view: EmailView): string {
  if (view.message) return view.message.body;
  return fill(KIND_TEXT[view.kind].lead[view.lang], { position: String(view.waitlistPosition ?? '—') });
}

/** "Thứ Hai, 14/12/2026, 08:00–11:30" in Viet Nam's time, whatever the server's TZ. */
export function sessionLine(view: EmailView, session: EmailView['sessions'][number], index: number): string {
  const when = `${formatDay(session.startsAt, view.lang)}, ${formatTime(session.startsAt)}–${formatTime(session.endsAt)}`;
  const prefix = view.sessions.length > 1 ? `${label(view.lang, 'session')} ${index + 1}: ` : '';
  return `${prefix}${when}${session.title ? ` (${session.title})` : ''}`;
}

export function venueLines(view: EmailView): string[] {
  if (!view.venue) return [];
  return [view.venue.name, [view.venue.address, view.venue.district].filter(Boolean).join(', ')].filter(Boolean);
}

/** "Gian hàng A01, A02 (khu A)": a fair's booths on one line, or none. */
export function boothLine(view: EmailView): string | null {
  return view.booths.length > 0 ? view.booths.join(', ') : null;
}

import ical, { ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { PROGRAMME_ZONE } from '../shared/time.js';

/**
 * Calendar invites (iTIP over email, RFC 5546). One UID per registration; iTIP wants every
 * component of a message to share it, so several sessions are one recurrence set: the first
 * session is the master VEVENT, the others are listed in its RDATE and each has its own
 * VEVENT with a RECURRENCE-ID (its own start and end). A change re-sends the whole set with a
 * higher SEQUENCE; a cancellation sends the same set with METHOD:CANCEL.
 */
export interface InviteInput {
  uid: string;
  method: 'REQUEST' | 'CANCEL';
  sequence: number;
  stamp: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
  sessions: { startsAt: Date; endsAt: Date; title: string | null }[];
}

/** Stable per registration (and so per event): the same on every update and on the cancellation. */
export function inviteUid(registrationId: string, publicUrl: string): string {
  return `${registrationId}@${new URL(publicUrl).hostname}`;
}

// Viet Nam has kept UTC+7 without daylight saving since 13 June 1975; clients that do not know
// the zone's name read the offset from here.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${PROGRAMME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19750613T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** "Name <a@b>" or "a@b" as an organizer; MAIL_FROM is checked loosely, so fall back to a name. */
export function parseAddress(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match?.[2]) return { name: match[1]?.trim() || match[2].trim(), email: match[2].trim() };
  return { name: from.trim(), email: from.trim() };
}

// Luxon values in the programme's zone: ical-generator formats a JS Date in the process's own
// zone when a TZID is set, so the server's TZ would leak into the invite.
const local = (at: Date) => DateTime.fromJSDate(at, { zone: PROGRAMME_ZONE });
const rdateValue = (at: Date) => local(at).toFormat("yyyyLLdd'T'HHmmss");

export function buildInvite(input: InviteInput): string {
  const sessions = [...input.sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const [first, ...rest] = sessions;
  if (!first) throw new Error('An invite needs at least one session');
  const calendar = ical({
    prodId: { company: 'Khuyen cong Events', product: 'registrations', language: 'VI' },
    method: input.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  // No calendar-wide zone name: with one, DTSTAMP would lose its Z. The generator still emits
  // the VTIMEZONE for the zone the events name.
  calendar.timezone({ name: null, generator: (zone) => (zone === PROGRAMME_ZONE ? VTIMEZONE : null) });
  const status = input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED;

  const add = (session: (typeof sessions)[number], recurrenceId: Date | null) => {
    const event = calendar.createEvent({
      id: input.uid,
      sequence: input.sequence,
      stamp: input.stamp,
      start: local(session.startsAt),
      end: local(session.endsAt),
      timezone: PROGRAMME_ZONE,
      summary: session.title ? `${input.summary} — ${session.title}` : input.summary,
      description: input.description,
      location: input.location,
      url: input.url,
      organizer: input.organizer,
      status,
      ...(recurrenceId && { recurrenceId: local(recurrenceId) }),
    });
    if (input.attendee) {
      event.createAttendee({ ...input.attendee, status: ICalAttendeeStatus.ACCEPTED, rsvp: false });
    }
    return event;
  };

  const master = add(first, null);
  if (rest.length > 0) {
    // ical-generator has no RDATE; a two-line value is inserted as written (one line would be
    // taken for an RRULE), so the session count rides along as an X- property.
    master.repeating(
      `RDATE;TZID=${PROGRAMME_ZONE}:${rest.map((s) => rdateValue(s.startsAt)).join(',')}\nX-KC-SESSION-COUNT:${sessions.length}`,
    );
    for (const session of rest) add(session, session.startsAt);
  }
  return calendar.toString();
}

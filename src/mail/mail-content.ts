import type { Kysely } from 'kysely';
import { activeBoothsOf } from '../booths/booths.repository.js';
import type { Config } from '../config.js';
import type { Database, MailKind } from '../db/schema.js';
import { findSessions, type SessionRow } from '../events/events.repository.js';
import { inLanguage } from '../shared/text.js';
import { buildInvite, inviteUid, parseAddress } from './invite.js';
import { findMailContext, type MailContextRow } from './outbox.repository.js';

/** What an email or an invite is built from, read when it is sent (never a stale copy). */
export interface MailContext {
  reg: MailContextRow;
  sessions: SessionRow[];
  /** A fair's booths this registration holds now: "A01 (khu A)". */
  booths: string[];
}

/** `sessionsByEvent` lets a dispatcher read each event's sessions once per batch. */
export async function loadMailContext(
  db: Kysely<Database>,
  registrationId: string,
  sessionsByEvent: Map<string, Promise<SessionRow[]>> = new Map(),
): Promise<MailContext | null> {
  const reg = await findMailContext(db, registrationId);
  if (!reg) return null;
  let sessions = sessionsByEvent.get(reg.event_id);
  if (!sessions) {
    sessions = findSessions(db, reg.event_id);
    sessionsByEvent.set(reg.event_id, sessions);
  }
  const booths = reg.event_kind === 'fair' ? (await activeBoothsOf(db, reg.id)).map((b) => boothLabel(b, reg.lang)) : [];
  return { reg, sessions: await sessions, booths };
}

/** A booth as mail and invites name it: its code, and its zone when it has one. */
export function boothLabel(b: { code: string; zone: string }, lang: 'vi' | 'en'): string {
  return b.zone ? `${b.code} (${lang === 'vi' ? 'khu' : 'zone'} ${b.zone})` : b.code;
}

export const eventTitle = (reg: MailContextRow) => (reg.lang === 'en' && reg.title_en ? reg.title_en : reg.title);

/**
 * The invite a registration holds now. Only someone who once held a seat (confirmed_at set) was
 * ever sent an invite: they hold REQUEST while confirmed, CANCEL once they or the event are
 * cancelled. REQUEST's SEQUENCE is the event's version; CANCEL's is one more, so it outranks
 * the last update.
 */
export function inviteMethod(reg: MailContextRow): { method: 'REQUEST' | 'CANCEL'; sequence: number } | null {
  if (reg.confirmed_at === null) return null;
  if (reg.event_status === 'cancelled' || reg.status === 'cancelled' || reg.status === 'rejected') {
    return { method: 'CANCEL', sequence: reg.version + 1 };
  }
  return reg.status === 'confirmed' ? { method: 'REQUEST', sequence: reg.version } : null;
}

/** The .ics for this registration as it stands, or null when it holds none. */
export function currentInvite(
  context: MailContext,
  config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>,
  stamp: Date,
): { method: 'REQUEST' | 'CANCEL'; ics: string } | null {
  const { reg, sessions } = context;
  const held = inviteMethod(reg);
  if (!held || sessions.length === 0) return null;
  const place = reg.venue_name ? [reg.venue_name, reg.venue_address, reg.venue_district].filter(Boolean).join(', ') : null;
  // A facility finds its booth from the calendar entry too.
  const booths = context.booths.length > 0 ? `${reg.lang === 'vi' ? 'Gian hàng' : 'Booths'} ${context.booths.join(', ')}` : null;
  const venue = [booths, place].filter(Boolean).join(' — ') || null;
  const eventUrl = `${config.PUBLIC_URL}/events/${reg.event_id}`;
  const ics = buildInvite({
    uid: inviteUid(reg.id, config.PUBLIC_URL),
    method: held.method,
    sequence: held.sequence,
    stamp,
    summary: eventTitle(reg),
    // The manage link stays out: calendars are often shared, the link must not be.
    description: eventUrl,
    location: venue,
    url: eventUrl,
    organizer: parseAddress(config.MAIL_FROM),
    attendee: reg.email ? { name: reg.full_name, email: reg.email } : null,
    sessions: sessions.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at, title: inLanguage(s.title, s.title_en, reg.lang) })),
  });
  return { method: held.method, ics };
}

/** Which kinds carry the invite, and which form of it. */
const CARRIES: Partial<Record<MailKind, 'REQUEST' | 'CANCEL'>> = {
  confirmed: 'REQUEST',
  promoted: 'REQUEST',
  approved: 'REQUEST',
  ticket_resent: 'REQUEST',
  event_changed: 'REQUEST',
  cancelled: 'CANCEL',
  event_cancelled: 'CANCEL',
};

export function carriesInvite(kind: MailKind, method: 'REQUEST' | 'CANCEL'): boolean {
  return CARRIES[kind] === method;
}

/**
 * Why an email queued earlier should no longer go, or null if it should. A confirmation whose
 * registration was cancelled meanwhile would contradict the cancellation that follows it; an
 * event change already overtaken by a newer one is covered by that one.
 */
export function staleReason(kind: MailKind, eventVersion: number, context: MailContext, now: Date): string | null {
  const { reg, sessions } = context;
  if (!reg.email) return 'Không còn địa chỉ email (đã xoá) / No address (erased)';
  const eventLive = reg.event_status !== 'cancelled';
  const needs: Partial<Record<MailKind, boolean>> = {
    confirmed: reg.status === 'confirmed' && eventLive,
    promoted: reg.status === 'confirmed' && eventLive,
    approved: reg.status === 'confirmed' && eventLive,
    event_changed: reg.status === 'confirmed' && eventLive && eventVersion === reg.version,
    reminder: reg.status === 'confirmed' && eventLive && (sessions[0]?.starts_at ?? now) > now,
    waitlisted: reg.status === 'waitlisted' && eventLive,
    received: reg.status === 'pending' && eventLive,
    // Sent again by an organiser: still worth sending while the registration is live.
    feedback_request: reg.status === 'confirmed' && eventLive,
    ticket_resent: (reg.status === 'confirmed' || reg.status === 'pending' || reg.status === 'waitlisted') && eventLive,
    // An organiser's message is not for someone who has left since it was queued.
    event_message: reg.status !== 'cancelled' && reg.status !== 'rejected',
  };
  const ok = needs[kind];
  return ok === false ? 'Không còn phù hợp (trạng thái đã thay đổi) / Superseded: the registration or event changed' : null;
}

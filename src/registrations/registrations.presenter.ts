import type { RegistrationStatus } from '../db/schema.js';
import { toIsoInZone } from '../shared/time.js';
import type { findByManageTokenOrThrow } from './manage.usecases.js';
import type { findHolder } from './ownership.repository.js';
import type { Reissued } from './ownership.usecases.js';
import type { findRegistrationForStaff, listRegistrations } from './registrations.repository.js';
import { rt } from './registrations.strings.js';
import type { RegistrationOutcome } from './registrations.usecases.js';

/** Statuses that hold a ticket: the QR code and the short code work at the door. */
const HOLDS_TICKET = new Set<RegistrationStatus>(['confirmed', 'pending']);

/** "ACDE FHJK": two groups of four are easier to read aloud at the door than eight in a row. */
export function spacedCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

type ManageRow = Awaited<ReturnType<typeof findByManageTokenOrThrow>>;

/** What the holder of a manage link sees of their registration (the page, and the API without `ticketId`). */
export function manageView(reg: ManageRow) {
  return {
    id: reg.id,
    eventId: reg.event_id,
    status: reg.status,
    waitlistPosition: reg.waitlistPosition,
    person: { fullName: reg.full_name, phone: reg.phone, email: reg.email },
    facility: reg.facility_name ? { name: reg.facility_name, taxCode: reg.facility_tax_code } : null,
    booth: reg.booth_request,
    /** A fair's booths once allocated: code, zone, type, size. */
    booths: reg.booths.map((b) => ({ code: b.code, zone: b.zone, type: b.type, size: b.size })),
    ticket: HOLDS_TICKET.has(reg.status) ? { code: reg.short_code } : null,
    consent: {
      version: reg.consent_version,
      news: reg.consent_news_at !== null,
      withdrawnAt: reg.consent_withdrawn_at ? toIsoInZone(reg.consent_withdrawn_at) : null,
    },
    anonymised: reg.anonymised_at !== null,
    createdAt: toIsoInZone(reg.created_at),
    ticketId: reg.ticket_id,
  };
}
export type ManageView = ReturnType<typeof manageView>;

/** The manage API's JSON: the view without the ticket's id (the QR code's content is signed from it). */
export function manageJson(view: ManageView) {
  const { ticketId: _hidden, ...registration } = view;
  return { registration };
}

/** What the caller may know: a new registration with its keys, or only that this person is registered. */
export function registrationJson(o: RegistrationOutcome, publicUrl: string) {
  if (o.result === 'already_registered') {
    return {
      registration: { id: null, eventId: o.eventId, status: null, existing: true, waitlistPosition: null, ticket: null, manageUrl: null },
      message: `${rt('vi', 'alreadyBody')} / ${rt('en', 'alreadyBody')}`,
      resendLink: { method: 'POST', href: `/api/v1/events/${o.eventId}/registrations/resend-link` },
    };
  }
  return {
    registration: {
      id: o.id,
      eventId: o.eventId,
      status: o.status,
      existing: false,
      waitlistPosition: o.waitlistPosition,
      ticket: HOLDS_TICKET.has(o.status) ? { code: o.shortCode } : null,
      manageUrl: `${publicUrl}/manage/${o.manageToken}`,
    },
  };
}

/** The answer to "send me the link again", the same whatever happened. */
export function resendJson() {
  return {
    resend: { accepted: true },
    message: `${rt('vi', 'resentBody')} ${rt('vi', 'notYours')} / ${rt('en', 'resentBody')} ${rt('en', 'notYours')}`,
  };
}

/**
 * A reissued registration for the organiser: the new short code (to read out), and the new
 * manage link only when no email carries it (to send by SMS); with an email it goes there.
 */
export function reissuedJson(r: Reissued, publicUrl: string) {
  return {
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    ticket: HOLDS_TICKET.has(r.status) ? { code: r.shortCode } : null,
    emailed: r.emailed,
    manageUrl: r.emailed ? null : `${publicUrl}/manage/${r.manageToken}`,
  };
}

type StaffRow = Awaited<ReturnType<typeof listRegistrations>>[number];

/** One registration as the organisers' list, its CSV and its JSON show it. */
export function staffRegistrationView(r: StaffRow) {
  return {
    id: r.id,
    status: r.status,
    fullName: r.full_name,
    anonymised: r.anonymised_at !== null,
    phone: r.phone,
    email: r.email,
    gender: r.gender,
    birthYear: r.birth_year,
    district: r.district,
    commune: r.commune,
    idNumber: r.id_number,
    position: r.position_title,
    facility: r.facility_name,
    taxCode: r.facility_tax_code,
    facilityDetails: r.facility_name
      ? {
          district: r.facility_district,
          address: r.facility_address,
          sector: r.facility_sector,
          representative: r.facility_representative,
          products: r.facility_products,
        }
      : null,
    newsConsent: r.consent_news_at !== null,
    shortCode: r.short_code,
    booth: r.booth_request,
    answers: r.answers,
    createdAt: new Date(r.created_at),
  };
}
export type StaffRegistrationView = ReturnType<typeof staffRegistrationView>;

/** The admin API's JSON for a registration in an event's list. */
export function staffRegistrationJson(v: StaffRegistrationView) {
  const { anonymised: _page, createdAt, ...rest } = v;
  return { ...rest, createdAt: toIsoInZone(createdAt) };
}

type SummaryRow = NonNullable<Awaited<ReturnType<typeof findRegistrationForStaff>>>;

/** The registration a staff decision is about, with the last decision recorded for it. */
export function decisionSubjectView(r: SummaryRow, lastDecision: { action: string; promoted: string[] } | null) {
  return { id: r.id, fullName: r.full_name, status: r.status, lastDecision };
}
export type DecisionSubjectView = ReturnType<typeof decisionSubjectView>;

type HolderRow = NonNullable<Awaited<ReturnType<typeof findHolder>>>;

/** Who holds a registration, as the organiser who corrects it sees them. */
export function holderView(h: HolderRow) {
  return { id: h.id, eventId: h.event_id, fullName: h.full_name, phone: h.phone, email: h.email, status: h.status };
}
export type HolderView = ReturnType<typeof holderView>;

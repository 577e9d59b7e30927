import { toIsoInZone } from '../shared/time.js';
import type { EventView } from './events.usecases.js';

const iso = (d: Date | null) => (d ? toIsoInZone(d) : null);

/** The API's JSON for an event: times in ISO 8601 with the +07:00 offset. */
export function eventJson(e: EventView) {
  return {
    id: e.id,
    kind: e.kind,
    status: e.status,
    title: e.title,
    titleEn: e.titleEn,
    description: e.description,
    descriptionEn: e.descriptionEn,
    topic: e.topic,
    scope: e.scope,
    programmeId: e.programmeId,
    startsAt: iso(e.startsAt),
    endsAt: iso(e.endsAt),
    venue: e.venue,
    capacity: e.capacity,
    seatsLeft: e.seatsLeft,
    waitlistCount: e.waitlistCount,
    requiresApproval: e.requiresApproval,
    completionShare: e.completionShare,
    registrationOpensAt: iso(e.registrationOpensAt),
    registrationClosesAt: iso(e.registrationClosesAt),
    registrationOpen: e.registrationOpen,
    version: e.version,
    emailRequired: e.emailRequired,
    walkInsBeyondCapacity: e.walkInsBeyondCapacity,
    certificatesAutomatic: e.certificatesAutomatic,
    ...(e.sessions && {
      sessions: e.sessions.map((s) => ({ id: s.id, title: s.title, titleEn: s.titleEn, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) })),
    }),
    ...(e.questions && { questions: e.questions }),
  };
}

import type { ErrorCode } from '../shared/errors.js';

/** What the window depends on: the event's status, its set times, and when its first session starts. */
export interface WindowInput {
  status: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  startsAt: Date | null;
}

export interface RegistrationWindow {
  state: 'open' | 'not_yet' | 'closed';
  opensAt: Date | null;
  /** The set closing time, or the first session's start when none is set. */
  closesAt: Date | null;
}

/**
 * The event's rule for when it takes registrations: a published event, from its opening time
 * (if any) until its closing time, or until the first session starts if none is set. Every
 * page, the API and the registration use case read it from here.
 */
export function registrationWindow(event: WindowInput, now: Date): RegistrationWindow {
  const opensAt = event.registrationOpensAt;
  const closesAt = event.registrationClosesAt ?? event.startsAt;
  if (event.status !== 'published') return { state: 'closed', opensAt, closesAt };
  if (opensAt && now < opensAt) return { state: 'not_yet', opensAt, closesAt };
  if (closesAt && now >= closesAt) return { state: 'closed', opensAt, closesAt };
  return { state: 'open', opensAt, closesAt };
}

/** Why a visible event takes no registration now, as the error the form and the API answer with; null when it does. */
export function registrationRefusal(event: WindowInput, now: Date): ErrorCode | null {
  if (event.status === 'cancelled') return 'registration.event_cancelled';
  const { state } = registrationWindow(event, now);
  if (state === 'open') return null;
  return state === 'not_yet' ? 'registration.not_open_yet' : 'registration.closed';
}

import type { Actor } from '../../src/auth/actor.js';
import { insertUser } from '../../src/auth/auth.repository.js';
import { markByOrganiser } from '../../src/checkins/checkins.usecases.js';
import { createScanBatcher } from '../../src/checkins/scan-batches.js';
import { createEventSchema } from '../../src/events/events.schemas.js';
import { createEvent, publishEvent } from '../../src/events/events.usecases.js';
import { registrationSchema } from '../../src/registrations/registrations.schemas.js';
import { register } from '../../src/registrations/registrations.usecases.js';
import { createSeatBatcher } from '../../src/registrations/seat-batches.js';
import { deriveKeys } from '../../src/shared/keys.js';
import { type buildTestApp, eventPayload, registrationPayload } from './app.js';

/**
 * Test data made by calling the use cases with the app's own dependencies, for tests about what
 * is read back, not about the HTTP that made it (the API's own tests cover that). Bodies go
 * through the same schemas the routes validate with, so defaults and normalisation are the same.
 */
export function factories(t: ReturnType<typeof buildTestApp>) {
  const { db, config, clock } = t.deps;
  const keys = deriveKeys(config);
  const regCtx = { db, clock, keys, seats: createSeatBatcher(db, { racy: false }) };
  const checkinCtx = {
    db,
    clock,
    keys,
    opensMinutes: config.CHECKIN_OPENS_MINUTES_BEFORE,
    scans: createScanBatcher(db, { racy: false }),
  };

  /** The organiser the factories act as: an account that cannot sign in (no valid password hash). */
  let organiser: Promise<Actor> | undefined;
  const actor = () => {
    organiser ??= insertUser(db, { email: 'factory.organiser@khuyencong.test', role: 'organiser', passwordHash: 'none' }).then(
      (u): Actor => ({ kind: 'user', userId: u.id, email: u.email, role: 'organiser', eventIds: null }),
    );
    return organiser;
  };

  /** A published event (as POST /admin/events then /publish); returns its id and sessions. */
  async function publishedEvent(overrides: Record<string, unknown> = {}) {
    const saved = await createEvent({ db, clock }, await actor(), createEventSchema.parse(eventPayload(overrides)));
    if (saved.result !== 'saved') throw new Error(`event not made: ${JSON.stringify(saved.issues)}`);
    const created = saved.event;
    await publishEvent({ db, clock }, await actor(), created.id);
    if (!created.sessions) throw new Error('event made without its sessions');
    return { id: created.id, sessions: created.sessions.map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString() })) };
  }

  /** A registration (as POST /events/:id/registrations); returns its id. */
  async function registration(eventId: string, overrides: Record<string, unknown> = {}) {
    const outcome = await register(regCtx, eventId, registrationSchema.parse(registrationPayload(overrides)));
    if (!('id' in outcome)) throw new Error(`not registered: ${JSON.stringify(outcome)}`);
    return outcome.id;
  }

  /** An organiser's mark (as POST /admin/events/:id/attendance), made at the clock's time. */
  async function mark(eventId: string, registrationId: string, sessionId: string, status: 'present' | 'excused' = 'present') {
    const outcome = await markByOrganiser(checkinCtx, await actor(), eventId, { registrationId, sessionId, status });
    if (outcome.result === 'refused') throw new Error(`not marked: ${outcome.code}`);
  }

  return { publishedEvent, registration, mark };
}

import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { completedBreakdown } from '../src/targets/targets.repository.js';
import { buildTestApp, eventPayload, makeToken, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

/** Sessions on the given local days of a year, 08:00–11:30 in Hanoi. */
const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));
const FIVE_2022 = sessionsOn(['2022-03-07', '2022-03-08', '2022-03-09', '2022-03-10', '2022-03-11']);

describeEachEngine('programme targets counted from attendance', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2021-06-01T00:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');

    /** An event registered for before it happens, then attended session by session. */
    const event = async (overrides: Record<string, unknown>) => {
      const created = await t.call('POST', '/api/v1/admin/events', {
        token: organiser,
        body: eventPayload({ programmeId: programme.id, capacity: 100, emailRequired: false, ...overrides }),
      });
      if (created.status !== 201) throw new Error(created.text);
      const id = created.json.event.id as string;
      await t.call('POST', `/api/v1/admin/events/${id}/publish`, { token: organiser });
      const sessions = created.json.event.sessions as { id: string; startsAt: string }[];
      const register = async (phone?: string) => {
        const body = registrationPayload(phone ? { person: { fullName: 'Người học', phone, district: 'Kiến Thụy', gender: 'male' } } : {});
        const res = await t.call('POST', `/api/v1/events/${id}/registrations`, { body });
        if (res.status >= 300) throw new Error(res.text);
        return res.json.registration as { id: string; manageUrl: string | null };
      };
      const attend = async (registrationId: string, count: number) => {
        const before = t.clock.now().toISOString();
        for (const s of sessions.slice(0, count)) {
          t.clock.set(s.startsAt); // marked during the session (nobody is present before it opens)
          const res = await t.call('POST', `/api/v1/admin/events/${id}/attendance`, {
            token: organiser,
            body: { registrationId, sessionId: s.id, status: 'present' },
          });
          if (res.status !== 204) throw new Error(res.text);
        }
        t.clock.set(before);
      };
      return { id, sessions, register, attend };
    };
    const targets = async () => {
      t.clock.set('2026-12-01T00:00:00Z');
      const res = await t.call('GET', `/api/v1/programmes/${programme.id}/targets`, { token: organiser });
      expect(res.status).toBe(200);
      return Object.fromEntries(res.json.targets.map((x: { code: string }) => [x.code, x])) as Record<
        string,
        { achieved: number; distinctPeople?: number; byYear: Record<string, number>; pace: string }
      >;
    };
    return { ...t, organiser, programme, event, targets };
  }

  it('a learner completes with 4 of 5 sessions at 80%, not with 3; no-shows and cancelled registrations never count', async () => {
    const { event, targets, call, organiser } = await setup();
    const course = await event({ topic: 'startup', sessions: FIVE_2022 });
    const four = await course.register();
    const three = await course.register();
    await course.register(); // registered, never came
    const cancelled = await course.register();
    await course.attend(four.id, 4);
    await course.attend(three.id, 3);
    await course.attend(cancelled.id, 5);
    await call('POST', `/api/v1/admin/registrations/${cancelled.id}/cancel`, { token: organiser });
    const learners = (await targets())['learners-startup-management-cp']!;
    expect(learners.achieved).toBe(1);
    expect(learners.distinctPeople).toBe(1);
    expect(learners.byYear).toEqual({ '2021': 0, '2022': 1, '2023': 0, '2024': 0, '2025': 0 });
  });

  it('one person completing two qualifying classes counts twice as enrolments and once as a person', async () => {
    const { event, targets } = await setup();
    const a = await event({ topic: 'startup', sessions: FIVE_2022 });
    const b = await event({
      topic: 'business_management',
      title: 'Lớp quản trị doanh nghiệp',
      sessions: sessionsOn(['2023-04-03', '2023-04-04']),
    });
    const other = await event({ topic: 'policy', title: 'Lớp chính sách', sessions: sessionsOn(['2023-05-03']) });
    await a.attend((await a.register('0912345001')).id, 5);
    await b.attend((await b.register('0912 345 001')).id, 2);
    await other.attend((await other.register('0912345001')).id, 1);
    const learners = (await targets())['learners-startup-management-cp']!;
    expect(learners.achieved).toBe(2);
    expect(learners.distinctPeople).toBe(1);
    expect(learners.byYear).toMatchObject({ '2022': 1, '2023': 1 });
  });

  it('a learner is counted in the year of the last session, in Vietnam’s calendar', async () => {
    const { event, targets } = await setup();
    // Ends at 00:30 on 1 January 2024 in Hanoi, which is still 2023 in UTC.
    const newYear = await event({
      topic: 'cleaner_production',
      sessions: [
        { startsAt: '2023-12-31T19:00:00+07:00', endsAt: '2023-12-31T22:00:00+07:00' },
        { startsAt: '2023-12-31T23:00:00+07:00', endsAt: '2024-01-01T00:30:00+07:00' },
      ],
    });
    const spanning = await event({ topic: 'startup', sessions: sessionsOn(['2022-12-29', '2022-12-30', '2023-01-03']) });
    await newYear.attend((await newYear.register()).id, 2);
    await spanning.attend((await spanning.register()).id, 3);
    const learners = (await targets())['learners-startup-management-cp']!;
    expect(learners.byYear).toMatchObject({ '2022': 0, '2023': 1, '2024': 1 });
  });

  it('a conference is held only if it ended, was not cancelled and had the minimum attendance', async () => {
    const { event, targets, call, organiser } = await setup();
    const conference = (day: string, title: string) =>
      event({ kind: 'conference', topic: 'technology', title, sessions: sessionsOn([day]) });
    const full = await conference('2024-09-10', 'Hội nghị đủ người');
    const thin = await conference('2024-10-10', 'Hội nghị vắng');
    const cancelled = await conference('2024-11-10', 'Hội nghị bị huỷ');
    const future = await conference('2027-01-10', 'Hội nghị năm sau');
    for (let i = 0; i < 20; i++) await full.attend((await full.register()).id, 1);
    for (let i = 0; i < 5; i++) await thin.attend((await thin.register()).id, 1);
    for (let i = 0; i < 20; i++) await cancelled.attend((await cancelled.register()).id, 1);
    await future.attend((await future.register()).id, 1);
    await call('POST', `/api/v1/admin/events/${cancelled.id}/cancel`, { token: organiser });
    const held = (await targets())['technology-conferences']!;
    expect(held.achieved).toBe(1);
    expect(held.byYear['2024']).toBe(1);
    expect(held.pace).toBe('behind');
  });

  it('an anonymised registration still counts, as a learner and as a distinct person', async () => {
    const { event, targets, call, clock } = await setup();
    const course = await event({ topic: 'startup', sessions: FIVE_2022 });
    const r = await course.register();
    await course.attend(r.id, 5);
    clock.set('2022-04-01T00:00:00Z');
    const token = r.manageUrl!.split('/manage/')[1];
    const erased = await call('POST', `/api/v1/manage/${token}/erase`);
    expect(erased.json.registration).toMatchObject({ anonymised: true, status: 'confirmed' });
    const learners = (await targets())['learners-startup-management-cp']!;
    expect(learners).toMatchObject({ achieved: 1, distinctPeople: 1 });
  });

  it('each number leads to the events and the people behind it', async () => {
    const { event, call, organiser, programme } = await setup();
    const course = await event({ topic: 'startup', sessions: FIVE_2022, title: 'Lớp khởi sự Kiến Thụy' });
    await course.attend((await course.register('0912345777')).id, 5);
    const events = await call('GET', `/api/v1/programmes/${programme.id}/targets/learners-startup-management-cp/events?year=2022`, {
      token: organiser,
    });
    expect(events.json.events).toEqual([
      expect.objectContaining({ title: 'Lớp khởi sự Kiến Thụy', year: 2022, attendees: 1, completed: 1 }),
    ]);
    const people = await call('GET', `/api/v1/programmes/${programme.id}/targets/learners-startup-management-cp/people?year=2022`, {
      token: organiser,
    });
    expect(people.json.people).toEqual([expect.objectContaining({ name: 'Người học', district: 'Kiến Thụy', present: 5, sessions: 5 })]);
    expect(
      (
        await call('GET', `/api/v1/programmes/${programme.id}/targets/learners-startup-management-cp/people?year=2023`, {
          token: organiser,
        })
      ).json.people,
    ).toEqual([]);
  });

  it('the tallies follow the registration and its attendance: a corrected district, a removed check-in, a cancellation', async () => {
    const { event, call, organiser, programme, targets } = await setup();
    const course = await event({ topic: 'startup', sessions: FIVE_2022, title: 'Lớp khởi sự Tiên Lãng' });
    const r = await course.register('0912345888');
    await course.attend(r.id, 5);
    const people = async () =>
      (
        await call('GET', `/api/v1/programmes/${programme.id}/targets/learners-startup-management-cp/people?year=2022`, {
          token: organiser,
        })
      ).json.people;
    expect(await people()).toEqual([expect.objectContaining({ district: 'Kiến Thụy', present: 5 })]);

    // A correction made in the database (by support, say) reaches the tallies' breakdown.
    const byPlace = () =>
      completedBreakdown(
        db(),
        { programmeId: programme.id, startsOn: '2021-01-01', endsOn: '2025-12-31' },
        { eventKinds: [], topics: ['startup'], fairScopes: [] },
      );
    expect(await byPlace()).toEqual([{ district: 'Kiến Thụy', gender: 'male', n: 1 }]);
    await db().updateTable('registrations').set({ district: 'Tiên Lãng', gender: 'female' }).where('id', '=', r.id).execute();
    expect(await byPlace()).toEqual([{ district: 'Tiên Lãng', gender: 'female', n: 1 }]);

    // A check-in taken back: 4 of 5 still completes at 80%, 3 of 5 does not.
    const removeOne = async (sessionId: string) =>
      db().deleteFrom('attendance').where('registration_id', '=', r.id).where('session_id', '=', sessionId).execute();
    await removeOne(course.sessions[0]!.id);
    expect(await people()).toEqual([expect.objectContaining({ present: 4 })]);
    await removeOne(course.sessions[1]!.id);
    expect(await people()).toEqual([]);
    // Excused for one of them, then present after all (an excuse turned into presence).
    const excused = await call('POST', `/api/v1/admin/events/${course.id}/attendance`, {
      token: organiser,
      body: { registrationId: r.id, sessionId: course.sessions[0]!.id, status: 'excused' },
    });
    expect(excused.status).toBe(204);
    expect(await people()).toEqual([]);
    await course.attend(r.id, 2);
    expect(await people()).toEqual([expect.objectContaining({ present: 5 })]);
    expect((await targets())['learners-startup-management-cp']!.achieved).toBe(1);

    await call('POST', `/api/v1/admin/registrations/${r.id}/cancel`, { token: organiser });
    expect((await targets())['learners-startup-management-cp']!.achieved).toBe(0);

    // A registration deleted takes its attendance with it, and its tally too.
    const tally = () => db().selectFrom('attendance_tallies').select('present_sessions').where('registration_id', '=', r.id).execute();
    expect(await tally()).toEqual([{ present_sessions: 5 }]);
    await db().deleteFrom('registrations').where('id', '=', r.id).execute();
    expect(await tally()).toEqual([]);
  });
});

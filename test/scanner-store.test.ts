import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';

// The scanner page's device store runs in the browser; here it runs in Node over a
// localStorage of the same shape, so its rules are tested one by one.
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
  // Object.keys(localStorage) lists the stored keys in a browser.
  keys() {
    return [...this.items.keys()];
  }
}
const storage = new MemoryStorage();
(globalThis as unknown as { localStorage: unknown }).localStorage = new Proxy(storage, {
  ownKeys: () => storage.keys(),
  getOwnPropertyDescriptor: (_t, key) =>
    typeof key === 'string' && storage.getItem(key) !== null
      ? { enumerable: true, configurable: true, value: storage.getItem(key) }
      : undefined,
});

// @ts-expect-error plain browser JavaScript, no types
const store = await import('../web/scanner-store.js');

const EVENT = 'e1';
const S1 = 's1';
const QR = 'k1.ticket-one.mac';
function list() {
  return {
    event: {
      id: EVENT,
      title: 'Lớp thử',
      opensMinutesBefore: 60,
      sessions: [{ id: S1, startsAt: '2026-12-14T01:00:00Z', endsAt: '2026-12-14T04:30:00Z' }],
    },
    attendees: [
      {
        registrationId: 'r1',
        name: 'Nguyễn Thị Hoa',
        facility: null,
        status: 'confirmed',
        shortCode: 'ACDEFHJK',
        tokenSha256: [createHash('sha256').update(QR).digest('hex')],
        presentSessions: [] as string[],
      },
      {
        registrationId: 'r2',
        name: 'Trần Văn An',
        facility: null,
        status: 'waitlisted',
        shortCode: 'MNPQRTVW',
        tokenSha256: [],
        presentSessions: [] as string[],
      },
    ],
  };
}
const during = '2026-12-14T01:10:00Z';

describe('the scanner page’s stored list', () => {
  beforeEach(() => storage.clear());

  it('matches a QR text by its digest and a short code typed loosely', async () => {
    const l = list();
    expect((await store.findAttendee(l, QR)).name).toBe('Nguyễn Thị Hoa');
    expect((await store.findAttendee(l, 'mnpq-rtvw')).name).toBe('Trần Văn An');
    expect(await store.findAttendee(l, 'k1.forged.mac')).toBeNull();
  });

  it('a cancellation the server reported is kept, so the same ticket is refused once offline', () => {
    store.saveList(list());
    const l = store.loadList(EVENT);
    store.noteRefusal(l, l.attendees[0], 'cancelled');
    const again = store.loadList(EVENT);
    expect(store.answerOffline(again, S1, again.attendees[0], during).result).toBe('cancelled');
    // "Not confirmed" downgrades a confirmed entry; a waiting one stays waiting.
    store.noteRefusal(again, again.attendees[1], 'not_confirmed');
    expect(store.loadList(EVENT).attendees[1].status).toBe('waitlisted');
  });

  it('counts only confirmed people, present or expected; a person the server let in is confirmed on the device', () => {
    store.saveList(list());
    const l = store.loadList(EVENT);
    expect(store.counters(l, S1)).toEqual({ present: 0, expected: 1 });
    // An is let in online after a promotion the list had not caught: now expected and present.
    store.markPresent(l, l.attendees[1], S1, during);
    expect(store.counters(store.loadList(EVENT), S1)).toEqual({ present: 1, expected: 2 });
    // Someone present who then cancels counts nowhere.
    store.noteRefusal(l, l.attendees[1], 'cancelled');
    expect(store.counters(store.loadList(EVENT), S1)).toEqual({ present: 0, expected: 1 });
  });

  it('a fresh list is the truth once nothing waits to upload; while scans wait, offline presence is kept', () => {
    store.saveList(list());
    let l = store.loadList(EVENT);
    expect(store.answerOffline(l, S1, l.attendees[0], during).result).toBe('ok');
    store.queue.push({ eventId: EVENT, code: QR, nonce: 'n1', scannedAt: during, offlineResult: 'ok' });
    store.saveList(list()); // the server does not know the scan yet
    l = store.loadList(EVENT);
    expect(l.attendees[0].presentSessions).toEqual([S1]);
    expect(store.answerOffline(l, S1, l.attendees[0], during)).toMatchObject({ result: 'already_checked_in', firstCheckedInAt: during });

    // Uploaded, then an organiser cleared the mark: the next list says so and the device follows.
    store.queue.remove(new Set(['n1']));
    store.saveList(list());
    l = store.loadList(EVENT);
    expect(l.attendees[0].presentSessions).toEqual([]);
    expect(store.counters(l, S1).present).toBe(0);
  });

  it('lists every event kept on the device, for choosing a session offline', () => {
    store.saveList(list());
    store.saveList({ ...list(), event: { ...list().event, id: 'e2', title: 'Hội thảo' } });
    expect(
      store
        .storedLists()
        .map((l: { event: { title: string } }) => l.event.title)
        .sort(),
    ).toEqual(['Hội thảo', 'Lớp thử']);
    store.forgetLists();
    expect(store.storedLists()).toEqual([]);
  });

  it('keeps the last 20 answers, newest first by scan time, and forgets them with the lists', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 14, 1, minute)).toISOString();
    for (let minute = 0; minute < 25; minute++)
      store.recent.add({ result: 'ok', name: `Người ${minute}`, at: at(minute), offline: false, note: '' });
    // An uploaded scan's answer arrives late but takes its place by when it was scanned.
    store.recent.add({ result: 'cancelled', name: 'Trần Văn An', at: at(20), offline: false, note: ' · gửi sau' });
    const kept = store.recent.all();
    expect(kept).toHaveLength(20);
    expect(kept.slice(0, 6).map((r: { name: string }) => r.name)).toEqual([
      'Người 24',
      'Người 23',
      'Người 22',
      'Người 21',
      'Trần Văn An',
      'Người 20',
    ]);
    expect(kept.at(-1).name).toBe('Người 6');
    store.saveList(list());
    store.forgetLists();
    expect(store.recent.all()).toEqual([]);
  });

  it('remembers that someone signed in, until told otherwise', () => {
    expect(store.signedIn.get()).toBe(false);
    store.signedIn.set(true);
    expect(store.signedIn.get()).toBe(true);
    store.signedIn.set(false);
    expect(store.signedIn.get()).toBe(false);
    expect(storage.keys()).not.toContain('kc.scan.signed-in');
  });
});

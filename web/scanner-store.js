// What the scanner keeps on the device (localStorage, so a reload or a dead battery's restart
// keeps it): device id, sign-in token, whether someone signed in, the chosen session, each
// event's check-in list, the last answers and the queue of scans made offline. Also the offline
// answer, which mirrors the server's rules.

const KEYS = {
  device: 'kc.scan.device',
  token: 'kc.scan.token',
  signedIn: 'kc.scan.signed-in',
  selection: 'kc.scan.selection',
  camera: 'kc.scan.camera',
  queue: 'kc.scan.queue',
  walkIns: 'kc.scan.walk-ins',
  failed: 'kc.scan.failed',
  recent: 'kc.scan.recent',
  list: (eventId) => `kc.scan.list.${eventId}`,
};

function read(key, fallback) {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** False when the device is out of storage: the caller must say so, not lose scans silently. */
function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

// crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
export function randomId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One id per device for the server's (deviceId, nonce) replay key; never changes. */
export function deviceId() {
  let id = read(KEYS.device, null);
  if (!id) {
    id = `web-${randomId()}`;
    write(KEYS.device, id);
  }
  return id;
}

export const token = { get: () => read(KEYS.token, null), set: (t) => write(KEYS.token, t) };
/**
 * Someone signed in on this device and has not signed out: only then does a refused sign-in
 * mean it has ended. A new phone has nothing to be told.
 */
export const signedIn = { get: () => read(KEYS.signedIn, false), set: (yes) => write(KEYS.signedIn, yes || null) };
export const selection = { get: () => read(KEYS.selection, null), set: (s) => write(KEYS.selection, s) };
/** Off only when the staff turned it off (a hand scanner at this door); stays so after a reload. */
export const cameraWanted = { get: () => read(KEYS.camera, true), set: (on) => write(KEYS.camera, on) };

// ---- the check-in list -------------------------------------------------------------------

export function loadList(eventId) {
  return read(KEYS.list(eventId), null);
}

/**
 * Stores a fresh list from the server. While this event's scans wait in the queue, presence
 * this device recorded offline is kept (the server does not know it yet); with nothing waiting
 * the server's list is the truth, so a mark an organiser cleared leaves the device too.
 */
export function saveList(fresh, previous = loadList(fresh.event.id)) {
  const waiting = queue.all().some((s) => s.eventId === fresh.event.id);
  const known = new Map((previous?.attendees ?? []).map((a) => [a.registrationId, a]));
  for (const a of fresh.attendees) {
    const old = known.get(a.registrationId);
    if (waiting) a.presentSessions = [...new Set([...a.presentSessions, ...(old?.presentSessions ?? [])])];
    // First check-in times the device learnt, for the sessions still marked.
    a.firstAt = Object.fromEntries(Object.entries(old?.firstAt ?? {}).filter(([sessionId]) => a.presentSessions.includes(sessionId)));
  }
  return write(KEYS.list(fresh.event.id), fresh);
}

/**
 * Registrants' names stay on a shared phone no longer than its sign-in: the lists and the last
 * answers go. Queued scans stay.
 */
export function forgetLists() {
  const prefix = KEYS.list('');
  for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
  write(KEYS.recent, null);
}

/** Every event whose list this device keeps: what the door can still scan for offline. */
export function storedLists() {
  const prefix = KEYS.list('');
  return Object.keys(localStorage)
    .filter((key) => key.startsWith(prefix))
    .map((key) => read(key, null))
    .filter((list) => list?.event?.sessions);
}

export function markPresent(list, attendee, sessionId, at) {
  // The server let them in, so their seat is confirmed now (a promotion the list missed).
  attendee.status = 'confirmed';
  if (!attendee.presentSessions.includes(sessionId)) attendee.presentSessions.push(sessionId);
  attendee.firstAt = attendee.firstAt ?? {};
  attendee.firstAt[sessionId] = attendee.firstAt[sessionId] ?? at;
  return write(KEYS.list(list.event.id), list);
}

/**
 * What the server just said of someone the list holds, when it tells more than the list: a
 * registration cancelled or not (or no longer) confirmed since the list was fetched. Without
 * this, the same ticket scanned again after the network drops would be let in.
 */
export function noteRefusal(list, attendee, result) {
  if (result === 'cancelled' && attendee.status !== 'cancelled' && attendee.status !== 'rejected') attendee.status = 'cancelled';
  else if (result === 'not_confirmed' && attendee.status === 'confirmed') attendee.status = 'pending';
  else return true;
  return write(KEYS.list(list.event.id), list);
}

/**
 * Checked in to this session versus expected, both among confirmed registrations: someone who
 * came and cancelled since counts nowhere, as on the organiser's pages.
 */
export function counters(list, sessionId) {
  let present = 0;
  let expected = 0;
  for (const a of list?.attendees ?? []) {
    if (a.status !== 'confirmed') continue;
    expected++;
    if (a.presentSessions.includes(sessionId)) present++;
  }
  return { present, expected };
}

/** The session whose door is open now, else the next one, else the last. */
export function defaultSession(list, now = Date.now()) {
  const sessions = list.event.sessions;
  return sessions.find((s) => isOpen(list, s, now)) ?? sessions.find((s) => Date.parse(s.startsAt) > now) ?? sessions[sessions.length - 1];
}

function isOpen(list, session, at) {
  const opens = Date.parse(session.startsAt) - list.event.opensMinutesBefore * 60_000;
  return at >= opens && at <= Date.parse(session.endsAt);
}

// ---- matching a code against the list ----------------------------------------------------

// The server's short-code rules (src/tickets/ticket-token.ts): no look-alike characters; the
// ones printed codes get misread as are mapped to the symbol they resemble.
const SHORT_CODE_ALPHABET = 'ACDEFHJKMNPQRTVWXY34679';
const LOOK_ALIKES = { O: 'Q', 0: 'Q', G: '6', U: 'V' };

export function normalizeShortCode(input) {
  const chars = [...input.toUpperCase().replace(/[\s-]/g, '')];
  if (chars.length !== 8) return null;
  const mapped = chars.map((c) => LOOK_ALIKES[c] ?? c);
  return mapped.every((c) => SHORT_CODE_ALPHABET.includes(c)) ? mapped.join('') : null;
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The attendee behind a scanned text, or null. A QR token (it holds dots, as on the server) is
 * matched by its SHA-256, since the list holds only digests; anything else as a short code.
 */
export async function findAttendee(list, code) {
  if (!list) return null;
  const text = code.trim();
  if (text.includes('.')) {
    if (!crypto.subtle) return null; // plain http on a LAN address: no WebCrypto
    const digest = await sha256Hex(text);
    return list.attendees.find((a) => a.tokenSha256.includes(digest)) ?? null;
  }
  const short = normalizeShortCode(text);
  return short ? (list.attendees.find((a) => a.shortCode === short) ?? null) : null;
}

/** The answer the server would give, from the list; an `ok` marks the attendee present. */
export function answerOffline(list, sessionId, attendee, scannedAt) {
  if (!attendee) return { result: 'unknown' };
  const answer = { attendee: { name: attendee.name, ...(attendee.facility && { facility: attendee.facility }) } };
  const session = list.event.sessions.find((s) => s.id === sessionId);
  if (attendee.status === 'cancelled' || attendee.status === 'rejected') return { ...answer, result: 'cancelled' };
  if (attendee.status !== 'confirmed') return { ...answer, result: 'not_confirmed' };
  if (!session || !isOpen(list, session, Date.parse(scannedAt))) return { ...answer, result: 'outside_window' };
  if (attendee.presentSessions.includes(sessionId)) {
    const first = attendee.firstAt?.[sessionId];
    return { ...answer, result: 'already_checked_in', ...(first && { firstCheckedInAt: first }) };
  }
  markPresent(list, attendee, sessionId, scannedAt);
  return { ...answer, result: 'ok', firstCheckedInAt: scannedAt };
}

/** Name, facility or short code, ignoring case and Vietnamese diacritics. */
export function searchLocal(list, q) {
  const fold = (s) => (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
  const needle = fold(q.trim());
  return (list?.attendees ?? [])
    .filter((a) => fold(a.name).includes(needle) || fold(a.facility).includes(needle) || fold(a.shortCode).includes(needle))
    .slice(0, 50)
    .map((a) => ({ registrationId: a.registrationId, name: a.name, facility: a.facility, status: a.status, shortCode: a.shortCode }));
}

// ---- the last answers ------------------------------------------------------------------

const RECENT_MAX = 20;

/**
 * The door's last answers, newest first, kept across a reload for a second look. Only what the
 * list on screen shows: the result, the name, when, and whether it was answered offline.
 */
export const recent = {
  all: () => read(KEYS.recent, []),
  /** @param {{result: string, name: string | null, at: string, offline: boolean, note: string}} entry */
  add(entry) {
    // Answers to uploaded scans arrive late: the list stays in the order the door scanned.
    const entries = [entry, ...recent.all()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, RECENT_MAX);
    // Storage full: the history is a convenience, the queue is not; drop the oldest half and retry.
    return write(KEYS.recent, entries) || write(KEYS.recent, entries.slice(0, RECENT_MAX / 2));
  },
};

// ---- the offline queue -------------------------------------------------------------------

export const queue = {
  all: () => read(KEYS.queue, []),
  /** False if the scan could not be stored: the door must know it will not be uploaded. */
  push: (scan) => write(KEYS.queue, [...queue.all(), scan]),
  // Re-read before writing: a scan queued while an upload was in flight must stay.
  remove: (nonces) =>
    write(
      KEYS.queue,
      queue.all().filter((s) => !nonces.has(s.nonce)),
    ),
};

/**
 * Walk-ins admitted offline (people registered at the door), uploaded with the scans: kept
 * apart from them, as the server keeps them apart (a walk-in is a registration, not a ticket).
 */
export const walkInQueue = {
  all: () => read(KEYS.walkIns, []),
  /** False if the walk-in could not be stored: the door must know it will not be uploaded. */
  push: (walkIn) => write(KEYS.walkIns, [...walkInQueue.all(), walkIn]),
  remove: (nonces) =>
    write(
      KEYS.walkIns,
      walkInQueue.all().filter((w) => !nonces.has(w.nonce)),
    ),
};

/** Scans the server refused outright (e.g. a device clock far off); kept for the organiser. */
export const failed = {
  all: () => read(KEYS.failed, []),
  push: (scans) => write(KEYS.failed, [...failed.all(), ...scans].slice(-500)),
};

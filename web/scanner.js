// The door scanner: sign in, pick a session, then scan by camera, hand scanner (keystrokes
// ending in Enter), typed short code or name search. Answers come from the server, or from the
// list kept on the device while the network is gone; those scans wait in a queue and are
// uploaded in order when it is back.

import { createAnswer, hcmTime, verdict } from './scanner-answer.js';
import { createApi, errorMessage, Offline } from './scanner-api.js';
import { cameraProblem, createCamera } from './scanner-camera.js';
import { deviceToken } from './scanner-pairing.js';
import * as store from './scanner-store.js';
import { createUploader } from './scanner-sync.js';
import { $, bilingual, eventLabel, notice, renderMatches, renderRecent, renderStatus, sessionLabel } from './scanner-view.js';
import { renderProblems, serverProblems, walkInBody, walkInProblems } from './scanner-walkin.js';

const SAME_CODE_MS = 3000; // a ticket held under the camera is answered once per 3 s, not per frame
const FLUSH_EVERY_MS = 5000;
const REFRESH_LIST_MS = 60_000;
const SCAN_TIMEOUT_MS = 3000; // after this the stored list answers: the queue keeps the scan

const api = createApi(store.token.get);
const device = store.deviceId();
const state = {
  eventId: null,
  sessionId: null,
  list: null,
  lastCode: '',
  lastCodeAt: 0,
  busy: Promise.resolve(),
  inFlight: 0,
  cameraWarned: false,
  cameraFailed: false,
};
const answer = createAnswer($('answer'), (tone) => {
  // A refusal dismissed with the ticket still under the lens: that ticket waits the usual pause.
  if (tone !== 'ok') state.lastCodeAt = Date.now();
  focusCode();
});
const camera = createCamera($('video'), onCameraCode);
const pairCamera = createCamera($('pair-video'), onPairingCode);

// ---- screens ------------------------------------------------------------------------------

function showScreen(name) {
  for (const s of ['signin', 'pick', 'scan']) $(`screen-${s}`).hidden = s !== name;
  $('change-event').hidden = name !== 'scan';
  $('sign-out').hidden = name === 'signin';
  if (name !== 'scan') stopCamera();
  if (name !== 'signin') stopPairing();
}

async function boot() {
  if (!window.isSecureContext)
    notice('Trang cần https để dùng camera và đọc vé khi mất mạng · This page needs https for the camera and offline QR matching', 'warn');
  // Keeps the page's files on the device, so a reload without network still opens it.
  navigator.serviceWorker?.register('/scan-sw.js', { scope: '/scan' }).catch(() => {});
  refreshStatus();
  let me;
  try {
    me = await api('GET', '/api/v1/auth/me');
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    return resume() || notice('Không có mạng và chưa có danh sách trên máy · Offline, and no list stored on this device', 'bad');
  }
  if (me.status !== 200) return signedOut();
  store.signedIn.set(true);
  if (!resume()) await showPick();
}

/**
 * The server no longer knows this sign-in (a revoked device token, an expired session): the
 * registrants' names and codes leave the device with it, as at a sign-out. Queued scans stay,
 * to be uploaded after the next sign-in.
 */
function signedOut() {
  // Told once: a list refresh and an upload can both find the sign-in gone.
  if (!$('screen-signin').hidden) return;
  const token = store.token.get();
  // Nobody signed in here yet (a new phone, or after a sign-out): nothing has ended.
  const hadSignIn = token !== null || store.signedIn.get();
  forgetSignIn();
  stopCamera();
  bilingual($('event-title'), 'Soát vé', 'Door check-in');
  $('session-label').textContent = '';
  const queued = store.queue.all().length + store.walkInQueue.all().length;
  const waiting = queued ? ' Lượt quét chờ gửi vẫn được giữ. · Waiting scans are kept.' : '';
  if (token)
    notice(
      `Mã thiết bị không còn hiệu lực (có thể đã bị thu hồi); danh sách trên máy đã được xoá.${waiting} · The device token is no longer valid (revoked?); the stored list was removed.`,
      'bad',
    );
  else if (hadSignIn) notice(`Phiên đăng nhập đã hết: đăng nhập lại.${waiting} · Your sign-in has ended: please sign in again.`, 'bad');
  else if (queued)
    notice(`${queued} lượt quét chờ gửi: đăng nhập để gửi lên. · ${queued} scans wait to upload: sign in to send them.`, 'warn');
  showScreen('signin');
}

/** What a sign-in left on the device goes with it: lists, last answers, the chosen session. */
function forgetSignIn() {
  store.token.set(null);
  store.signedIn.set(false);
  store.selection.set(null);
  store.forgetLists();
  Object.assign(state, { eventId: null, sessionId: null, list: null });
  renderRecent([]);
  refreshStatus();
}

/** After a reload: back to the chosen session if it has not ended and its list is stored. */
function resume() {
  const chosen = store.selection.get();
  const list = chosen && store.loadList(chosen.eventId);
  const session = list?.event.sessions.find((s) => s.id === chosen.sessionId);
  if (!session || Date.parse(session.endsAt) < Date.now()) return false;
  startScanning(chosen.eventId, chosen.sessionId);
  return true;
}

async function showPick() {
  showScreen('pick');
  // Back to the session being scanned, without choosing again (offline too).
  $('back-to-scan').hidden = !state.eventId;
  let events;
  let offline = false;
  try {
    const res = await api('GET', '/api/v1/checkins/events');
    if (res.status === 401) return signedOut();
    if (res.status !== 200) return notice(errorMessage(res), 'bad');
    events = res.body.events;
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    offline = true;
    // Offline: the events whose lists this device keeps can still be scanned.
    events = store.storedLists().map((l) => ({ id: l.event.id, title: l.event.title, startsAt: l.event.sessions[0]?.startsAt ?? null }));
    notice(
      events.length
        ? 'Không có mạng: chỉ các sự kiện đã tải về máy · Offline: only events stored on this device'
        : 'Không có mạng: chưa tải được danh sách sự kiện · Offline: cannot load the events',
      events.length ? 'warn' : 'bad',
    );
  }
  const select = $('event-select');
  select.replaceChildren(...events.map((e) => new Option(eventLabel(e), e.id)));
  if (events.length === 0) {
    if (!offline) notice('Không có sự kiện nào để soát vé · No events to scan for this sign-in', 'warn');
    return;
  }
  const chosen = store.selection.get();
  if (chosen && events.some((e) => e.id === chosen.eventId)) select.value = chosen.eventId;
  await loadSessions(select.value);
}

async function loadSessions(eventId) {
  const select = $('session-select');
  select.replaceChildren();
  $('start').disabled = true;
  const list = await refreshList(eventId);
  if (!list) return notice('Chưa tải được danh sách soát vé · Could not load the check-in list', 'bad');
  // A session that has ended stays choosable (a late upload, a second look) but says so.
  const ended = (s) => Date.parse(s.endsAt) < Date.now();
  select.replaceChildren(
    ...list.event.sessions.map((s) => new Option(`${sessionLabel(s)}${ended(s) ? ' (đã kết thúc / ended)' : ''}`, s.id)),
  );
  select.value = store.defaultSession(list)?.id ?? '';
  $('start').disabled = !select.value;
}

/** Downloads the event's list and stores it; the stored copy when the server is out of reach. */
async function refreshList(eventId) {
  try {
    const res = await api('GET', `/api/v1/events/${eventId}/checkin-list`, undefined, { timeoutMs: 15_000 });
    if (res.status === 200) {
      if (!store.saveList(res.body))
        notice('Bộ nhớ máy đầy: danh sách không lưu được để dùng khi mất mạng · Storage full: the list is not kept for offline use', 'bad');
      return store.loadList(eventId) ?? res.body;
    }
    if (res.status === 401) {
      signedOut();
      return null;
    }
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
  }
  return store.loadList(eventId);
}

function startScanning(eventId, sessionId) {
  Object.assign(state, { eventId, sessionId, list: store.loadList(eventId) });
  store.selection.set({ eventId, sessionId });
  showScreen('scan');
  notice('');
  $('matches').replaceChildren(); // another session's search results would mislead
  $('event-title').textContent = state.list?.event.title ?? '';
  const session = state.list?.event.sessions.find((s) => s.id === sessionId);
  $('session-label').textContent = session ? sessionLabel(session) : '';
  refreshStatus();
  renderRecent(store.recent.all());
  focusCode();
  if (store.cameraWanted.get()) startCamera();
  else renderCamera();
  sync();
}

// ---- camera -------------------------------------------------------------------------------

async function startCamera() {
  try {
    await camera.start();
    state.cameraFailed = false;
  } catch (err) {
    state.cameraFailed = true;
    // For whoever fixes the phone; the door reads what to do, in its words.
    console.warn(`camera: ${err?.name}: ${err?.message}`);
    // Said once a page load: a door working with a hand scanner has read it.
    if (!state.cameraWarned) {
      state.cameraWarned = true;
      const problem = cameraProblem(err);
      notice({ vi: problem.vi, en: problem.en }, 'warn', `camera-${problem.kind}`);
    }
  }
  renderCamera();
}

function stopCamera() {
  camera.stop();
  renderCamera();
}

function renderCamera() {
  $('camera-off').hidden = camera.running;
  if (state.cameraFailed) bilingual($('camera-off'), 'Không mở được camera', 'Camera unavailable');
  else bilingual($('camera-off'), 'Camera đang tắt', 'Camera off');
  $('video').parentElement.classList.toggle('off', !camera.running);
  bilingual($('camera-toggle'), camera.running ? 'Tắt camera' : 'Bật camera', camera.running ? 'Camera off' : 'Camera on');
}

function onCameraCode(text) {
  // A pairing code held up at the door is not a ticket: said once, never sent as one.
  if (deviceToken(text)) {
    if (text !== state.lastCode) notice('Đây là mã ghép máy, không phải vé · This is a pairing code, not a ticket', 'warn');
    state.lastCode = text;
    return;
  }
  // A ticket still under the lens while its answer shows or is on its way is the same scan.
  if (state.inFlight || (text === state.lastCode && answer.visible)) return;
  if (text === state.lastCode && Date.now() - state.lastCodeAt < SAME_CODE_MS) return;
  // Green goes by itself; an amber or red answer waits, until another ticket comes.
  if (answer.visible && !answer.waiting) return;
  submit(text);
}

// ---- pairing by QR --------------------------------------------------------------------------

async function startPairing() {
  $('pair').hidden = false;
  $('pair-hint').hidden = false;
  $('pair-stop').hidden = false;
  $('pair-start').hidden = true;
  try {
    await pairCamera.start();
  } catch (err) {
    console.warn(`camera: ${err?.name}: ${err?.message}`);
    const problem = cameraProblem(err);
    notice({ vi: `${problem.vi} Có thể dán mã thiết bị bên dưới.`, en: `${problem.en} You can paste the device token below.` }, 'warn');
    stopPairing();
  }
}

function stopPairing() {
  pairCamera.stop();
  $('pair').hidden = true;
  $('pair-hint').hidden = true;
  $('pair-stop').hidden = true;
  $('pair-start').hidden = false;
}

function onPairingCode(text) {
  const token = deviceToken(text);
  if (!token) {
    // A ticket, or any other code: the phone keeps looking for the pairing code.
    if (state.lastCode !== text) notice('Đây không phải mã ghép máy (có thể là vé) · Not a pairing code (a ticket?)', 'warn');
    state.lastCode = text;
    return;
  }
  stopPairing();
  state.lastCode = '';
  store.token.set(token);
  notice('Đã ghép máy · Device paired', 'ok');
  boot();
}

// ---- walk-ins -----------------------------------------------------------------------------

/** Registers and admits someone unregistered: online at once, offline into the queue. */
async function addWalkIn(form) {
  const body = walkInBody(new FormData(form), { deviceId: device, nonce: store.randomId(), sessionId: state.sessionId });
  const problems = walkInProblems(body);
  renderProblems(form, $('walk-in-problems'), problems);
  if (problems.length || !state.eventId) return;
  answer.hide();
  let res = null;
  // While anything waits in a queue, the walk-in joins it: the server sees the door's order.
  if (navigator.onLine && store.queue.all().length === 0 && store.walkInQueue.all().length === 0) {
    try {
      res = await api('POST', `/api/v1/events/${state.eventId}/walk-ins`, body, { timeoutMs: SCAN_TIMEOUT_MS * 2 });
    } catch (err) {
      if (!(err instanceof Offline)) throw err;
    }
  }
  if (!res) {
    const queued = { ...body, eventId: state.eventId, scannedAt: new Date().toISOString(), offlineResult: 'ok' };
    if (!store.walkInQueue.push(queued))
      return notice('Bộ nhớ máy đầy: khách vãng lai này KHÔNG được lưu · Device storage full: this walk-in was NOT saved', 'bad');
    const local = { result: 'ok', attendee: { name: body.person.fullName } };
    doneWalkIn(form);
    noteRecent(local, { offline: true, note: ' · khách vãng lai' });
    answer.show(local, { offline: true });
    refreshStatus();
    sync();
    return;
  }
  if (res.status === 401) {
    answer.show({ result: 'error', message: 'Cần đăng nhập lại · Please sign in again' });
    return signedOut();
  }
  if (res.status === 422) return renderProblems(form, $('walk-in-problems'), serverProblems(res));
  if (res.status !== 201) return answer.show({ result: 'error', message: errorMessage(res) });
  const shown = { ...res.body.checkin, attendee: res.body.attendee };
  doneWalkIn(form);
  noteRecent(shown, { note: ' · khách vãng lai' });
  answer.show(shown);
  // The new registration joins the stored list, for the counters and offline answers.
  refreshList(state.eventId).then(useList);
}

function doneWalkIn(form) {
  form.reset();
  $('walk-in').open = false;
  focusCode();
}

// ---- checking in --------------------------------------------------------------------------

/** Scans are answered one at a time, in the order the door made them. */
function submit(raw) {
  const code = raw.trim();
  if (!code || !state.eventId) return;
  // The next scan puts the last answer away, so a refusal never stands for the next person.
  answer.hide();
  state.lastCode = code;
  state.lastCodeAt = Date.now();
  state.inFlight++;
  state.busy = state.busy
    .then(() => checkIn(code))
    .catch((err) => answer.show({ result: 'error', message: String(err) }))
    .finally(() => state.inFlight--);
}

async function checkIn(code) {
  const scan = {
    code,
    eventId: state.eventId,
    sessionId: state.sessionId,
    deviceId: device,
    nonce: store.randomId(),
    scannedAt: new Date().toISOString(),
  };
  const attendee = await store.findAttendee(state.list, code);
  const typed = code.includes('.') ? undefined : code.toUpperCase();
  // While scans wait in the queue, new ones join it: the server then sees the door's order
  // (an offline `ok` first, the same ticket again after it), and nobody waits for an upload.
  let res = null;
  if (navigator.onLine && store.queue.all().length === 0) {
    try {
      res = await api('POST', '/api/v1/checkins', scan, { timeoutMs: SCAN_TIMEOUT_MS });
    } catch (err) {
      if (!(err instanceof Offline)) throw err;
    }
  }
  if (!res) return answerFromList(scan, attendee, typed);
  if (res.status === 401) {
    // Not queued: whoever signs in next scans again for this door.
    answer.show({ result: 'error', message: 'Cần đăng nhập lại · Please sign in again' });
    return signedOut();
  }
  if (res.status !== 200) return answer.show({ result: 'error', message: errorMessage(res) });
  // Someone registered after the list was fetched: fetch it again for the counters.
  if (!noteServerAnswer(state.list, res.body, attendee, scan)) refreshList(state.eventId).then(useList);
  noteRecent(res.body);
  answer.show(res.body, { code: typed });
  refreshStatus();
}

function answerFromList(scan, attendee, typed) {
  const local = store.answerOffline(state.list, state.sessionId, attendee, scan.scannedAt);
  if (!store.queue.push({ ...scan, offlineResult: local.result })) {
    notice('Bộ nhớ máy đầy: lượt quét này KHÔNG được lưu · Device storage full: this scan was NOT saved', 'bad');
  }
  noteRecent(local, { offline: true });
  answer.show(local, { offline: true, code: typed });
  refreshStatus();
  sync(); // the network may be back already
}

/** An answer joins the last answers on the device, and the list on screen. */
function noteRecent(a, { offline = false, at = new Date().toISOString(), note = '' } = {}) {
  store.recent.add({ result: a.result, name: a.attendee?.name ?? null, at, offline, note });
  renderRecent(store.recent.all());
}

/**
 * The server's answer goes into the stored list, so counters and offline answers know: a
 * present answer marks the person, a cancelled or unconfirmed one changes their status.
 * False when the list does not hold someone the server let in.
 */
function noteServerAnswer(list, a, attendee, scan) {
  if (a.result !== 'ok' && a.result !== 'already_checked_in') {
    if (list && attendee) store.noteRefusal(list, attendee, a.result);
    return true;
  }
  if (!list || !attendee) return false;
  store.markPresent(list, attendee, a.sessionId ?? scan.sessionId, a.firstCheckedInAt ?? scan.scannedAt);
  return true;
}

/** A list just fetched becomes the one answering, if it is still this event's. */
function useList(list) {
  if (list && list.event.id === state.eventId) state.list = list;
  refreshStatus();
}

// ---- the upload queue ---------------------------------------------------------------------

const flush = createUploader({
  api,
  async onResult(scan, r) {
    const list = scan.eventId === state.eventId ? state.list : store.loadList(scan.eventId);
    // The server repeating the door's own refusal tells nothing new (the list may be fresher).
    if (r.result !== scan.offlineResult) noteServerAnswer(list, r, await store.findAttendee(list, scan.code), scan);
    // The door said one thing, the server another (e.g. scanned at another door meanwhile).
    if (r.result !== scan.offlineResult) {
      noteRecent(r, { at: scan.scannedAt, note: ` · gửi sau, trên máy là “${verdict(scan.offlineResult).vi}”` });
      // Someone let in offline whom the server refuses (cancelled meanwhile): the door must know now.
      if (scan.offlineResult === 'ok' && verdict(r.result).tone === 'bad') {
        const who = r.attendee?.name ?? scan.code;
        notice(
          `Lượt quét lúc ${hcmTime(scan.scannedAt)}: ${who} — ${verdict(r.result).vi} (trên máy đã báo “Mời vào”) · Uploaded scan refused: ${verdict(r.result).en}`,
          'warn',
        );
      }
    }
  },
  onWalkIn(walkIn, r) {
    // Admitted offline and refused now (the event full and no walk-ins beyond it), or flagged.
    if (r.checkin.result !== walkIn.offlineResult || r.review) {
      noteRecent({ result: r.checkin.result, attendee: r.attendee }, { at: walkIn.scannedAt, note: ' · khách vãng lai, gửi sau' });
      const why = r.review
        ? 'cần ban tổ chức xem lại · to be reviewed'
        : `${verdict(r.checkin.result).vi} · ${verdict(r.checkin.result).en}`;
      notice(`Khách vãng lai lúc ${hcmTime(walkIn.scannedAt)}: ${r.attendee.name} — ${why}`, 'warn');
    }
  },
  onProgress: refreshStatus,
  onSignedOut: signedOut,
  onError: (message) => notice(message, 'bad'),
});

/** Uploads what waits, then fetches the list again: other doors' check-ins, for the counters. */
async function sync() {
  if ((await flush()) && state.eventId) useList(await refreshList(state.eventId));
}

function refreshStatus() {
  const { present, expected } = store.counters(state.list, state.sessionId);
  renderStatus({
    present,
    expected,
    hasList: !!state.list,
    online: navigator.onLine,
    queued: store.queue.all().length + store.walkInQueue.all().length,
    failed: store.failed.all().length,
  });
}

// ---- search and focus ---------------------------------------------------------------------

async function search(q) {
  if (q.trim().length < 2 || !state.eventId) return;
  let matches = null;
  if (navigator.onLine) {
    try {
      const res = await api('GET', `/api/v1/events/${state.eventId}/checkin-search?q=${encodeURIComponent(q.trim())}`, undefined, {
        timeoutMs: 4000,
      });
      if (res.status === 200) matches = res.body.matches;
    } catch (err) {
      if (!(err instanceof Offline)) throw err;
    }
  }
  matches ??= store.searchLocal(state.list, q);
  const present = new Set(
    (state.list?.attendees ?? []).filter((a) => a.presentSessions.includes(state.sessionId)).map((a) => a.registrationId),
  );
  renderMatches(matches, present, (m) => {
    $('matches').replaceChildren();
    $('q').value = '';
    submit(m.shortCode);
  });
}

/** The code field keeps the focus, so a hand scanner's keystrokes land there, unless the
 *  staff chose another field (the search box). */
function focusCode() {
  const active = document.activeElement;
  // The answer's dismiss button keeps the focus a keyboard gave it, while the answer shows.
  const onAnswer = answer.visible && active?.closest('#answer');
  const elsewhere = active && active !== document.body && active.id !== 'code' && (active.matches('input, select, textarea') || onAnswer);
  if (!$('screen-scan').hidden && !elsewhere) $('code').focus({ preventScroll: true });
}

// ---- wiring -------------------------------------------------------------------------------

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    const res = await api('POST', '/api/v1/auth/login', { email: form.get('email'), password: form.get('password') });
    if (res.status !== 200) return notice(errorMessage(res), 'bad');
  } catch (err) {
    if (err instanceof Offline) return notice('Không có mạng · Offline', 'bad');
    throw err;
  }
  store.token.set(null);
  store.signedIn.set(true);
  notice('');
  await showPick();
});

$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  store.token.set(new FormData(e.target).get('token').trim());
  e.target.reset();
  notice('');
  await boot();
});

$('pair-start').addEventListener('click', startPairing);
$('pair-stop').addEventListener('click', stopPairing);
$('walk-in-form').addEventListener('submit', (e) => {
  e.preventDefault();
  addWalkIn(e.target).catch((err) => answer.show({ result: 'error', message: String(err) }));
});

$('event-select').addEventListener('change', (e) => loadSessions(e.target.value));
$('pick-form').addEventListener('submit', (e) => {
  e.preventDefault();
  answer.unlockSound();
  startScanning($('event-select').value, $('session-select').value);
});
$('change-event').addEventListener('click', () => showPick());
// A notice is read once; a tap puts it away (a camera warning would otherwise fill the screen all shift).
$('notice').addEventListener('click', () => notice(''));
$('back-to-scan').addEventListener('click', () => startScanning(state.eventId, state.sessionId));
$('sign-out').addEventListener('click', async () => {
  const waiting = store.queue.all().length + store.walkInQueue.all().length;
  if (waiting && !confirm(`Còn ${waiting} lượt quét chưa gửi; chúng được giữ lại và gửi sau khi đăng nhập lại. Vẫn đăng xuất?`)) return;
  await api('POST', '/api/v1/auth/logout').catch(() => {});
  forgetSignIn();
  answer.hide();
  showScreen('signin');
});

$('camera-toggle').addEventListener('click', () => {
  store.cameraWanted.set(!camera.running);
  if (camera.running) stopCamera();
  else startCamera();
});
$('code-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('code');
  // Enter with nothing typed puts a waiting answer away, as Escape does.
  if (!input.value.trim()) return answer.hide();
  submit(input.value);
  input.value = '';
  input.inputMode = 'none';
});
// No on-screen keyboard over the camera while the field waits for a hand scanner; a tap on
// the field means the staff want to type, so it comes up then.
$('code').addEventListener('pointerdown', (e) => (e.target.inputMode = 'text'));
$('code').addEventListener('focusout', () => setTimeout(focusCode, 0));
$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  search($('q').value);
});

document.addEventListener('pointerdown', answer.unlockSound);
document.addEventListener('keydown', answer.unlockSound);
document.addEventListener('keydown', (e) => e.key === 'Escape' && answer.hide());
document.addEventListener('visibilitychange', () => {
  // A hidden page keeps no camera open (battery, and the light next to the lens).
  if (document.hidden) stopCamera();
  else if (!$('screen-scan').hidden && store.cameraWanted.get()) startCamera();
});
window.addEventListener('online', () => {
  refreshStatus();
  // Started offline with nothing stored: nothing on screen yet, so start over now.
  if ([...document.querySelectorAll('.screen')].every((s) => s.hidden)) boot();
  else sync();
});
window.addEventListener('offline', refreshStatus);
setInterval(() => state.eventId && sync(), FLUSH_EVERY_MS);
setInterval(() => state.eventId && navigator.onLine && refreshList(state.eventId).then(useList), REFRESH_LIST_MS);

boot();

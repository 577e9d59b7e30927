// Small renderers for the scanner's status bar and lists. DOM built with textContent only:
// names come from registrants, so never through innerHTML.

import { hcmTime, verdict } from './scanner-answer.js';

export const $ = (id) => document.getElementById(id);

const DAY = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit' });

/** "14/12", as dates are written in Vietnam (the vi-VN format gives "14-12"). */
function day(iso) {
  const parts = Object.fromEntries(DAY.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}`;
}

export function sessionLabel(s) {
  // No line break inside "29/11 07:30–10:40" (no-break space, word joiners around the dash).
  const when = `${day(s.startsAt)}\u00a0${hcmTime(s.startsAt)}\u2060–\u2060${hcmTime(s.endsAt)}`;
  return s.title ? `${s.title} · ${when}` : when;
}

export function eventLabel(e) {
  return e.startsAt ? `${e.title} (${day(e.startsAt)})` : e.title;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "Vietnamese" then a smaller English twin, as in the static labels. */
export function bilingual(node, vi, en) {
  const twin = el('span', 'en', en);
  twin.lang = 'en';
  node.replaceChildren(`${vi} `, twin);
}

/**
 * The line under the status bar. `text` is "Vietnamese · English" in one string, or {vi, en}
 * for a longer message whose English goes on its own line; `kind` names it for tests and styles.
 */
export function notice(text, tone = 'info', kind = '') {
  const box = $('notice');
  if (typeof text === 'string') box.textContent = text;
  else bilingual(box, text.vi, text.en);
  box.className = `notice ${tone}`;
  box.dataset.kind = kind;
  box.hidden = !text;
}

export function renderStatus({ present, expected, hasList, online, queued, failed }) {
  const counter = $('counter');
  counter.hidden = !hasList;
  counter.dataset.present = String(present);
  counter.dataset.expected = String(expected);
  bilingual(counter, `Đã vào ${present}/${expected}`, 'checked in');
  $('net').hidden = online;
  bilingual($('net'), 'Mất mạng', 'Offline');
  const queue = $('queue');
  queue.hidden = queued === 0 && failed === 0;
  queue.dataset.count = String(queued);
  const failedNote = failed ? ` · ${failed} lượt không gửi được` : '';
  bilingual(queue, `${queued} lượt quét chờ gửi${failedNote}`, `${queued} waiting to upload${failed ? `, ${failed} refused` : ''}`);
}

const STATUS = {
  confirmed: ['Đã xác nhận', 'confirmed'],
  pending: ['Chờ duyệt', 'pending'],
  waitlisted: ['Danh sách chờ', 'waitlisted'],
  cancelled: ['Đã huỷ', 'cancelled'],
  rejected: ['Bị từ chối', 'rejected'],
};

/** Search results; a tap checks that person in by their short code. */
export function renderMatches(matches, presentIds, onPick) {
  const list = $('matches');
  if (matches.length === 0) {
    const empty = el('li', 'empty');
    bilingual(empty, 'Không tìm thấy ai', 'No one found');
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(
    ...matches.map((m) => {
      const button = el('button', 'match');
      button.type = 'button';
      const [vi, en] = STATUS[m.status] ?? [m.status, m.status];
      // Written as on the ticket: two groups of four.
      const meta = el('span', 'meta', `${m.shortCode.slice(0, 4)} ${m.shortCode.slice(4)} · ${vi} / ${en}`);
      if (presentIds.has(m.registrationId)) meta.textContent += ' · đã vào / in';
      button.append(el('strong', '', m.name), el('span', 'facility', m.facility ?? ''), meta);
      button.addEventListener('click', () => onPick(m));
      const item = el('li');
      item.append(button);
      return item;
    }),
  );
}

/**
 * The last answers (store.recent, newest first), still there after the overlay goes and after
 * a reload, for a second look.
 * @param {{result: string, name: string | null, at: string, offline: boolean, note: string}[]} entries
 */
export function renderRecent(entries) {
  $('recent').replaceChildren(
    ...entries.map((r) => {
      // As on the overlay: offline, a ticket missing from the list is amber (the server decides).
      const v = r.offline && r.result === 'unknown' ? { ...verdict('unknown'), tone: 'warn' } : verdict(r.result);
      const item = el('li', `tone-${v.tone}`);
      item.dataset.result = r.result;
      item.append(
        el('span', 'time', hcmTime(r.at)),
        el('span', 'who', r.name ?? '—'),
        el('span', 'what', `${v.vi}${r.offline ? ' (ngoại tuyến)' : ''}${r.note}`),
      );
      return item;
    }),
  );
}

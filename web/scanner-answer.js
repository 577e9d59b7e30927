// The full-screen answer: a colour readable from across the door, the name, a sound. Green goes
// by itself in 1.2 s (or at a tap), so the next person waits under 2 s; amber and red stay until
// the staff dismiss them (a tap, the button, Escape) or the next scan comes, so a refusal is
// never missed by someone who looked away.

const SHOW_MS = 1200;

// Green lets in; amber needs a look from the staff (already in, not confirmed, wrong time);
// red refuses.
const VERDICTS = {
  ok: { tone: 'ok', vi: 'Mời vào', en: 'Checked in' },
  already_checked_in: { tone: 'warn', vi: 'Đã vào rồi', en: 'Already checked in' },
  not_confirmed: { tone: 'warn', vi: 'Chưa được xác nhận', en: 'Not confirmed' },
  outside_window: { tone: 'warn', vi: 'Ngoài giờ soát vé', en: 'Outside check-in time' },
  unknown: { tone: 'bad', vi: 'Không nhận ra vé', en: 'Unknown ticket' },
  wrong_event: { tone: 'bad', vi: 'Vé của sự kiện khác', en: 'Ticket for another event' },
  cancelled: { tone: 'bad', vi: 'Đăng ký đã huỷ', en: 'Registration cancelled' },
  error: { tone: 'bad', vi: 'Lỗi', en: 'Error' },
};

const HCM_TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "07:55" in the programme's time zone, whatever the phone's zone is set to. */
export function hcmTime(iso) {
  return HCM_TIME.format(new Date(iso));
}

function details(answer) {
  const at = answer.firstCheckedInAt ? hcmTime(answer.firstCheckedInAt) : null;
  switch (answer.result) {
    case 'ok':
      return at ? [`Vào lúc ${at}`, `In at ${at}`] : ['', ''];
    case 'already_checked_in':
      return at ? [`Đã vào lúc ${at}`, `First checked in at ${at}`] : ['Đã vào trước đó', 'Checked in earlier'];
    case 'not_confirmed':
      return ['Đăng ký đang chờ duyệt hoặc trong danh sách chờ', 'Registration pending or waitlisted'];
    case 'outside_window':
      return ['Buổi này chưa mở hoặc đã kết thúc', 'This session is not open now'];
    case 'wrong_event':
      return answer.event ? [`Vé của: ${answer.event.title}`, `Ticket for: ${answer.event.title}`] : ['', ''];
    default:
      return ['', ''];
  }
}

export function verdict(result) {
  return VERDICTS[result] ?? VERDICTS.error;
}

/**
 * @param {HTMLElement} el the #answer overlay
 * @param {(tone: string) => void} onHidden runs when scanning resumes, with the tone that went
 */
export function createAnswer(el, onHidden) {
  const part = (cls) => el.querySelector(`.${cls}`);
  let timer = 0;
  let audio = null;
  let tone = '';

  function hide() {
    clearTimeout(timer);
    if (el.hidden) return;
    el.hidden = true;
    onHidden(tone);
  }
  el.addEventListener('pointerdown', hide);
  // The button is there for keyboards and screen readers (a tap anywhere also dismisses).
  part('dismiss').addEventListener('click', hide);

  /** Browsers allow sound only after a gesture: call this from one (a tap, a key). */
  function unlockSound() {
    audio = audio ?? new AudioContext();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
  }

  function beep(tone) {
    if (audio?.state !== 'running') return;
    // One high chirp lets in; two mid beeps ask for a look; a low buzz refuses.
    const notes = {
      ok: [[1320, 0, 0.12]],
      warn: [
        [660, 0, 0.12],
        [660, 0.18, 0.12],
      ],
      bad: [[220, 0, 0.45]],
    }[tone];
    for (const [freq, start, length] of notes) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tone === 'bad' ? 'square' : 'sine';
      osc.frequency.value = freq;
      gain.gain.value = 0.25;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + start);
      osc.stop(audio.currentTime + start + length);
    }
  }

  /**
   * @param {{result: string, attendee?: {name: string, facility?: string}, firstCheckedInAt?: string, message?: string}} answer
   * @param {{offline?: boolean, code?: string}} how
   */
  function show(answer, how = {}) {
    // Offline, a ticket missing from this door's list may still be genuine (issued after the
    // list was saved, or a QR this browser cannot check): amber, a look from the staff, and the
    // server decides once the scan is uploaded (a genuine ticket then counts, a forged one not).
    const unsure = how.offline && answer.result === 'unknown';
    const v = unsure ? { ...verdict('unknown'), tone: 'warn' } : verdict(answer.result);
    const [detailVi, detailEn] = answer.message
      ? [answer.message, '']
      : unsure
        ? [
            'Không có trong danh sách trên máy; máy chủ kiểm tra khi có mạng',
            'Not on this device’s list; the server checks it when back online',
          ]
        : details(answer);
    tone = v.tone;
    el.className = `answer ${v.tone}`;
    el.dataset.result = answer.result;
    part('verdict').textContent = v.vi;
    part('verdict-en').textContent = v.en;
    part('name').textContent = answer.attendee?.name ?? (how.code ? `Mã ${how.code}` : '');
    part('facility').textContent = answer.attendee?.facility ?? '';
    part('detail').textContent = detailVi;
    part('detail-en').textContent = detailEn;
    part('offline-mark').textContent = how.offline
      ? 'Không có mạng: trả lời theo danh sách trên máy, sẽ gửi sau · Offline: answered from the stored list'
      : '';
    part('dismiss').hidden = v.tone === 'ok';
    el.hidden = false;
    beep(v.tone);
    navigator.vibrate?.(v.tone === 'ok' ? 80 : [200, 80, 200]);
    clearTimeout(timer);
    if (v.tone === 'ok') timer = setTimeout(hide, SHOW_MS);
  }

  return {
    show,
    hide,
    unlockSound,
    get visible() {
      return !el.hidden;
    },
    /** An amber or red answer is on screen: it waits for the staff. */
    get waiting() {
      return !el.hidden && tone !== 'ok';
    },
  };
}

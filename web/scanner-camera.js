// The phone's rear camera, decoded with jsQR (loaded globally by scanner.html): Chromium on
// Linux and many Android WebViews have no BarcodeDetector, so one decoder everywhere.

const FRAMES_PER_SECOND = 6;
// jsQR's time grows with the pixel count; a ticket held at arm's length still has modules of
// several pixels at this size.
const MAX_SIDE = 800;

/** @param {(text: string) => void} onCode called with each decoded text (the caller debounces) */
export function createCamera(video, onCode) {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let stream = null;
  let timer = 0;

  function decodeFrame() {
    timer = setTimeout(decodeFrame, 1000 / FRAMES_PER_SECOND);
    if (video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) return;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const w = Math.round(video.videoWidth * scale);
    const h = Math.round(video.videoHeight * scale);
    if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
    ctx.drawImage(video, 0, 0, w, h);
    // Printed and on-screen tickets are dark on light: skipping the inverted pass halves the work.
    const hit = globalThis.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
    if (hit?.data) onCode(hit.data);
  }

  return {
    get running() {
      return stream !== null;
    },
    async start() {
      if (stream) return;
      if (typeof globalThis.jsQR !== 'function') throw new Error('jsQR not loaded');
      // Browsers give the camera to https pages only (and to localhost).
      if (globalThis.isSecureContext === false) throw named('InsecureContextError', 'camera needs https');
      if (!navigator.mediaDevices?.getUserMedia) throw named('NotSupportedError', 'no getUserMedia');
      // `ideal`, not `exact`: a laptop with only a front camera still scans.
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      video.srcObject = stream;
      await video.play();
      decodeFrame();
    },
    stop() {
      clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
      stream = null;
      video.srcObject = null;
    },
  };
}

function named(name, message) {
  return Object.assign(new Error(message), { name });
}

const USE_INSTEAD = {
  vi: 'Trong lúc đó: dùng máy quét cầm tay, nhập mã vé hoặc tìm theo tên.',
  en: 'Meanwhile: use the hand scanner, type the ticket code or search by name.',
};

/**
 * What went wrong with the camera and what the door staff can do about it, in their words:
 * the browser's error names (NotAllowedError…) mean nothing at a door.
 * @param {{name?: string}} err what camera.start() threw
 * @returns {{kind: string, vi: string, en: string}}
 */
export function cameraProblem(err) {
  switch (err?.name) {
    // Permission refused, now or earlier (the browser remembers the choice for the site).
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return {
        kind: 'denied',
        vi: `Trình duyệt đang chặn camera. Chạm biểu tượng ổ khoá (iPhone: nút “aA”) cạnh địa chỉ trang, mở Cài đặt trang web → Camera → Cho phép, rồi tải lại trang. ${USE_INSTEAD.vi}`,
        en: `The browser is blocking the camera. Tap the lock icon (iPhone: the “aA” button) next to the address, open Site settings → Camera → Allow, then reload the page. ${USE_INSTEAD.en}`,
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return {
        kind: 'none',
        vi: 'Máy này không có camera dùng được. Dùng máy quét cầm tay, nhập mã vé hoặc tìm theo tên.',
        en: 'This device has no camera the page can use. Use the hand scanner, type the ticket code or search by name.',
      };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        kind: 'busy',
        vi: `Camera đang bị ứng dụng khác dùng (gọi video, ứng dụng máy ảnh…). Đóng ứng dụng đó rồi bấm “Bật camera”. ${USE_INSTEAD.vi}`,
        en: `Another app is using the camera (a video call, the camera app…). Close it, then tap “Camera on”. ${USE_INSTEAD.en}`,
      };
    case 'InsecureContextError':
      return {
        kind: 'insecure',
        vi: `Camera chỉ mở được khi trang dùng https. Hãy mở trang bằng địa chỉ https:// do quản trị viên cấp. ${USE_INSTEAD.vi}`,
        en: `The camera only works over https. Open the page at the https:// address your administrator gave. ${USE_INSTEAD.en}`,
      };
    default:
      return {
        kind: 'other',
        vi: `Không mở được camera. Bấm “Bật camera” để thử lại; nếu vẫn không được, tải lại trang. ${USE_INSTEAD.vi}`,
        en: `The camera could not start. Tap “Camera on” to try again; if it still fails, reload the page. ${USE_INSTEAD.en}`,
      };
  }
}

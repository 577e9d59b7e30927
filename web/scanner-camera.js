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
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('camera needs https');
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

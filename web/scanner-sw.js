// Service worker of the scanner page (served as /scan-sw.js, scope /scan): a reload at a door
// whose Wi-Fi has dropped still opens the page, which then answers from its stored list.
// The page's own files only, network first (an update is live at the next load); API calls
// pass through untouched, since the page handles their absence itself.

const CACHE = 'kc-scanner-v3';
// Every file the page loads (scanner.html and the modules scanner.js imports): one missing
// here and the page cannot open offline.
const FILES = [
  '/scan',
  '/assets/scanner.css',
  '/assets/scanner.js',
  '/assets/scanner-answer.js',
  '/assets/scanner-api.js',
  '/assets/scanner-camera.js',
  '/assets/scanner-pairing.js',
  '/assets/scanner-store.js',
  '/assets/scanner-sync.js',
  '/assets/scanner-view.js',
  '/assets/scanner-walkin.js',
  '/assets/jsQR.js',
  '/assets/favicon.svg',
];
// A network that hangs rather than fails must not leave the door staring at a blank page.
const NETWORK_WAIT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, path) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), NETWORK_WAIT_MS);
  try {
    const response = await fetch(request, { signal: abort.signal });
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(path, copy));
    }
    return response;
  } catch {
    return (await caches.match(path)) ?? Response.error();
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !FILES.includes(url.pathname)) return;
  event.respondWith(networkFirst(event.request, url.pathname));
});

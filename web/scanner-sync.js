// Uploads the scans answered offline, oldest first, with POST /api/v1/checkins/batch. Each
// keeps its nonce, so an upload cut off halfway and sent again is recorded once.

import { errorMessage, Offline } from './scanner-api.js';
import * as store from './scanner-store.js';

const BATCH_MAX = 500; // the API's limit per call

/**
 * @param {{
 *   api: Function,
 *   onResult: (scan: object, answer: object) => Promise<void>, // the server's answer to a queued scan
 *   onWalkIn: (walkIn: object, answer: object) => void,         // the server's answer to a queued walk-in
 *   onProgress: () => void,                                      // the queue changed
 *   onSignedOut: () => void,                                     // 401: the queue waits for a sign-in
 *   onError: (message: string) => void,
 * }} hooks
 * @returns {() => Promise<boolean>} flush: true when something was uploaded
 */
export function createUploader({ api, onResult, onWalkIn, onProgress, onSignedOut, onError }) {
  let running = null;

  async function settle(scans, results) {
    const byNonce = new Map(results.map((r) => [r.nonce, r]));
    for (const scan of scans) if (byNonce.has(scan.nonce)) await onResult(scan, byNonce.get(scan.nonce));
    store.queue.remove(new Set(byNonce.keys()));
  }

  /** One refused scan (a clock far off, an event no longer allowed) refuses its whole batch. */
  async function oneByOne(chunk) {
    for (const scan of chunk) {
      const res = await api('POST', '/api/v1/checkins/batch', { scans: [scan] });
      if (res.status === 401) return false;
      if (res.status === 200) await settle([scan], res.body.results);
      else {
        // Kept for the organiser rather than retried forever in front of the rest.
        store.failed.push([{ ...scan, error: errorMessage(res) }]);
        store.queue.remove(new Set([scan.nonce]));
      }
    }
    return true;
  }

  /** Walk-ins after the scans, one call each: a refused one (a bad phone typed offline) refuses no other. */
  async function uploadWalkIns() {
    for (const walkIn of store.walkInQueue.all()) {
      if (!navigator.onLine) return true;
      const res = await api('POST', '/api/v1/checkins/batch', { scans: [], walkIns: [walkIn] });
      if (res.status === 401) return false;
      if (res.status === 200) {
        const answer = res.body.walkIns?.find((w) => w.nonce === walkIn.nonce);
        if (answer) onWalkIn(walkIn, answer);
      } else store.failed.push([{ ...walkIn, error: errorMessage(res) }]);
      store.walkInQueue.remove(new Set([walkIn.nonce]));
    }
    return true;
  }

  async function upload() {
    let sent = false;
    let pending = store.queue.all();
    while (pending.length && navigator.onLine) {
      const chunk = pending.slice(0, BATCH_MAX);
      const res = await api('POST', '/api/v1/checkins/batch', { scans: chunk }, { timeoutMs: 20_000 });
      let signedIn = res.status === 200;
      if (signedIn) await settle(chunk, res.body.results);
      else signedIn = res.status !== 401 && (await oneByOne(chunk));
      if (!signedIn) {
        onSignedOut();
        break;
      }
      sent = true;
      onProgress();
      const left = store.queue.all();
      if (left.length >= pending.length) break; // nothing acknowledged: try again on the next tick
      pending = left;
    }
    if (store.queue.all().length === 0 && store.walkInQueue.all().length && navigator.onLine) {
      if (!(await uploadWalkIns())) onSignedOut();
      else sent = true;
    }
    return sent;
  }

  return function flush() {
    running ??= upload()
      .catch((err) => {
        if (!(err instanceof Offline)) onError(String(err));
        return false;
      })
      .finally(() => {
        running = null;
        onProgress();
      });
    return running;
  };
}

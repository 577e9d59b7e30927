// The JSON API as the door sees it: either an answer (any 2xx–4xx, as {status, body}) or
// Offline. A 5xx or a timeout counts as offline too: for the door a server that does not
// answer is the same as no network, and the stored list can answer instead.

export class Offline extends Error {}

/**
 * @param {() => string | null} bearer the device token, if this device signs in with one
 *   (otherwise the session cookie goes along by itself: same origin).
 */
export function createApi(bearer) {
  return async function api(method, path, body, { timeoutMs = 8000 } = {}) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = bearer();
    if (token) headers.authorization = `Bearer ${token}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
        cache: 'no-store',
      });
      if (res.status >= 500) throw new Offline(`HTTP ${res.status}`);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch (err) {
      if (err instanceof Offline) throw err;
      // fetch rejects only when no answer came (network down, DNS, aborted by our timer); a
      // body that is not JSON is a captive portal's or a proxy's page: no server either.
      if (err instanceof TypeError || err instanceof SyntaxError || err?.name === 'AbortError') throw new Offline(String(err));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The server's bilingual error message ("Vietnamese / English"), or a fallback. */
export function errorMessage(res) {
  return res.body?.error?.message ?? `HTTP ${res.status}`;
}

import type { Context } from 'hono';
import type { AppDeps } from './env.js';

/**
 * The client's address for login throttling. Behind `TRUST_PROXY` proxies it is the entry of
 * X-Forwarded-For that the outermost of them appended (the last one behind a single proxy);
 * every entry left of it came from the client, who can write anything there with each guess.
 * Without TRUST_PROXY the header is ignored and the connection's address is used.
 */
export function clientKey(c: Context, deps: AppDeps): string {
  const forwarded = deps.config.TRUST_PROXY > 0 ? forwardedClient(c.req.header('x-forwarded-for'), deps.config.TRUST_PROXY) : undefined;
  return throttleKey(forwarded ?? deps.clientAddress?.(c) ?? 'unknown');
}

/**
 * The address the first of `hops` trusted proxies saw, from X-Forwarded-For: each proxy appends
 * the address that connected to it, so that one is `hops` entries from the right. A request with
 * fewer entries came in past some of the proxies; its leftmost entry is then the best known.
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  const entries = (header ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

/**
 * The key an address is counted under. An IPv6 host usually holds a whole /64 and picks new
 * addresses in it at will (privacy addresses), so IPv6 is counted by its /64; an IPv4 address
 * written as IPv6 (`::ffff:1.2.3.4`, as a dual-stack socket reports it) is the IPv4 address,
 * and a port after an address is dropped.
 * Anything unreadable is used as it is.
 */
export function throttleKey(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  // Some proxies write the client's port too (`1.2.3.4:5678`); it is not part of who they are.
  const ipv4 = bare.match(/^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/)?.[1];
  if (ipv4 !== undefined) return ipv4;
  if (!bare.includes(':')) return bare;
  const groups = expandIpv6(bare);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : bare;
}

/** The eight groups of an IPv6 address without leading zeros, or null if it is not one. */
function expandIpv6(address: string): string[] | null {
  const [before = '', after, ...more] = address.split('::');
  if (more.length > 0) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(before);
  const tail = after === undefined ? [] : part(after);
  // An embedded IPv4 tail (`64:ff9b::1.2.3.4`) takes two groups.
  const last = tail.length ? tail : head;
  const v4 = last.at(-1)?.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    last.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (after === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(after === undefined ? 0 : missing).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}

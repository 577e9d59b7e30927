/**
 * How long a client is told to wait when the database is away. A restart or a failover takes
 * seconds; the pool tries again at least once a second (`reconnectBackoffSeconds`), so a client
 * that comes back after this finds the database if it is there.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * postgres.js' own codes for a connection that is gone or never came, and the socket errors
 * Node reports for a server that is not there (refused, reset, unreachable, unknown host).
 */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean the server, not the statement, is the problem: class 08 (connection
 * exception), 57P01-57P03 (shut down by an administrator, after a crash, or not accepting
 * connections yet: starting up, shutting down, in recovery), class 53 (out of resources: a
 * full disk, memory, too many connections), which the operator fixes without the client.
 */
const SERVER_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53[0-9A-Z]{3})$/;

/**
 * True when the database could not be reached or went away under the request: the same
 * request may well succeed a few seconds later, so it is a 503, not a failure of ours (500)
 * nor of the client's (4xx). Anything else, including every refusal of a statement, is not.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return false;
  return CONNECTION_CODES.has(code) || SERVER_STATES.test(code);
}

/**
 * postgres.js' reconnect delay in seconds after `retries` failed attempts in a row: 25-50 ms
 * doubling to at most 0.5-1 s. The driver's own grows to 10-20 s within a few seconds of an
 * outage, and a pool that waits that long after the database is back serves nobody meanwhile.
 */
export function reconnectBackoffSeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

/**
 * How long a client is told to wait when the database is away. A restart or a failover takes
 * seconds; the pool tries again at least once a second (`reconnectBackoffSeconds`), so a client
 * that comes back after this finds the database if it is there.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * postgres.js' reconnect delay in seconds after `retries` failed attempts in a row: 25-50 ms
 * doubling to at most 0.5-1 s. The driver's own grows to 10-20 s within a few seconds of an
 * outage, and a pool that waits that long after the database is back serves nobody meanwhile.
 */
export function reconnectBackoffSeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

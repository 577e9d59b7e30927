/**
 * What a database error means, in one place: every `err.code` test on a PostgreSQL or driver
 * error lives here, so PGlite, postgres.js and Hyperdrive errors are read the same way
 * everywhere. Both drivers put the SQLSTATE in `code`; they name a refused constraint
 * differently (postgres.js `constraint_name`, PGlite `constraint`, older paths only the message).
 */

interface DriverError {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  message?: unknown;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as DriverError | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function constraintOf(err: unknown): string {
  const e = err as DriverError | null | undefined;
  const name = e?.constraint_name ?? e?.constraint ?? e?.message;
  return typeof name === 'string' ? name : '';
}

/** SQLSTATE 23505: a unique index refused a row; `constraintPrefix` names which. */
export function isUniqueViolation(err: unknown, constraintPrefix: string): boolean {
  return codeOf(err) === '23505' && constraintOf(err).includes(constraintPrefix);
}

/** SQLSTATE 3F000: a schema named by the statement does not exist (any more). */
export function isMissingSchema(err: unknown): boolean {
  return codeOf(err) === '3F000';
}

/**
 * The database refused a statement for something one row may have caused: a unique key, a
 * constraint, a bad value, or a deadlock or serialization failure with another statement
 * (SQLSTATE classes 22, 23, 40). A grouped write retries its rows one by one on these.
 */
export function rowMayBeTheCause(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && /^(22|23|40)[0-9A-Z]{3}$/.test(code);
}

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
  const code = codeOf(err);
  if (code === undefined) return false;
  return CONNECTION_CODES.has(code) || SERVER_STATES.test(code);
}

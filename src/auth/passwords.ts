import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at one of OWASP's recommended equivalent costs (N=2^15, r=8, p=3). That row of the
 * table needs 32 MiB instead of N=2^17's 128 MiB, which is a Cloudflare Worker's whole memory.
 * The parameters are stored with each hash so they can be raised later without a migration:
 * a hash made at another cost still verifies.
 */
const DEFAULT = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

type ScryptParams = { N: number; r: number; p: number };

/** The parameters new hashes are made with: config's PASSWORD_HASH_COST (log2 of N), production's when not given. */
export function passwordParams(config: { PASSWORD_HASH_COST: number } | undefined): ScryptParams {
  return config ? { ...DEFAULT, N: 2 ** config.PASSWORD_HASH_COST } : DEFAULT;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `params` from `passwordParams(config)`; others only for hashes that stand for older ones (tests). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the account does not exist, so a wrong
 * email costs as long as a wrong password and the timing does not reveal who has an account.
 * Made at the configured cost, as the accounts' own hashes are.
 */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(params: ScryptParams = DEFAULT): Promise<string> {
  let hash = dummyHashes.get(params.N);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), params);
    dummyHashes.set(params.N, hash);
  }
  return hash;
}

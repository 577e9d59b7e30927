import { z } from 'zod';

/**
 * Everything the app reads from its environment, parsed once at start.
 * Runtime entry points (Node server, CLI, Workers) call `parseConfig` and pass the
 * result down; nothing else reads `process.env`.
 */
const booleanFlag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => v === '1' || v === 'true' || v === 'yes');

/** How many reverse proxies in front append to X-Forwarded-For; true/yes mean one. */
const proxyHops = z
  .enum(['true', 'false', 'yes', 'no', '0', '1', '2', '3', '4', '5'], {
    error: 'must be 0 (no proxy), 1 (one proxy in front), the number of proxies up to 5, or true/false',
  })
  .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v)));

const secret = z.string().min(32, 'must be at least 32 characters (use 64 random hex characters)');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(1, 'must be a whole number between 1 and 65535')
    .max(65535, 'must be a whole number between 1 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  SECRET_KEY: secret.optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** A mail provider's HTTP send endpoint (Postmark's `/email` JSON API); the only way mail leaves a Worker. */
  MAIL_HTTP_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://api.postmarkapp.com/email' }).optional(),
  /** The provider's key (Postmark: the server token), sent as X-Postmark-Server-Token. */
  MAIL_HTTP_KEY: z.string().min(8, 'must be the provider key (at least 8 characters)').optional(),
  MAIL_FROM: z.string().min(3).default('Khuyến công Events <no-reply@localhost>'),
  /** 1: the Node server runs a mail dispatcher in-process; 0: only `npm run mailer` sends. */
  MAIL_DISPATCH: booleanFlag.default(true),
  /** A message claimed longer ago than this is taken back by another dispatcher (its sender died). */
  MAIL_INFLIGHT_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(24 * 3600)
    .default(300),
  /** Temporary failures (connection errors, 4xx) are retried this many times, then marked failed. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** How often an idle dispatcher looks for due mail. */
  MAIL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** The reminder goes this long before the first session; 0 turns reminders off. */
  REMINDER_HOURS_BEFORE: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(24),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  // How long an app instance trusts a token or session it looked up (0: every request asks).
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  TRUST_PROXY: proxyHops.default(0),
  DEMO: booleanFlag.default(false),
  /** Extra ticket-signing keys for rotation: "k2:<64 hex>,k3:<64 hex>"; the last is current. */
  TICKET_KEYS: z
    .string()
    .regex(/^([A-Za-z0-9]{1,16}:[0-9a-fA-F]{64})(,[A-Za-z0-9]{1,16}:[0-9a-fA-F]{64})*$/, 'must be "k2:<64 hex characters>[,k3:…]"')
    .optional(),
  /** The door opens this many minutes before a session starts (and closes when it ends). */
  CHECKIN_OPENS_MINUTES_BEFORE: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
  /** Test-only: hands out seats without the row lock, so the race test can show it would catch a race. */
  UNSAFE_RACY_SEATS: booleanFlag.default(false),
  /** Test-only: check-ins look before they insert instead of relying on the primary key (race control). */
  UNSAFE_RACY_CHECKINS: booleanFlag.default(false),
  /** Test-only: sign-in attempts are counted after the password check, without a lock (race control). */
  UNSAFE_RACY_LOGINS: booleanFlag.default(false),
  /** V8's heap growth for the Node server, in percent (src/node/gc-tuning.ts); 0 keeps V8's own choice. */
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(400),
  /**
   * scrypt's cost for new password hashes, as log2 of N (15: N=32768, production). Each hash
   * records its own parameters, so a hash made at another cost still verifies. Below 15 only
   * with NODE_ENV=test (the suite signs in hundreds of times); 10 is the floor.
   */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(17).default(15),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

type RawConfig = z.output<typeof configSchema>;

export type Config = Omit<RawConfig, 'PUBLIC_URL' | 'SECRET_KEY'> & {
  PUBLIC_URL: string;
  /** Present after `resolveSecrets`; empty only in a config not yet resolved. */
  SECRET_KEY: string;
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses the environment. Empty strings count as unset, as shells and .env files produce them. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      // Never echo the value itself: it may be a secret or a password-bearing URL.
      return `  ${name}: ${issue.message}`;
    });
    return {
      ok: false,
      message: `Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}`,
    };
  }
  const raw = parsed.data;
  if (raw.NODE_ENV === 'production' && !raw.SECRET_KEY) {
    return {
      ok: false,
      message: 'Cấu hình không hợp lệ / Invalid configuration:\n  SECRET_KEY: required in production (64 random hex characters)',
    };
  }
  const mailProblem = mailSettingsProblem(raw);
  if (mailProblem) return { ok: false, message: `Cấu hình không hợp lệ / Invalid configuration:\n  ${mailProblem}` };
  for (const unsafe of ['UNSAFE_RACY_SEATS', 'UNSAFE_RACY_CHECKINS', 'UNSAFE_RACY_LOGINS'] as const) {
    if (raw[unsafe] && raw.NODE_ENV !== 'test') {
      return { ok: false, message: `Cấu hình không hợp lệ / Invalid configuration:\n  ${unsafe}: only allowed with NODE_ENV=test` };
    }
  }
  if (raw.PASSWORD_HASH_COST < 15 && raw.NODE_ENV !== 'test') {
    return {
      ok: false,
      message: 'Cấu hình không hợp lệ / Invalid configuration:\n  PASSWORD_HASH_COST: below 15 only allowed with NODE_ENV=test',
    };
  }
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return { ok: true, config: { ...raw, PUBLIC_URL: publicUrl, SECRET_KEY: raw.SECRET_KEY ?? '' } };
}

/**
 * One way out for mail, and a key that never travels in clear text: plain http is accepted only
 * for a provider on this machine (a local relay, the tests' receiving endpoint).
 */
function mailSettingsProblem(raw: Pick<RawConfig, 'SMTP_URL' | 'MAIL_HTTP_URL' | 'MAIL_HTTP_KEY'>): string | null {
  if (raw.SMTP_URL && raw.MAIL_HTTP_URL) return 'MAIL_HTTP_URL: set either SMTP_URL or MAIL_HTTP_URL, not both';
  if (raw.MAIL_HTTP_URL && !raw.MAIL_HTTP_KEY) return 'MAIL_HTTP_KEY: required with MAIL_HTTP_URL (the provider key)';
  if (raw.MAIL_HTTP_KEY && !raw.MAIL_HTTP_URL) return 'MAIL_HTTP_URL: required with MAIL_HTTP_KEY (e.g. https://api.postmarkapp.com/email)';
  if (raw.MAIL_HTTP_URL) {
    const url = new URL(raw.MAIL_HTTP_URL);
    const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
    if (url.protocol === 'http:' && !loopback)
      return 'MAIL_HTTP_URL: must be https:// (plain http only to this machine), the key would travel in clear text';
  }
  return null;
}

/** True when cookies must carry `Secure` and may use the `__Host-` prefix. */
export function isHttps(config: Pick<Config, 'PUBLIC_URL'>): boolean {
  return config.PUBLIC_URL.startsWith('https://');
}

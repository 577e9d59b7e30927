import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';

/**
 * In development a missing SECRET_KEY is generated once and kept in the data folder (mode
 * 0600), so sessions and tickets survive restarts. It is never printed. Production refuses
 * to start without one (see config.ts).
 */
export function resolveSecrets(config: Config): Config {
  if (config.SECRET_KEY) return config;
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = join(config.DATA_DIR, 'secrets.json');
  let stored: { secretKey?: string } = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as { secretKey?: string };
  } catch {
    // Missing or unreadable: make a new one below.
  }
  if (!stored.secretKey || stored.secretKey.length < 32) {
    stored = { secretKey: randomBytes(32).toString('hex') };
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return { ...config, SECRET_KEY: stored.secretKey as string };
}

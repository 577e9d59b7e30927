import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for a fresh machine: PGlite in ./data on port 3000', () => {
    const parsed = parseConfig({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config).toMatchObject({ PORT: 3000, DATA_DIR: './data', PUBLIC_URL: 'http://localhost:3000', NODE_ENV: 'development' });
    expect(parsed.config.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['SMTP_URL', 'http://mail'],
    ['SECRET_KEY', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['AUTH_CACHE_SECONDS', 'soon'],
    ['AUTH_CACHE_SECONDS', '9999'],
    ['TRUST_PROXY', 'maybe'],
    ['TRUST_PROXY', '12'],
  ])('a bad %s (%s) is refused with a message naming the variable', (name, value) => {
    const parsed = parseConfig({ [name]: value });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(`${name}:`);
    // The value itself is never echoed: it may be a secret or carry a password.
    expect(parsed.message).not.toContain(value);
  });

  it.each([
    [{ MAIL_HTTP_URL: 'https://api.postmarkapp.com/email' }, 'MAIL_HTTP_KEY:'],
    [{ MAIL_HTTP_KEY: 'server-token-123' }, 'MAIL_HTTP_URL:'],
    [{ MAIL_HTTP_URL: 'http://mail.example.org/email', MAIL_HTTP_KEY: 'server-token-123' }, 'MAIL_HTTP_URL:'],
    [{ MAIL_HTTP_URL: 'ftp://mail.example.org/email', MAIL_HTTP_KEY: 'server-token-123' }, 'MAIL_HTTP_URL:'],
    [
      { MAIL_HTTP_URL: 'https://api.postmarkapp.com/email', MAIL_HTTP_KEY: 'server-token-123', SMTP_URL: 'smtp://mail.example.org:587' },
      'MAIL_HTTP_URL:',
    ],
  ])('mail provider settings that cannot work are refused, naming the variable (%o)', (env, name) => {
    const parsed = parseConfig(env);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(name);
    expect(parsed.message).not.toContain('server-token-123');
  });

  it('a mail provider on https, or on this machine over http, is accepted', () => {
    for (const url of ['https://api.postmarkapp.com/email', 'http://127.0.0.1:8025/email', 'http://localhost:8025/email']) {
      const parsed = parseConfig({ MAIL_HTTP_URL: url, MAIL_HTTP_KEY: 'server-token-123' });
      expect(parsed.ok, url).toBe(true);
    }
  });

  it('production refuses to start without a SECRET_KEY', () => {
    const parsed = parseConfig({ NODE_ENV: 'production' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('SECRET_KEY');
  });

  it('TRUST_PROXY counts the proxies in front: true is one, a number is that many, unset is none', () => {
    const hops = (value?: string) => {
      const parsed = parseConfig(value === undefined ? {} : { TRUST_PROXY: value });
      return parsed.ok ? parsed.config.TRUST_PROXY : parsed.message;
    };
    expect([hops(), hops('0'), hops('false'), hops('1'), hops('true'), hops('yes'), hops('2')]).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it.each(['UNSAFE_RACY_SEATS', 'UNSAFE_RACY_CHECKINS', 'UNSAFE_RACY_LOGINS'])(
    'the race control %s is refused unless NODE_ENV=test',
    (name) => {
      const refused = parseConfig({ [name]: '1' });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.message).toContain(`${name}: only allowed with NODE_ENV=test`);
      expect(parseConfig({ [name]: '1', NODE_ENV: 'test' }).ok).toBe(true);
    },
  );

  it('PASSWORD_HASH_COST is production scrypt (15) unless set; below 15 only with NODE_ENV=test, never below 10', () => {
    const cost = (env: Record<string, string>) => {
      const parsed = parseConfig(env);
      return parsed.ok ? parsed.config.PASSWORD_HASH_COST : parsed.message;
    };
    expect(cost({})).toBe(15);
    expect(cost({ PASSWORD_HASH_COST: '16' })).toBe(16);
    expect(cost({ PASSWORD_HASH_COST: '10', NODE_ENV: 'test' })).toBe(10);
    expect(cost({ PASSWORD_HASH_COST: '10' })).toContain('PASSWORD_HASH_COST: below 15 only allowed with NODE_ENV=test');
    expect(cost({ PASSWORD_HASH_COST: '9', NODE_ENV: 'test' })).toContain('PASSWORD_HASH_COST');
  });

  it('empty variables count as unset', () => {
    const parsed = parseConfig({ PORT: '', DATABASE_URL: '' });
    expect(parsed.ok && parsed.config.PORT).toBe(3000);
  });
});

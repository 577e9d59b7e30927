import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

const KEY = '3zxwVb7kQ2rT9yPq1LmN5sD8fG0hJ4kZ6xC2vB9nM1a';
const TICKET = 'k1.AbCdEfGhIjKlMnOpQrStUw.ZyXwVuTsRqPoNmLkJiHgFA';

describe('redactSecrets', () => {
  it('hides the key of a manage link in a page path, an API path and a full URL', () => {
    expect(redactSecrets(`/manage/${KEY}`)).toBe('/manage/[redacted]');
    expect(redactSecrets(`/api/v1/manage/${KEY}/ticket.png`)).toBe('/api/v1/manage/[redacted]/ticket.png');
    expect(redactSecrets(`Xem: http://localhost:3000/manage/${KEY}?done=erased.`)).toBe(
      'Xem: http://localhost:3000/manage/[redacted]?done=erased.',
    );
    expect(redactSecrets(`<a href="https://x.vn/manage/${KEY}">`)).toBe('<a href="https://x.vn/manage/[redacted]">');
  });

  it('hides a mistyped key too, and a signed ticket token anywhere', () => {
    expect(redactSecrets(`/manage/${KEY}xyz`)).toBe('/manage/[redacted]');
    expect(redactSecrets(`/api/v1/checkins/${TICKET}`)).toBe('/api/v1/checkins/[redacted]');
    expect(redactSecrets(`?code=${TICKET}&x=1`)).toBe('?code=[redacted]&x=1');
  });

  it('leaves other paths as they are', () => {
    for (const path of [
      '/admin/events/6d1f0e2a-0000-4000-8000-000000000007/registrations',
      '/api/v1/events',
      '/admin/mail/12',
      '/verify/KC-2026-000123',
    ]) {
      expect(redactSecrets(path)).toBe(path);
    }
  });
});

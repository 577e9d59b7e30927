import { describe, expect, it } from 'vitest';
import { hashPassword, passwordParams, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('mật-khẩu-đúng');
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword('mật-khẩu-đúng', hash)).toBe(true);
    expect(await verifyPassword('mật-khẩu-sai', hash)).toBe(false);
  });

  it('salts every hash: the same password never hashes the same twice', async () => {
    expect(await hashPassword('giống nhau')).not.toBe(await hashPassword('giống nhau'));
  });

  it('treats composed and decomposed Vietnamese the same (NFC), as phones and laptops type differently', async () => {
    const hash = await hashPassword('Hải Phòng'.normalize('NFC'));
    expect(await verifyPassword('Hải Phòng'.normalize('NFD'), hash)).toBe(true);
  });

  it('still verifies a hash made at another cost, so the cost can be raised later', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('cũ', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('cũ', old)).toBe(true);
  });

  it('makes new hashes at the configured cost (PASSWORD_HASH_COST, log2 of N), production cost without a config', async () => {
    expect(passwordParams(undefined)).toEqual({ N: 2 ** 15, r: 8, p: 3 });
    const cheap = await hashPassword('rẻ', passwordParams({ PASSWORD_HASH_COST: 10 }));
    expect(cheap).toMatch(/^scrypt\$1024\$8\$3\$/);
    expect(await verifyPassword('rẻ', cheap)).toBe(true);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});

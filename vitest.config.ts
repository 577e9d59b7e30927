import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PASSWORD_HASH_COST: scrypt at N=2^10 instead of production's 2^15 for the hashes tests make
    // (some 2 ms instead of 60 ms each); src/auth/passwords.test.ts checks production's cost.
    env: { TZ: process.env.TZ ?? 'America/New_York', PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST ?? '10' },
  },
});

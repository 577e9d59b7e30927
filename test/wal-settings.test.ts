import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { readWalSettings, walAdvice } from '../src/db/wal-settings.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('WAL settings read at start', ({ db }) => {
  it('reads min_wal_size and max_wal_size in MB, as SHOW states them', async () => {
    const read = await readWalSettings(db());
    const shown = async (name: string) => {
      const { rows } = await sql<Record<string, string>>`${sql.raw(`show ${name}`)}`.execute(db());
      const text = Object.values(rows[0]!)[0]!;
      const m = /^(\d+)(kB|MB|GB)$/.exec(text)!;
      return Number(m[1]) * ({ kB: 1 / 1024, MB: 1, GB: 1024 } as const)[m[2] as 'kB' | 'MB' | 'GB'];
    };
    expect(read.minWalMb).toBe(await shown('min_wal_size'));
    expect(read.maxWalMb).toBe(await shown('max_wal_size'));
    expect(read.minWalMb).toBeGreaterThan(0);
  });
});

it('advises an operator whose PostgreSQL would create WAL segments during a rush, and is quiet otherwise', () => {
  const advice = walAdvice({ minWalMb: 80, maxWalMb: 1024 })!;
  expect(advice).toContain('min_wal_size is 80MB (max_wal_size 1GB)');
  expect(advice).toContain('min_wal_size = 1GB');
  expect(walAdvice({ minWalMb: 1024, maxWalMb: 4096 })).toBeNull();
  expect(walAdvice({ minWalMb: 2048, maxWalMb: 8192 })).toBeNull();
  // min_wal_size only holds up to max_wal_size: equal bounds still recycle too little.
  expect(walAdvice({ minWalMb: 1024, maxWalMb: 1024 })).toContain('max_wal_size 1GB');
});

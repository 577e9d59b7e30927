import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export interface WalSettings {
  minWalMb: number;
  maxWalMb: number;
}

/** The server's WAL recycling bounds, in MB (pg_settings gives them in MB on every supported version). */
export async function readWalSettings(db: Kysely<Database>): Promise<WalSettings> {
  const { rows } = await sql<{ name: string; mb: number }>`
    select name, (setting::bigint * case unit when 'MB' then 1 when 'kB' then 1.0 / 1024 when 'GB' then 1024 else 1 end)::float8 as mb
    from pg_settings where name in ('min_wal_size', 'max_wal_size')`.execute(db);
  const mb = (name: string) => Number(rows.find((r) => r.name === name)?.mb ?? 0);
  return { minWalMb: mb('min_wal_size'), maxWalMb: mb('max_wal_size') };
}

/** What a busy door needs kept ready: enough recycled WAL segments that a rush creates none. */
export const DOOR_MIN_WAL_MB = 1024;

/**
 * Advice for the operator when PostgreSQL would create new WAL segments during a rush: each is
 * written in full before the commits behind it go on (55–66 ms measured; README, Deployment).
 * Null when the settings already keep enough.
 */
export function walAdvice(s: WalSettings): string | null {
  if (s.minWalMb >= DOOR_MIN_WAL_MB && s.maxWalMb > s.minWalMb) return null;
  const fmt = (mb: number) => (mb >= 1024 ? `${+(mb / 1024).toFixed(1)}GB` : `${Math.round(mb)}MB`);
  return (
    `PostgreSQL min_wal_size is ${fmt(s.minWalMb)} (max_wal_size ${fmt(s.maxWalMb)}): during a rush at the door each new 16 MB WAL segment ` +
    `holds commits for tens of milliseconds; set min_wal_size = 1GB and max_wal_size = 4GB (README, Deployment)`
  );
}

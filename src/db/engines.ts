import { CompiledQuery, type DatabaseConnection, Kysely, type KyselyConfig } from 'kysely';
import { isDatabaseUnavailable } from './errors.js';
import type { Database } from './schema.js';
import { reconnectBackoffSeconds } from './unavailable.js';

/** A database handle: the query builder and how to close what is underneath it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (tests start from a migrated copy). */
  dump?(): Promise<Blob>;
}

// Both engines return the same JS shapes: `date` stays 'YYYY-MM-DD' text (a calendar day has
// no time zone), int8 becomes a number (counts and identity ids stay far below 2^53).
const DATE_OID = 1082;
const INT8_OID = 20;
const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * PGlite in a folder (created if missing), or in memory when `dataDir` is undefined.
 * `loadDataDir` starts an in-memory database from a dump (tests use a migrated template).
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  if (dataDir) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir,
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    dump: () => pglite.dumpDataDir('gzip') as Promise<Blob>,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export interface PostgresOptions {
  url: string;
  max?: number;
  /** Schema to put first on the search path (tests give each file its own). */
  searchPath?: string;
  /** Kysely's query log (the targets benchmark times each query and explains the slowest). */
  log?: KyselyConfig['log'];
}

export async function openPostgres(options: PostgresOptions): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { PostgresJSDialect, PostgresJSDriver } = await import('kysely-postgres-js');
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    backoff: reconnectBackoffSeconds,
    onnotice: () => {},
    connection: options.searchPath ? { search_path: options.searchPath } : {},
    types: {
      dateOnly: { to: DATE_OID, from: [DATE_OID], serialize: (v: string) => v, parse: (v: string) => v },
      int8: { to: INT8_OID, from: [INT8_OID], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      // Repositories hand jsonb columns JSON text (as PGlite expects). postgres.js would encode
      // that text again and store a jsonb *string*; text passes through, objects are encoded.
      json: {
        to: JSON_OID,
        from: [JSON_OID, JSONB_OID],
        serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
        parse: (v: string) => JSON.parse(v) as unknown,
      },
    },
  });
  // The dialect sends every query through `unsafe`, which postgres.js does not prepare: the
  // server would parse and plan each statement every time. Prepared per connection instead.
  const prepared = {
    end: () => sql.end(),
    reserve: async () => {
      const reserved = await sql.reserve();
      return {
        release: () => reserved.release(),
        unsafe: (query: string, parameters?: unknown[], queryOptions?: object) =>
          reserved.unsafe(query, parameters as never[], { prepare: true, ...queryOptions }),
      };
    },
  };
  // Kysely's PostgresDriver answers a failed ROLLBACK by calling a private method of its own
  // connection class, which kysely-postgres-js' connection lacks: a transaction whose
  // connection died then failed with "connection[PRIVATE_MARK_FOR_DISCARD_METHOD] is not a
  // function" (a 500) instead of its own error. A ROLLBACK that fails because the connection is
  // gone has nothing left to undo (the server rolled back when the session ended), so the
  // transaction's own error goes on; any other failure of ROLLBACK is thrown as itself.
  class Driver extends PostgresJSDriver {
    override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
      try {
        await connection.executeQuery(CompiledQuery.raw('rollback'));
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
      }
    }
  }
  const dialectConfig = { postgres: () => prepared };
  const dialect = new (class extends PostgresJSDialect {
    override createDriver() {
      return new Driver(dialectConfig);
    }
  })(dialectConfig);
  const db = new Kysely<Database>({ dialect, ...(options.log && { log: options.log }) });
  return {
    db,
    engine: 'postgres',
    async close() {
      await db.destroy();
    },
  };
}

/** The folder under DATA_DIR that holds PGlite's database. */
export const PGLITE_SUBDIR = 'pgdata';

export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE: number;
  DATA_DIR: string;
}): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return openPostgres({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  const { join } = await import('node:path');
  return openPglite(join(config.DATA_DIR, PGLITE_SUBDIR));
}

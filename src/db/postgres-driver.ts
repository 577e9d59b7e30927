import {
  CompiledQuery,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { ReservedSql, Sql } from 'postgres';

/**
 * Kysely over postgres.js's own pool. A query outside a transaction goes to the pool, which
 * spreads concurrent queries over its connections and pipelines them (several in one write,
 * answered in one read); only a transaction holds a connection of its own, from BEGIN to
 * COMMIT. (kysely-postgres-js reserves a connection for every single query, which costs a
 * pool round of its own and never pipelines.) Statements are prepared, so PostgreSQL parses
 * and plans a hot statement once per connection instead of on every call.
 */
class PoolConnection implements DatabaseConnection {
  #reserved: ReservedSql | null = null;
  constructor(readonly sql: Sql) {}

  async reserve(): Promise<void> {
    this.#reserved ??= await this.sql.reserve();
  }

  release(): void {
    this.#reserved?.release();
    this.#reserved = null;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R> & { command?: string }> {
    const result = await (this.#reserved ?? this.sql).unsafe(query.sql, query.parameters as never[], { prepare: true });
    const { command, count } = result;
    const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return { rows: Array.from(result.values()) as R[], command, ...(changed && { numAffectedRows: BigInt(count) }) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used by this app');
  }
}

class PoolDriver extends PostgresDriver {
  constructor(readonly sql: Sql) {
    super({ pool: undefined as never });
  }
  override async init(): Promise<void> {}
  override async acquireConnection(): Promise<DatabaseConnection> {
    return new PoolConnection(this.sql);
  }
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PoolConnection).reserve();
    await super.beginTransaction(connection, settings);
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement left the transaction aborted.
    const result = (await connection.executeQuery(CompiledQuery.raw('commit'))) as { command?: string };
    if (result.command === 'ROLLBACK') throw new Error('transaction was aborted: COMMIT rolled back');
  }
  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PoolConnection).release();
  }
  override async destroy(): Promise<void> {
    await this.sql.end();
  }
}

export function postgresPoolDialect(sql: Sql): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PoolDriver(sql),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

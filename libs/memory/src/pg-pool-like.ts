/** A query result as `pg` returns it: only the rows are read. */
export interface PgQueryResultLike {
  readonly rows: unknown[];
}

/** One checked-out connection of a {@link PgPoolLike}: what `pg`'s `PoolClient` offers and the store uses. */
export interface PgPoolClientLike {
  query(text: string, params?: unknown[]): Promise<PgQueryResultLike>;
  release(error?: Error | boolean): void;
}

/**
 * The part of a `pg` `Pool` the store uses, written out so that the package's types never import
 * `pg` (an optional peer): a caller's `new Pool(…)` fits it, and an app without `pg` type-checks
 * without `skipLibCheck`. A pool is told apart from a PGlite client by `connect` and `totalCount`.
 */
export interface PgPoolLike {
  readonly totalCount: number;
  connect(): Promise<PgPoolClientLike>;
  query(text: string, params?: unknown[]): Promise<PgQueryResultLike>;
  end(): Promise<void>;
  // `pg`'s Pool declares overloads per event; a method (bivariant) accepts it.
  on(event: 'error', listener: (error: Error) => void): unknown;
}

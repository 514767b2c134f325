const marker = Symbol.for('epigenome.error');

/**
 * Stable error codes of Epigenome. Every package throws `EpigenomeError` (or a subclass) with one
 * of these; callers switch on `code`, never on the message.
 */
export type EpigenomeErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_SPACE'
  | 'INVALID_CONFIG'
  | 'INVALID_ADJUSTMENT'
  | 'REGULOME_CONFLICT'
  | 'UNKNOWN_PARAMETER'
  | 'UNSUPPORTED_SPECIFICATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'DIVERGED'
  | 'ENGINE_FAILURE'
  | 'STORE_FAILURE'
  | 'INTERNAL';

/** Options of {@link EpigenomeError}. */
export interface EpigenomeErrorOptions {
  /** Stable machine-readable code. */
  code: EpigenomeErrorCode;
  /** Human message; should name the field, the value and what is allowed. */
  message: string;
  /** Dotted path of the offending field, e.g. `space.lr.min`. */
  field?: string;
  /** The offending value, as given. */
  value?: unknown;
  /** What would have been accepted, e.g. `a finite number in [0, 1)`. */
  allowed?: string;
  /** The underlying error, kept for diagnosis. */
  cause?: unknown;
}

/**
 * The one base error of Epigenome. `isInstance` works across duplicated copies of the package
 * (a symbol marker rather than `instanceof`).
 */
export class EpigenomeError extends Error {
  readonly [marker] = true;
  /** Stable machine-readable code. */
  readonly code: EpigenomeErrorCode;
  /** Dotted path of the offending field, when one is to blame. */
  readonly field: string | undefined;
  /** The offending value, when one is to blame. */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly allowed: string | undefined;

  constructor(options: EpigenomeErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EpigenomeError';
    this.code = options.code;
    this.field = options.field;
    this.value = options.value;
    this.allowed = options.allowed;
  }

  /** True for any `EpigenomeError`, from any copy of this package. */
  static isInstance(error: unknown): error is EpigenomeError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/** Renders a value for an error message: short, unambiguous (`NaN`, `"adam"`, `[1,2]`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Builds the common "field must be X; got Y" error.
 *
 * @example invalidArgument('population', 1, 'an integer ≥ 2')
 *   // EpigenomeError: population must be an integer ≥ 2; got 1
 */
export function invalidArgument(field: string, value: unknown, allowed: string, options: { code?: EpigenomeErrorCode; cause?: unknown } = {}): EpigenomeError {
  return new EpigenomeError({
    code: options.code ?? 'INVALID_ARGUMENT',
    message: `${field} must be ${allowed}; got ${describeValue(value)}`,
    field,
    value,
    allowed,
    cause: options.cause,
  });
}

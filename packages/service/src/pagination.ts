import { appError } from '@switchyard/errors';

/** Arguments of a forward cursor connection (Relay). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageLimits {
  /** Page size when `first` is omitted. @default 20 */
  defaultSize?: number;
  /** Largest page a client may ask for. @default 100 */
  maxSize?: number;
}

/** A validated page: fetch `limit + 1` rows after `afterId` to learn whether there is a next page. */
export interface PageRequest {
  limit: number;
  afterId: number | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CURSOR_VERSION = 1;
/**
 * How much of a refused cursor its error message quotes: enough to recognise it, while a cursor
 * can be as long as the request body (1 MiB), which the message would otherwise echo whole.
 */
export const CURSOR_QUOTE_LENGTH = 32;

/**
 * Cursors are opaque to clients: base64url of `{ v, k, id }`, where `k` names the list they belong
 * to, so a cursor from one list handed to another is refused rather than misread. Paging is keyset
 * on the unique, monotonic id (STACK.md: timestamps in cursors repeat rows on PostgreSQL).
 */
export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, k: kind, id })).toString('base64url');
}

/** The id inside a cursor of `kind`, or an INVALID_CURSOR error. */
export function decodeCursor(kind: string, cursor: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const value = parsed as { v?: unknown; k?: unknown; id?: unknown } | undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    value.v !== CURSOR_VERSION ||
    value.k !== kind ||
    typeof value.id !== 'number' ||
    !Number.isSafeInteger(value.id) ||
    value.id < 0
  ) {
    const quoted = cursor.length > CURSOR_QUOTE_LENGTH ? `${cursor.slice(0, CURSOR_QUOTE_LENGTH)}…` : cursor;
    throw appError('INVALID_CURSOR', `"after" is not a cursor of this ${kind} list: ${JSON.stringify(quoted)}`, {
      argument: 'after',
      receivedLength: cursor.length,
    });
  }
  return value.id;
}

/** Validates `first`/`after`; errors carry INVALID_PAGE_SIZE or INVALID_CURSOR. */
export function pageRequest(kind: string, args: PageArgs, limits: PageLimits = {}): PageRequest {
  const defaultSize = limits.defaultSize ?? 20;
  const maxSize = limits.maxSize ?? 100;
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 0 || first > maxSize) {
    throw appError('INVALID_PAGE_SIZE', `"first" must be between 0 and ${maxSize}, got ${first}`, {
      argument: 'first',
      min: 0,
      max: maxSize,
      received: first,
    });
  }
  const afterId = args.after == null ? null : decodeCursor(kind, args.after);
  return { limit: first, afterId };
}

/** Builds a connection from up to `limit + 1` rows ordered by id. */
export function toConnection<T extends { id: number }>(kind: string, rows: readonly T[], limit: number): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(kind, node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

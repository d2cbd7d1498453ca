import { GraphQLError } from 'graphql';

/**
 * The registry of error codes (docs/errors.md lists them). Every error a client can see carries
 * one of these in `extensions.code`, with the HTTP status the BFFs map it to.
 */
export const ERROR_CODES = {
  /** A pagination `first`/`last` outside its allowed range. */
  INVALID_PAGE_SIZE: { status: 400, title: 'Invalid page size' },
  /** A pagination cursor that this server did not issue or that is malformed. */
  INVALID_CURSOR: { status: 400, title: 'Invalid cursor' },
  /** An argument that is well typed but not acceptable (e.g. an empty search text of 500 chars). */
  INVALID_ARGUMENT: { status: 400, title: 'Invalid argument' },
  /** The operation's static cost is above the limit. */
  COST_LIMIT_EXCEEDED: { status: 400, title: 'Query cost limit exceeded' },
  /** A subgraph did not answer within the gateway's timeout, or could not be reached. */
  SUBGRAPH_UNAVAILABLE: { status: 502, title: 'Subgraph unavailable' },
  /** No or invalid credentials. */
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated' },
  /** Authenticated, but not allowed. */
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  /** Sign-in refused: unknown address or wrong password (the same answer for both). */
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  /** An account with this address exists already. */
  EMAIL_TAKEN: { status: 409, title: 'Email taken' },
  /** Too many attempts; `retryAfterSeconds` says when to try again. */
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests' },
  /** Something failed on our side; the log has the details under the request id. */
  INTERNAL_SERVER_ERROR: { status: 500, title: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Extra, machine-readable facts for the client (the numbers: `max`, `received`, ...). */
export type ErrorDetails = Record<string, string | number | boolean | null>;

/**
 * A GraphQL error with a registered code in `extensions.code` and the details beside it.
 * Field errors keep HTTP 200 (a partial response is still a response); request-level errors
 * (limits, authentication) are raised by the gateway with `requestError`, which sets the status.
 */
export function appError(code: ErrorCode, message: string, details: ErrorDetails = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}

/** A request-level error: the whole operation is refused with the code's HTTP status. */
export function requestError(code: ErrorCode, message: string, details: ErrorDetails = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...details, code, http: { status: ERROR_CODES[code].status } },
  });
}

/** True when `error` carries the given registered code. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof GraphQLError && error.extensions.code === code;
}

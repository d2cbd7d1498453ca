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
  /** No order with this id, or one the viewer may not see (the same answer, so ids reveal nothing). */
  ORDER_NOT_FOUND: { status: 404, title: 'Order not found' },
  /** The order has no line for this product. */
  ORDER_ITEM_NOT_FOUND: { status: 404, title: 'Order item not found' },
  /** An order holds at most 50 lines (distinct products). */
  ORDER_TOO_MANY_ITEMS: { status: 422, title: 'Too many items in the order' },
  /** A quantity that is not a positive integer within the per-line maximum. */
  ORDER_INVALID_QUANTITY: { status: 400, title: 'Invalid quantity' },
  /** An order without items cannot be placed. */
  ORDER_EMPTY: { status: 422, title: 'Order is empty' },
  /** The change needs a PENDING order (adding or removing items, placing). */
  ORDER_NOT_PENDING: { status: 409, title: 'Order is not pending' },
  /** The order's status does not allow this step (shipping an unpaid order, delivering a cancelled one). */
  ORDER_INVALID_TRANSITION: { status: 409, title: 'Invalid order status transition' },
  /** Another change to the order was saved first; read the order again and retry. */
  ORDER_CONCURRENT_MODIFICATION: { status: 409, title: 'Order modified concurrently' },
  /** The product does not exist or is not sold in the order's currency. */
  PRODUCT_NOT_FOUND: { status: 404, title: 'Product not found' },
  /** Fewer units are available than the order asks for. */
  INSUFFICIENT_STOCK: { status: 409, title: 'Insufficient stock' },
  /** The card issuer declined the payment. */
  PAYMENT_DECLINED: { status: 402, title: 'Payment declined' },
  /** The payment provider did not answer within its timeout; the charge was voided. */
  PAYMENT_TIMEOUT: { status: 504, title: 'Payment timed out' },
  /** A service this one depends on (catalog prices, inventory) could not be reached or failed. */
  DEPENDENCY_UNAVAILABLE: { status: 503, title: 'Dependency unavailable' },
  /** A WebSocket connection already holds its maximum of subscriptions. */
  SUBSCRIPTION_LIMIT_EXCEEDED: { status: 429, title: 'Too many subscriptions on one connection' },
  /** Events came faster than the gateway could resolve them; resubscribe with `afterVersion`. */
  SUBSCRIPTION_BACKLOG_EXCEEDED: { status: 503, title: 'Subscription backlog exceeded' },
  /** Inventory: releasing more units than are reserved (internal commands only). */
  INSUFFICIENT_RESERVED: { status: 409, title: 'Insufficient reserved stock' },
  /** Inventory: a reserve for an order whose reservation was released already (a late retry). */
  RESERVATION_RELEASED: { status: 409, title: 'Reservation released' },
  /** Inventory: a warehouse id that does not exist. */
  UNKNOWN_WAREHOUSE: { status: 400, title: 'Unknown warehouse' },
  /** The document is not valid GraphQL syntax (Apollo Server's code). */
  GRAPHQL_PARSE_FAILED: { status: 400, title: 'GraphQL parse failed' },
  /** The document does not validate against the schema (Apollo Server's code). */
  GRAPHQL_VALIDATION_FAILED: { status: 400, title: 'GraphQL validation failed' },
  /** A variable's value does not fit its declared type (Apollo Server's code). */
  BAD_USER_INPUT: { status: 400, title: 'Bad user input' },
  /** The request is not a GraphQL request this server can run (no operation, a query over the wrong transport). */
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  /** The document names no operation it has, or has several and no name was given (Apollo Server's code). */
  OPERATION_RESOLUTION_FAILURE: { status: 400, title: 'Operation resolution failure' },
  /** A persisted query id this server does not know (Apollo Server's code). */
  PERSISTED_QUERY_NOT_FOUND: { status: 404, title: 'Persisted query not found' },
  /** Persisted queries are not served here (Apollo Server's code). */
  PERSISTED_QUERY_NOT_SUPPORTED: { status: 400, title: 'Persisted queries not supported' },
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

/**
 * A refused operation inside a service (a domain invariant, a failed saga step): a stable code and
 * machine-readable details, not yet a GraphQL error; the resolver or caller that surfaces it maps
 * it (`appError(error.code, error.message, error.details)`). Each domain narrows `C` to its codes.
 */
export class DomainError<C extends string, D extends Record<string, unknown> = ErrorDetails> extends Error {
  readonly code: C;
  readonly details: D;

  constructor(code: C, message: string, details?: D) {
    super(message);
    this.code = code;
    this.details = details ?? ({} as D);
  }
}

import { GraphQLError } from 'graphql';

/** What the registry says about one code; docs/errors.md is rendered from it (document.ts). */
export interface ErrorCodeDefinition {
  /** HTTP status of a request error with this code, and the one a BFF maps it to. */
  readonly status: number;
  /** A short human title (problem+json `title`). */
  readonly title: string;
  /** The services that raise it; empty while nothing raises it yet. */
  readonly raisedBy: readonly string[];
  /** When it is raised: the sentence docs/errors.md shows. */
  readonly when: string;
  /** The documented keys beside `code` in `extensions` (`http` aside). */
  readonly extensions: readonly string[];
}

/**
 * The registry of error codes, the one place they are declared: every error a client can see
 * carries one of these in `extensions.code` (test/registry.test.ts scans the sources for any
 * other), and docs/errors.md is generated from it (`npm run docs:errors`).
 */
export const ERROR_CODES = {
  INVALID_PAGE_SIZE: {
    status: 400,
    title: 'Invalid page size',
    raisedBy: ['products', 'reviews', 'orders', 'users'],
    when: '`first` outside 0..max on a connection',
    extensions: ['argument', 'min', 'max', 'received'],
  },
  INVALID_CURSOR: {
    status: 400,
    title: 'Invalid cursor',
    raisedBy: ['products', 'reviews', 'orders', 'users'],
    when: '`after` is not a cursor this list issued; the message quotes its first 32 characters',
    extensions: ['argument', 'receivedLength'],
  },
  INVALID_ARGUMENT: {
    status: 400,
    title: 'Invalid argument',
    raisedBy: ['products', 'orders', 'users', 'inventory'],
    when: 'an argument of the right type but an unacceptable value (search text over 200 characters, a negative `afterVersion`, a password under 10 characters)',
    extensions: ['argument', 'min', 'max', 'received'],
  },
  COST_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Query cost limit exceeded',
    raisedBy: ['gateway'],
    when: "the operation's estimated cost (demand control, before any subgraph is called) is above the client's limit per operation; subscriptions are estimated per event when they subscribe",
    extensions: ['estimated', 'max'],
  },
  TOKEN_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Token limit exceeded',
    raisedBy: ['gateway'],
    when: 'the document has more lexical tokens than `GATEWAY_MAX_TOKENS` (2000); it is refused before it is parsed further, so `max` is all that is known',
    extensions: ['max'],
  },
  DEPTH_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Depth limit exceeded',
    raisedBy: ['gateway'],
    when: 'the operation nests fields deeper than `GATEWAY_MAX_DEPTH` (20), counting through fragments and inline fragments',
    extensions: ['max', 'received'],
  },
  ALIAS_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Alias limit exceeded',
    raisedBy: ['gateway'],
    when: 'the operation uses more aliases than `GATEWAY_MAX_ALIASES` (30), each use of a fragment counting its own',
    extensions: ['max', 'received'],
  },
  ROOT_FIELD_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Root field limit exceeded',
    raisedBy: ['gateway'],
    when: 'the operation selects more distinct root fields than `GATEWAY_MAX_ROOT_FIELDS` (20)',
    extensions: ['max', 'received'],
  },
  DIRECTIVE_LIMIT_EXCEEDED: {
    status: 400,
    title: 'Directive limit exceeded',
    raisedBy: ['gateway'],
    when: 'a field or fragment carries more directives than `GATEWAY_MAX_DIRECTIVES` (5)',
    extensions: ['max', 'received'],
  },
  LIST_SIZE_LIMIT_EXCEEDED: {
    status: 400,
    title: 'List size limit exceeded',
    raisedBy: ['gateway'],
    when: 'a slicing argument the supergraph names (`@listSize(slicingArguments:)`, `first`), literal or variable, is above `GATEWAY_MAX_LIST_SIZE` (100)',
    extensions: ['argument', 'max', 'received'],
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    title: 'Request too large',
    raisedBy: ['gateway', 'subgraphs'],
    when: 'the request body is larger than the body limit (the gateway: `GATEWAY_BODY_LIMIT_BYTES`, 1 MiB); HTTP 413 in every media type',
    extensions: ['max'],
  },
  QUERY_PLANNING_FAILED: {
    status: 400,
    title: 'Query planning failed',
    raisedBy: ['gateway'],
    when: 'the query planner cannot plan the operation (its selection limit, among others); nothing was fetched',
    extensions: [],
  },
  THROTTLED: {
    status: 429,
    title: 'Throttled',
    raisedBy: ['gateway'],
    when: "the client's cost budget cannot cover the operation's estimated cost now (before any subgraph is called), with `Retry-After`; retry after `retryAfterSeconds`. A subscription whose event's actual cost the budget cannot cover ends with it",
    extensions: ['retryAfterSeconds', 'requested', 'available'],
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 502,
    title: 'Subgraph unavailable',
    raisedBy: ['gateway'],
    when: 'a subgraph refused the connection, answered non-2xx, or did not answer within `SUBGRAPH_TIMEOUT_MS`; only its fields are null',
    extensions: ['serviceName', 'reason', 'timeoutMs'],
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Unauthenticated',
    raisedBy: ['gateway', 'users', 'orders', 'inventory'],
    when: 'a bearer token that is invalid, expired or issued in the future (the whole request, HTTP 401 with `WWW-Authenticate`), or an anonymous viewer asking for a field that needs a sign-in (that field is null)',
    extensions: [],
  },
  FORBIDDEN: {
    status: 403,
    title: 'Forbidden',
    raisedBy: ['gateway', 'users', 'orders'],
    when: "a signed-in viewer asking for a field their scopes or ownership do not allow (another customer's `User.email`, `User.role`, orders; `users` without `users:read:any`); that field is null",
    extensions: [],
  },
  INVALID_CREDENTIALS: {
    status: 401,
    title: 'Invalid credentials',
    raisedBy: ['users'],
    when: '`login` with an unknown address or a wrong password (the same answer for both)',
    extensions: [],
  },
  EMAIL_TAKEN: {
    status: 409,
    title: 'Email taken',
    raisedBy: ['users'],
    when: '`register` with an address that has an account already',
    extensions: ['argument'],
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    title: 'Too many requests',
    raisedBy: ['users'],
    when: "`login` while delayed after repeated failures for this account from the client's address, or from that address for any account; each failure doubles the delay; other addresses' failures never count",
    extensions: ['retryAfterSeconds'],
  },
  ORDER_NOT_FOUND: {
    status: 404,
    title: 'Order not found',
    raisedBy: ['orders'],
    when: "no order with this id, or another customer's (the same answer: ids reveal nothing); also a subscription to such an order",
    extensions: [],
  },
  ORDER_ITEM_NOT_FOUND: {
    status: 404,
    title: 'Order item not found',
    raisedBy: ['orders'],
    when: '`removeOrderItem` for a product the order has no line for',
    extensions: ['productId'],
  },
  ORDER_TOO_MANY_ITEMS: {
    status: 422,
    title: 'Too many items in the order',
    raisedBy: ['orders'],
    when: 'adding a 51st product to an order',
    extensions: ['max', 'items'],
  },
  ORDER_INVALID_QUANTITY: {
    status: 400,
    title: 'Invalid quantity',
    raisedBy: ['orders'],
    when: 'a quantity below 1, not an integer, or a line above 1000 units',
    extensions: ['received', 'inOrder', 'max'],
  },
  ORDER_EMPTY: {
    status: 422,
    title: 'Order is empty',
    raisedBy: ['orders'],
    when: 'placing an order without items',
    extensions: [],
  },
  ORDER_NOT_PENDING: {
    status: 409,
    title: 'Order is not pending',
    raisedBy: ['orders'],
    when: 'adding, removing or placing on an order that is no longer PENDING',
    extensions: ['status'],
  },
  ORDER_INVALID_TRANSITION: {
    status: 409,
    title: 'Invalid order status transition',
    raisedBy: ['orders'],
    when: 'a status change its status does not allow (ship an unpaid order, cancel a paid one)',
    extensions: ['status', 'expected', 'target'],
  },
  ORDER_CONCURRENT_MODIFICATION: {
    status: 409,
    title: 'Order modified concurrently',
    raisedBy: ['orders'],
    when: 'another change to the order was saved first (optimistic concurrency on the event version); read again, retry',
    extensions: ['expectedVersion'],
  },
  PRODUCT_NOT_FOUND: {
    status: 404,
    title: 'Product not found',
    raisedBy: ['orders'],
    when: "`addOrderItem` for a product the catalog does not have, or does not sell in the order's currency",
    extensions: ['productId', 'currency'],
  },
  INSUFFICIENT_STOCK: {
    status: 409,
    title: 'Insufficient stock',
    raisedBy: ['orders (saga)', 'inventory'],
    when: 'placement: fewer units available than ordered; the order is CANCELLED with this `cancellationCode`',
    extensions: [],
  },
  PAYMENT_DECLINED: {
    status: 402,
    title: 'Payment declined',
    raisedBy: ['orders (saga)'],
    when: 'placement: the card was declined; the order is CANCELLED with this `cancellationCode`',
    extensions: ['cardLast4'],
  },
  PAYMENT_TIMEOUT: {
    status: 504,
    title: 'Payment timed out',
    raisedBy: ['orders (saga)'],
    when: 'placement: the payment provider did not answer within `PAYMENT_TIMEOUT_MS`; the charge is voided and the order CANCELLED',
    extensions: ['timeoutMs'],
  },
  DEPENDENCY_UNAVAILABLE: {
    status: 503,
    title: 'Dependency unavailable',
    raisedBy: ['orders'],
    when: 'the catalog (prices) or inventory could not be reached; during placement the order is CANCELLED with this code',
    extensions: ['service', 'status', 'timeoutMs'],
  },
  SUBSCRIPTION_LIMIT_EXCEEDED: {
    status: 429,
    title: 'Too many subscriptions on one connection',
    raisedBy: ['gateway'],
    when: 'a WebSocket connection already holds `maxSubscriptionsPerConnection` (50) subscriptions; the connection stays open',
    extensions: ['max'],
  },
  SUBSCRIPTION_BACKLOG_EXCEEDED: {
    status: 503,
    title: 'Subscription backlog exceeded',
    raisedBy: ['gateway'],
    when: 'more events waited to be resolved than `maxPendingEvents` (256); the subscription ends, resubscribe with `afterVersion`',
    extensions: ['max'],
  },
  RESERVATION_RELEASED: {
    status: 409,
    title: 'Reservation released',
    raisedBy: ['inventory'],
    when: "a reserve for an order whose reservation was released already, a late retry (inventory's internal commands only)",
    extensions: ['orderId'],
  },
  UNKNOWN_WAREHOUSE: {
    status: 400,
    title: 'Unknown warehouse',
    raisedBy: ['inventory'],
    when: "a warehouse id that does not exist (inventory's internal commands only)",
    extensions: ['warehouseId'],
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    title: 'GraphQL parse failed',
    raisedBy: ['gateway', 'subgraphs'],
    when: "the document is not valid GraphQL syntax (Apollo Server's code)",
    extensions: [],
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    title: 'GraphQL validation failed',
    raisedBy: ['gateway', 'subgraphs'],
    when: "the document does not validate against the schema (Apollo Server's code)",
    extensions: [],
  },
  BAD_USER_INPUT: {
    status: 400,
    title: 'Bad user input',
    raisedBy: ['gateway', 'subgraphs'],
    when: "a variable's value does not fit its declared type (Apollo Server's code)",
    extensions: [],
  },
  BAD_REQUEST: {
    status: 400,
    title: 'Bad request',
    raisedBy: ['gateway', 'subgraphs'],
    when: 'the request is not a GraphQL request this server can run (no operation, a query over the wrong transport, a body that is not JSON or empty)',
    extensions: [],
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    title: 'Operation resolution failure',
    raisedBy: ['gateway', 'subgraphs'],
    when: "the document names no operation it has, or has several and no name was given (Apollo Server's code)",
    extensions: [],
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: 404,
    title: 'Persisted query not found',
    raisedBy: ['gateway'],
    when: "a persisted query hash the gateway does not know (Apollo Server's code); answered with HTTP 200 so an APQ client resends the document",
    extensions: [],
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    status: 400,
    title: 'Persisted queries not supported',
    raisedBy: ['gateway'],
    when: "persisted queries are not served here (Apollo Server's code); answered with HTTP 200 like the APQ protocol's other answers",
    extensions: [],
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    title: 'Internal server error',
    raisedBy: ['any'],
    when: 'an unexpected failure; the message is masked and the log has the error under the request id',
    extensions: [],
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

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

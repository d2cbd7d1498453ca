import { fileURLToPath } from 'node:url';
import { ERROR_CODES, type ErrorCode, type ErrorCodeDefinition } from './index.js';

/** Where the rendered document is committed (the same path from src/ and dist/). */
export const ERRORS_DOC_PATH = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));

/**
 * Renders docs/errors.md from the registry (`npm run docs:errors` writes it; test/registry.test.ts
 * fails when the committed file differs). The prose around the table is fixed and lives here, so
 * the document stays whole: the table is the only part that follows the registry.
 */
export function renderErrorsDoc(): string {
  return `${[HEADER, codesTable(), FOOTER, markdownTable(['code', 'when'], CLOSE_CODES)].join('\n\n')}\n`;
}

const HEADER = `# Error codes

<!-- Generated from packages/errors/src/index.ts by \`npm run docs:errors\`; do not edit by hand. -->

Every error a client sees carries a stable code in \`extensions.code\`. The registry lives in
\`packages/errors/src/index.ts\` (\`ERROR_CODES\`); each code has an HTTP status, the one a
\`problem+json\` answer would carry. Field errors arrive with HTTP 200 beside the data that could be
served; request errors (the whole operation refused) carry a status.

**The HTTP status of a request error follows the negotiated media type** (GraphQL over HTTP,
"Status Codes"; \`gateway/src/plugins/mediaTypeStatus.ts\`). A request error is an answer without
\`data\`: parse, validation and variable errors, and the limits. With
\`Accept: application/graphql-response+json\` it carries the status in the table below; with
\`application/json\` (also when \`Accept\` is absent or \`*/*\`) it is 200, and the code is in
\`errors[].extensions.code\`. Under both media types these keep their status: \`BAD_REQUEST\` (400: a
body that is not JSON, no \`query\`, a GET without \`apollo-require-preflight\` or \`content-type\`),
401 \`UNAUTHENTICATED\` with \`WWW-Authenticate\` (a bad bearer token), 405 with \`Allow: POST\` (a
mutation over GET), 429 and 503 with \`Retry-After\`. Answers with \`data\`, partial ones included,
are 200 under both. Over graphql-ws, queries and mutations run through the same pipeline and answer
with the same errors (one \`next\`, then \`complete\`).

A supergraph that links a \`for: SECURITY\` feature nobody enforces (\`@policy\`, \`@context\`, an
unknown spec or version) stops the gateway at start-up with \`UNSUPPORTED_SECURITY_FEATURE\`, like
\`CONFIG_INVALID\`: \`@authenticated\` and \`@requiresScopes\` are enforced by the gateway,
\`@inaccessible\` by @apollo/gateway.`;

const FOOTER = `Start-up configuration errors are not GraphQL errors: a malformed environment variable stops the
process with \`CONFIG_INVALID\` and a message naming the variable, what was expected and what arrived.
Domain errors inside services (for example \`INSUFFICIENT_STOCK\` in inventory) carry a registered
\`code\` too. The placement saga's failures (\`INSUFFICIENT_STOCK\`, \`PAYMENT_DECLINED\`,
\`PAYMENT_TIMEOUT\`, \`DEPENDENCY_UNAVAILABLE\`) are not errors of \`placeOrder\`: the order ends
CANCELLED and carries the code in \`Order.cancellationCode\` and \`OrderStatusEvent.reasonCode\`.

Inventory's internal commands (\`POST /internal/reservations\`, \`POST /internal/reservations/release\`,
orders service only) answer \`{ code, message, details }\` with the code's status from the registry:
401 \`UNAUTHENTICATED\` without a valid orders service token, 400 \`INVALID_ARGUMENT\` for a body that
breaks its JSON schema or a value the stock rules refuse, 409 \`INSUFFICIENT_STOCK\` and
\`RESERVATION_RELEASED\`, 400 \`UNKNOWN_WAREHOUSE\`.

## WebSocket close codes (graphql-ws at \`/graphql\`)`;

const CLOSE_CODES: readonly (readonly [string, string])[] = [
  ['4403', '`connection_init` carried a bearer token that is invalid or expired'],
  [
    '4400, 4401, 4406, 4408, 4409, 4429, 4500',
    'graphql-ws protocol errors (bad message, no `connection_init`, wrong subprotocol, init timeout, duplicate id, repeated init, internal error)',
  ],
  ['1013', 'slow consumer: more than 4 MiB unsent in the socket, or more than 64 results queued for one subscription'],
  ['1001', 'the gateway is shutting down'],
];

function codesTable(): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => {
    const entry: ErrorCodeDefinition = ERROR_CODES[code];
    return [
      `\`${code}\``,
      String(entry.status),
      entry.raisedBy.length === 0 ? 'nothing yet' : entry.raisedBy.join(', '),
      entry.when,
      entry.extensions.map((key) => `\`${key}\``).join(', '),
    ];
  });
  return markdownTable(['code', 'HTTP', 'raised by', 'when', 'extensions'], rows);
}

/** A Markdown table with its columns padded to one width, so the raw file reads as a table too. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, i) => (cells[i] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

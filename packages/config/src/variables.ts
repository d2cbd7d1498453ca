/**
 * The configuration catalogue: every environment variable a Switchyard process reads, declared
 * once with its parser, its default, who reads it and what it means. Services read their
 * variables through `configReader`, so the default written here is the default used, and the
 * README's table is rendered from here (`npm run docs:config`, readme.ts).
 */
import { type Env, type Parse, parseBoolean, parseInteger, parseOneOf, parseText, parseUrl, raw } from './readers.js';
import { DEFAULT_PORTS, defaultSubgraphUrl, type ServiceName, SUBGRAPH_NAMES, type SubgraphName } from './services.js';

/** A process that reads configuration: one service on its own, the one-process stack, or the tests. */
export type Reader = ServiceName | 'stack' | 'tests';

/** What a computed default may depend on: who reads it, and the rest of the environment. */
export interface DefaultContext {
  reader: Reader;
  env: Env;
}

/** A default that is not one fixed value: computed when read, described in words for the README. */
export interface DerivedDefault<T> {
  /** The README's words for it (markdown). */
  text: string;
  of(context: DefaultContext): T;
}

type Scalar = string | number | boolean;

interface Declaration<T extends Scalar> {
  usedBy: readonly Reader[];
  /** What it does (markdown, one phrase). */
  meaning: string;
  /** The value when unset or blank. */
  default: T | DerivedDefault<T>;
  /**
   * What the local one-process start (the stack, `npm start`) gets when unset, where local work
   * wants otherwise than a production process (introspection and the playground on).
   */
  local?: T;
}

interface OptionalDeclaration {
  usedBy: readonly Reader[];
  meaning: string;
  /** What leaving it unset means (markdown). */
  unset: string;
}

/** One declared variable. */
export interface Variable<T> {
  readonly usedBy: readonly Reader[];
  readonly meaning: string;
  /** The values it accepts (markdown). */
  readonly form: string;
  /** Its default (markdown). */
  readonly defaultText: string;
  /** The value `reader` gets for `name` from `env`; throws ConfigError (CONFIG_INVALID) when malformed. */
  read(env: Env, name: string, reader: Reader): T;
}

const code = (value: Scalar): string => `\`${String(value)}\``;

function isDerived<T extends Scalar>(value: T | DerivedDefault<T>): value is DerivedDefault<T> {
  return typeof value === 'object';
}

function declare<T extends Scalar>(form: string, parse: Parse<T>, declaration: Declaration<T>): Variable<T> {
  const fallback = declaration.default;
  const local = declaration.local;
  const described = isDerived(fallback) ? fallback.text : code(fallback);
  return {
    usedBy: declaration.usedBy,
    meaning: declaration.meaning,
    form,
    defaultText: local === undefined ? described : `${described}; ${code(local)} in the stack (\`npm start\`)`,
    read(env, name, reader) {
      const value = raw(env, name);
      if (value !== undefined) return parse(name, value);
      if (local !== undefined && reader === 'stack') return local;
      return isDerived(fallback) ? fallback.of({ reader, env }) : fallback;
    },
  };
}

function optional<T extends Scalar>(
  form: string,
  parse: Parse<T>,
  declaration: OptionalDeclaration,
): Variable<T | undefined> {
  return {
    usedBy: declaration.usedBy,
    meaning: declaration.meaning,
    form,
    defaultText: `unset: ${declaration.unset}`,
    read(env, name) {
      const value = raw(env, name);
      return value === undefined ? undefined : parse(name, value);
    },
  };
}

const TEXT = 'text';
// Also 1/0, yes/no, on/off (readers.ts; the README says so above the table).
const BOOLEAN = '`true`/`false`';
const JWK = 'JSON (a JWK)';
const HTTP = ['http:', 'https:'] as const;
const POSTGRES = ['postgres:', 'postgresql:'] as const;
const REDIS = ['redis:', 'rediss:'] as const;
const urlForm = (protocols: readonly string[]) => `URL (${protocols.map((p) => `\`${p}\``).join(', ')})`;
const integerForm = (min: number, max: number) => `integer ${min}–${max}`;

/** pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_LEVEL_FORM = LOG_LEVELS.map(code).join(', ');

const SUBGRAPHS: readonly Reader[] = SUBGRAPH_NAMES;
const SERVICES: readonly Reader[] = ['gateway', 'stack', ...SUBGRAPHS];

// The users service serves its public keys here (its JWKS_PATH; test/config.test.ts checks).
const USERS_JWKS = `http://localhost:${DEFAULT_PORTS.users}/.well-known/jwks.json`;

type PortName = `${Uppercase<ServiceName>}_PORT`;
type SubgraphUrlName = `SUBGRAPH_URL_${Uppercase<SubgraphName>}`;

/** The variable that sets `service`'s port (GATEWAY_PORT, USERS_PORT, ...). */
export function portVariable(service: ServiceName): PortName {
  return `${service.toUpperCase() as Uppercase<ServiceName>}_PORT`;
}

/** The variable that overrides where the gateway finds `subgraph` (SUBGRAPH_URL_USERS, ...). */
export function subgraphUrlVariable(subgraph: SubgraphName): SubgraphUrlName {
  return `SUBGRAPH_URL_${subgraph.toUpperCase() as Uppercase<SubgraphName>}`;
}

const PORTS = Object.fromEntries(
  (Object.keys(DEFAULT_PORTS) as ServiceName[]).map((service) => [
    portVariable(service),
    declare('port; `0` picks a free one', parseInteger(0, 65535), {
      usedBy: [service, 'stack'],
      meaning: service === 'gateway' ? "the gateway's port" : `the ${service} subgraph's port`,
      default: DEFAULT_PORTS[service],
    }),
  ]),
) as Record<PortName, Variable<number>>;

const SUBGRAPH_URLS = Object.fromEntries(
  SUBGRAPH_NAMES.map((subgraph) => [
    subgraphUrlVariable(subgraph),
    optional(urlForm(HTTP), parseUrl(HTTP), {
      usedBy: ['gateway'],
      meaning: `where the gateway calls the ${subgraph} subgraph`,
      unset: `the supergraph's URL, \`${defaultSubgraphUrl(subgraph)}\``,
    }),
  ]),
) as Record<SubgraphUrlName, Variable<string | undefined>>;

const GRAPHQL_INTROSPECTION = declare(BOOLEAN, parseBoolean, {
  usedBy: SERVICES,
  meaning: 'allow introspection and field suggestions ("Did you mean …?"); in the stack also the playground',
  // Both reveal the schema: off in a production process, on for local work.
  default: false,
  local: true,
});

export const VARIABLES = {
  HOST: declare(TEXT, parseText, { usedBy: SERVICES, meaning: 'address to listen on', default: '127.0.0.1' }),
  ...PORTS,
  LOG_LEVEL: declare(LOG_LEVEL_FORM, parseOneOf(LOG_LEVELS), {
    usedBy: SERVICES,
    meaning: 'pino level',
    default: 'info',
  }),
  DATABASE_URL: optional(urlForm(POSTGRES), parseUrl(POSTGRES), {
    usedBy: ['stack', ...SUBGRAPHS],
    meaning: 'PostgreSQL connection URL',
    unset: 'embedded PGlite in `DATA_DIR`',
  }),
  DATA_DIR: declare(TEXT, parseText, {
    usedBy: ['stack', ...SUBGRAPHS],
    meaning: "PGlite's data folder; a folder belongs to one process, so a lone subgraph has its own",
    default: { text: '`.data/<subgraph>`', of: ({ reader }) => `.data/${reader}` },
    local: '.data/pglite',
  }),
  DB_POOL_SIZE: declare(integerForm(1, 200), parseInteger(1, 200), {
    usedBy: SUBGRAPHS,
    meaning: 'PostgreSQL connections per process',
    default: 10,
  }),
  SEED: declare(BOOLEAN, parseBoolean, {
    usedBy: ['stack', ...SUBGRAPHS],
    meaning: 'seed an empty database at start-up',
    default: true,
  }),
  GRAPHQL_INTROSPECTION,
  GRAPHQL_PLAYGROUND: declare(BOOLEAN, parseBoolean, {
    usedBy: ['gateway'],
    meaning: "GraphiQL on a browser's GET of `/graphql`",
    default: {
      text: 'the value of `GRAPHQL_INTROSPECTION`',
      of: ({ env, reader }) => GRAPHQL_INTROSPECTION.read(env, 'GRAPHQL_INTROSPECTION', reader),
    },
  }),
  KEYS_DIR: declare(TEXT, parseText, {
    usedBy: SERVICES,
    meaning: 'where the development signing keys are kept (created on first start)',
    default: '.data/keys',
  }),
  REDIS_URL: optional(urlForm(REDIS), parseUrl(REDIS), {
    usedBy: ['stack', 'orders', 'gateway'],
    meaning: "order status changes (pub/sub) and clients' cost budgets, shared by all orders and gateway instances",
    unset: 'in-process (one instance each)',
  }),
  COST_REDIS_TIMEOUT_MS: declare(integerForm(1, 10_000), parseInteger(1, 10_000), {
    usedBy: ['gateway'],
    // The most a stalled Redis adds to a request.
    meaning: 'a budget check in Redis without an answer by then admits the request (fail open)',
    default: 100,
  }),
  SUPERGRAPH_PATH: optional(TEXT, parseText, {
    usedBy: ['gateway'],
    meaning: 'the supergraph SDL file to serve',
    unset: '`schema/supergraph.graphql` (the bundle: its build-time copy)',
  }),
  ...SUBGRAPH_URLS,
  SUBGRAPH_TIMEOUT_MS: declare(integerForm(1, 600_000), parseInteger(1, 600_000), {
    usedBy: ['gateway'],
    meaning: 'a slower subgraph call fails with `SUBGRAPH_UNAVAILABLE`',
    default: 10_000,
  }),
  SUBGRAPH_CONNECTIONS: declare(integerForm(1, 1_024), parseInteger(1, 1_024), {
    usedBy: ['gateway'],
    // 16 sockets at 100 ms carry 160 calls/s.
    meaning: 'keep-alive sockets per subgraph origin, more calls queue; a slow subgraph needs more',
    default: 16,
  }),
  // The gateway's static operation limits (gateway/src/limits/operationLimits.ts says why each
  // default; test/limits checks the two agree).
  GATEWAY_MAX_TOKENS: declare(integerForm(1, 1_000_000), parseInteger(1, 1_000_000), {
    usedBy: ['gateway'],
    meaning: 'lexical tokens a GraphQL document may have; more: `TOKEN_LIMIT_EXCEEDED`, unparsed',
    default: 2_000,
  }),
  GATEWAY_MAX_DEPTH: declare(integerForm(1, 1_000), parseInteger(1, 1_000), {
    usedBy: ['gateway'],
    meaning: 'field nesting of an operation, through fragments; deeper: `DEPTH_LIMIT_EXCEEDED`',
    default: 20,
  }),
  GATEWAY_MAX_ALIASES: declare(integerForm(0, 100_000), parseInteger(0, 100_000), {
    usedBy: ['gateway'],
    meaning: 'aliases in an operation, each use of a fragment counting; more: `ALIAS_LIMIT_EXCEEDED`',
    default: 30,
  }),
  GATEWAY_MAX_ROOT_FIELDS: declare(integerForm(1, 100_000), parseInteger(1, 100_000), {
    usedBy: ['gateway'],
    meaning: 'distinct root fields of an operation; more: `ROOT_FIELD_LIMIT_EXCEEDED`',
    default: 20,
  }),
  GATEWAY_MAX_DIRECTIVES: declare(integerForm(0, 1_000), parseInteger(0, 1_000), {
    usedBy: ['gateway'],
    meaning: 'directives on one field or fragment; more: `DIRECTIVE_LIMIT_EXCEEDED`',
    default: 5,
  }),
  GATEWAY_MAX_LIST_SIZE: declare(integerForm(0, 1_000_000), parseInteger(0, 1_000_000), {
    usedBy: ['gateway'],
    meaning: 'largest value of a slicing argument (`first`); more: `LIST_SIZE_LIMIT_EXCEEDED`',
    default: 100,
  }),
  COST_ANONYMOUS_MAX_PER_QUERY: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning:
      'the largest estimated cost one operation of an anonymous client (one bucket per address) may have; above it: `COST_LIMIT_EXCEEDED`',
    default: 1_000,
  }),
  COST_ANONYMOUS_BUCKET: declare(integerForm(1, 1000000000), parseInteger(1, 1000000000), {
    usedBy: ['gateway'],
    meaning: 'points the budget bucket of an anonymous client (one bucket per address) holds when full',
    default: 10_000,
  }),
  COST_ANONYMOUS_RESTORE_RATE: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning: 'points per second the bucket of an anonymous client (one bucket per address) refills',
    default: 500,
  }),
  COST_CUSTOMER_MAX_PER_QUERY: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning:
      'the largest estimated cost one operation of a signed-in customer (one bucket per user) may have; above it: `COST_LIMIT_EXCEEDED`',
    default: 2_000,
  }),
  COST_CUSTOMER_BUCKET: declare(integerForm(1, 1000000000), parseInteger(1, 1000000000), {
    usedBy: ['gateway'],
    meaning: 'points the budget bucket of a signed-in customer (one bucket per user) holds when full',
    default: 20_000,
  }),
  COST_CUSTOMER_RESTORE_RATE: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning: 'points per second the bucket of a signed-in customer (one bucket per user) refills',
    default: 1_000,
  }),
  COST_ADMIN_MAX_PER_QUERY: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning:
      'the largest estimated cost one operation of an admin (one bucket per admin) may have; above it: `COST_LIMIT_EXCEEDED`',
    default: 50_000,
  }),
  COST_ADMIN_BUCKET: declare(integerForm(1, 1000000000), parseInteger(1, 1000000000), {
    usedBy: ['gateway'],
    meaning: 'points the budget bucket of an admin (one bucket per admin) holds when full',
    default: 500_000,
  }),
  COST_ADMIN_RESTORE_RATE: declare(integerForm(1, 100000000), parseInteger(1, 100000000), {
    usedBy: ['gateway'],
    meaning: 'points per second the bucket of an admin (one bucket per admin) refills',
    default: 25_000,
  }),
  GATEWAY_DEMAND_CONTROL: declare(BOOLEAN, parseBoolean, {
    usedBy: ['gateway'],
    meaning:
      'the static operation limits and the cost limits and budgets; `false` turns both off, to measure what they cost (the benchmark), never in production',
    default: true,
  }),
  GATEWAY_BODY_LIMIT_BYTES: declare(integerForm(1_024, 100 * 1024 * 1024), parseInteger(1_024, 100 * 1024 * 1024), {
    usedBy: ['gateway'],
    meaning: 'largest HTTP request body; larger: HTTP 413 `REQUEST_TOO_LARGE`',
    default: 1024 * 1024,
  }),
  JWT_JWKS_URL: declare(urlForm(HTTP), parseUrl(HTTP), {
    usedBy: ['gateway'],
    meaning: "the users service's public keys, to verify bearer tokens",
    default: USERS_JWKS,
  }),
  JWT_ISSUER: declare(TEXT, parseText, {
    usedBy: ['gateway', 'users'],
    meaning: 'the `iss` of bearer tokens (users signs it, the gateway requires it)',
    default: 'switchyard-users',
  }),
  JWT_AUDIENCE: declare(TEXT, parseText, {
    usedBy: ['gateway', 'users'],
    meaning: 'the `aud` of bearer tokens (users signs it, the gateway requires it)',
    default: 'switchyard',
  }),
  JWT_PRIVATE_KEY: optional(JWK, parseText, {
    usedBy: ['users'],
    meaning: 'private Ed25519 JWK that signs bearer tokens',
    unset: 'the development key `KEYS_DIR/users-signing.json`',
  }),
  JWT_TTL_SECONDS: declare(integerForm(60, 7 * 86_400), parseInteger(60, 7 * 86_400), {
    usedBy: ['users'],
    meaning: 'bearer token lifetime',
    default: 3600,
  }),
  INTERNAL_JWT_PRIVATE_KEY: optional(JWK, parseText, {
    usedBy: ['gateway'],
    meaning: 'private Ed25519 JWK that signs the identity header subgraphs trust',
    unset: 'the development key `KEYS_DIR/internal-signing.json`',
  }),
  INTERNAL_JWT_PUBLIC_KEY: optional(JWK, parseText, {
    usedBy: SUBGRAPHS,
    meaning: "the gateway's public JWK, to verify identity headers",
    unset: 'the public half of the development key `KEYS_DIR/internal-signing.json`',
  }),
  IMAGE_BASE_URL: declare(urlForm(HTTP), parseUrl(HTTP), {
    usedBy: ['products'],
    meaning: 'prefix of product image URLs (the image CDN)',
    default: 'https://images.switchyard.example',
  }),
  ORDERS_SERVICE_PRIVATE_KEY: optional(JWK, parseText, {
    usedBy: ['orders'],
    meaning: "private Ed25519 JWK that signs the orders service's tokens for inventory's reserve/release",
    unset: 'the development key `KEYS_DIR/orders-service-signing.json`',
  }),
  ORDERS_SERVICE_PUBLIC_KEY: optional(JWK, parseText, {
    usedBy: ['inventory'],
    meaning: "the orders service's public JWK, to verify its reserve/release tokens",
    unset: 'the public half of the development key `KEYS_DIR/orders-service-signing.json`',
  }),
  INVENTORY_URL: declare(urlForm(HTTP), parseUrl(HTTP), {
    usedBy: ['orders'],
    meaning: "inventory's base URL for reserve/release",
    default: `http://127.0.0.1:${DEFAULT_PORTS.inventory}`,
  }),
  PRODUCTS_URL: declare(urlForm(HTTP), parseUrl(HTTP), {
    usedBy: ['orders'],
    meaning: "the products subgraph's GraphQL endpoint, for prices",
    default: `http://127.0.0.1:${DEFAULT_PORTS.products}/graphql`,
  }),
  REDIS_PREFIX: declare(TEXT, parseText, {
    usedBy: ['orders', 'gateway'],
    meaning: 'prefix of the order status channels and the budget keys in Redis',
    default: 'switchyard:',
  }),
  PAYMENT_TIMEOUT_MS: declare(integerForm(100, 60_000), parseInteger(100, 60_000), {
    usedBy: ['orders'],
    meaning: 'a charge without an answer by then is a failed payment',
    default: 5000,
  }),
  INVENTORY_TIMEOUT_MS: declare(integerForm(100, 60_000), parseInteger(100, 60_000), {
    usedBy: ['orders'],
    meaning: 'timeout of one reserve/release call to inventory',
    default: 3000,
  }),
  SAGA_LEASE_MS: declare(integerForm(1000, 3_600_000), parseInteger(1000, 3_600_000), {
    usedBy: ['orders'],
    meaning: 'how long a silent order saga stays with its instance before another resumes it',
    default: 30_000,
  }),
  SAGA_RECOVERY_INTERVAL_MS: declare(integerForm(0, 3_600_000), parseInteger(0, 3_600_000), {
    usedBy: ['orders'],
    meaning:
      'how often unfinished sagas of stopped instances are looked for (also once at start-up); `0` turns the sweep off, so another instance must run it',
    default: 30_000,
  }),
  TEST_DATABASE_URL: optional(urlForm(POSTGRES), parseUrl(POSTGRES), {
    usedBy: ['tests'],
    meaning: 'also run the database tests on this PostgreSQL server (CI sets it)',
    unset: 'PGlite only',
  }),
  TEST_REDIS_URL: optional(urlForm(REDIS), parseUrl(REDIS), {
    usedBy: ['tests'],
    meaning: 'run the Redis tests on this server (CI sets it)',
    unset: 'the Redis tests do not run',
  }),
  TEST_LOG_LEVEL: declare(LOG_LEVEL_FORM, parseOneOf(LOG_LEVELS), {
    usedBy: ['tests'],
    meaning: 'pino level of the stacks the end-to-end tests start',
    default: 'silent',
  }),
  CHROMIUM_PATH: declare(TEXT, parseText, {
    usedBy: ['tests'],
    meaning: "the Chromium the browser tests drive (Debian's `chromium` package)",
    default: '/usr/bin/chromium',
  }),
};

export type VariableName = keyof typeof VARIABLES;
export type ValueOf<N extends VariableName> = (typeof VARIABLES)[N] extends Variable<infer T> ? T : never;

/** Reads variables from `env` as `reader` does: parsed, checked and defaulted as declared above. */
export function configReader(env: Env, reader: Reader): <N extends VariableName>(name: N) => ValueOf<N> {
  return (name) => (VARIABLES[name] as Variable<ValueOf<typeof name>>).read(env, name, reader);
}

/** What `reader` gets for `name` when the variable is unset: for builders whose option defaults to the same. */
export function defaultOf<N extends VariableName>(name: N, reader: Reader): ValueOf<N> {
  return configReader({}, reader)(name);
}

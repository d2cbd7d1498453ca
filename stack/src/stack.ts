import {
  configuredSigningKey,
  createIdentityVerifier,
  DEV_INTERNAL_KEY_FILE,
  generateSigningJwk,
  importSigningKey,
} from '@switchyard/auth';
import { DEFAULT_PORTS, defaultOf, SUBGRAPH_NAMES, type SubgraphName } from '@switchyard/config';
import { type Database, type DatabaseRoot, openDatabase } from '@switchyard/db';
import { createBudgetStore, createGateway, type GatewayContext } from '@switchyard/gateway';
import { createStatusBus, DEV_ORDERS_SERVICE_KEY_FILE } from '@switchyard/orders';
import { type Clock, createLogger, type GraphQLService, type ServiceHandle } from '@switchyard/service';
import { DEV_USERS_KEY_FILE, JWKS_PATH } from '@switchyard/users';
import { prepareDataDirInChild } from './prepareInChild.js';
import { prepareAll, SUBGRAPH_MODULES } from './subgraphs.js';

export interface StackOptions {
  /** An open database to use (tests); otherwise one is opened from `databaseUrl`/`dataDir`. */
  root?: DatabaseRoot;
  /** PostgreSQL URL; unset means embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; unset keeps it in memory. */
  dataDir?: string | undefined;
  /** Address every service listens on. @default 127.0.0.1 */
  host?: string;
  /** Ports per service; 0 picks a free one. @default the conventional ports (4000-4005) */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** Migrate and seed at start. @default true */
  prepare?: boolean;
  /** Seed an empty database. @default true */
  seed?: boolean;
  /** pino level for every service. @default info */
  logLevel?: string;
  /** Gateway: subgraph call timeout in ms. @default 10000 */
  subgraphTimeoutMs?: number;
  /**
   * Introspection, field suggestions and the playground. Off unless asked, as in production;
   * `npm start` asks (GRAPHQL_INTROSPECTION's local default), as do tests that want them. @default false
   */
  introspection?: boolean;
  /**
   * Where the development signing keys are kept (users' token key, the gateway's identity key).
   * Unset: fresh keys in memory for this run (tests).
   */
  keysDir?: string | undefined;
  /** `iss` and `aud` of bearer tokens. @default switchyard-users, switchyard */
  jwt?: { issuer: string; audience: string; ttlSeconds?: number };
  /** Redis for the orders status bus and the gateway's cost budgets (several stacks sharing it share both). @default in-process */
  redisUrl?: string | undefined;
  /** Key and channel prefix in Redis (tests isolate themselves with their own). @default switchyard: */
  redisPrefix?: string;
  /** The subgraphs' clock: orders' saga leases, call timeouts and recovery sweeps, users' sign-in delays (tests pass a ManualClock). @default systemClock */
  clock?: Clock;
}

export interface RunningStack {
  /** Base URLs (http://host:port) of the gateway and each subgraph. */
  urls: Record<SubgraphName | 'gateway', string>;
  /** Each subgraph's counted database handle (statements per subgraph, for N+1 checks). */
  databases: Record<SubgraphName, Database>;
  gateway: GraphQLService<GatewayContext>;
  subgraphs: Record<SubgraphName, ServiceHandle>;
  /** Stops the gateway, then the subgraphs, then closes the database if the stack opened it. */
  close(): Promise<void>;
}

/**
 * Every service in this one process, each on its own port, over one database: the embedded
 * default of `npm start` and the fixture of the end-to-end tests. Same service code as the
 * one-process-per-service deployment; only the wiring differs (docs/architecture.md).
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const host = options.host ?? '127.0.0.1';
  const level = options.logLevel ?? 'info';
  const introspection = options.introspection ?? false;
  const ownsRoot = !options.root;
  // A new PGlite folder is prepared in a child process, whose memory is returned when it exits.
  if (ownsRoot && !options.databaseUrl && options.dataDir && (options.prepare ?? true)) {
    await prepareDataDirInChild(options.dataDir, { seed: options.seed ?? true, logger: createLogger('stack', level) });
  }
  const root =
    options.root ??
    (await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir, applicationName: 'switchyard' }));
  // Everything opened so far, closed in reverse if start-up fails half way.
  const started: { close(): Promise<void> }[] = [];
  try {
    if (options.prepare ?? true) await prepareAll(() => root.handle(), { seed: options.seed ?? true });
    const [internalKey, usersKey, ordersServiceKey] = await Promise.all(
      [DEV_INTERNAL_KEY_FILE, DEV_USERS_KEY_FILE, DEV_ORDERS_SERVICE_KEY_FILE].map(async (file) =>
        options.keysDir
          ? configuredSigningKey(undefined, options.keysDir, file)
          : importSigningKey(await generateSigningJwk()),
      ),
    );
    if (!internalKey || !usersKey || !ordersServiceKey) throw new Error('stack: signing keys missing');
    const statusBus = await createStatusBus({
      redisUrl: options.redisUrl,
      ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
      logger: createLogger('orders', level),
    });
    started.push(statusBus);
    const verifyIdentity = await createIdentityVerifier(internalKey.publicKey);
    const jwt = {
      issuer: defaultOf('JWT_ISSUER', 'users'),
      audience: defaultOf('JWT_AUDIENCE', 'users'),
      ttlSeconds: defaultOf('JWT_TTL_SECONDS', 'users'),
      ...options.jwt,
    };
    const databases = {} as Record<SubgraphName, Database>;
    const subgraphs = {} as Record<SubgraphName, ServiceHandle>;
    const urls = {} as Record<SubgraphName | 'gateway', string>;
    for (const name of SUBGRAPH_NAMES) {
      const db = root.handle();
      const service = await SUBGRAPH_MODULES[name].create({
        db,
        logger: createLogger(name, level),
        introspection,
        verifyIdentity,
        tokens: { key: usersKey, issuer: jwt.issuer, audience: jwt.audience, ttlSeconds: jwt.ttlSeconds },
        ordersServiceKey,
        urls,
        statusBus,
        clock: options.clock,
      });
      started.push(service);
      databases[name] = db;
      subgraphs[name] = service;
      urls[name] = await service.listen(options.ports?.[name] ?? DEFAULT_PORTS[name], host);
    }
    const gatewayLogger = createLogger('gateway', level);
    // Closed by the gateway's close(); listed here too for a start-up that fails before it.
    const budget = await createBudgetStore({
      redisUrl: options.redisUrl,
      ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
      logger: gatewayLogger,
    });
    started.push(budget);
    const gateway = await createGateway({
      logger: gatewayLogger,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `${urls[name]}/graphql`])),
      subgraphTimeoutMs: options.subgraphTimeoutMs ?? defaultOf('SUBGRAPH_TIMEOUT_MS', 'gateway'),
      introspection,
      playground: introspection,
      authentication: { jwksUrl: `${urls.users}${JWKS_PATH}`, issuer: jwt.issuer, audience: jwt.audience },
      internalKey,
      cost: { budget },
    });
    started.push(gateway);
    urls.gateway = await gateway.listen(options.ports?.gateway ?? DEFAULT_PORTS.gateway, host);
    return {
      urls,
      databases,
      gateway,
      subgraphs,
      async close() {
        await gateway.close();
        await Promise.all(SUBGRAPH_NAMES.map((name) => subgraphs[name].close()));
        await statusBus.close();
        if (ownsRoot) await root.close();
      },
    };
  } catch (error) {
    for (const opened of started.reverse()) await opened.close().catch(() => {});
    if (ownsRoot) await root.close();
    throw error;
  }
}

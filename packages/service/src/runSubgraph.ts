import { createIdentityVerifier, type IdentityVerifier, internalVerifyingKey } from '@switchyard/auth';
import { type Database, openDatabase } from '@switchyard/db';
import { createLogger, type Logger } from './logger.js';
import type { ServiceHandle } from './service.js';
import { closeOnSignal } from './shutdown.js';
import type { SubgraphConfig } from './subgraphConfig.js';

/** What a subgraph's `main.ts` builds its service from. */
export interface SubgraphProcess {
  /** This process's database handle, migrated (and seeded) already. */
  db: Database;
  logger: Logger;
  /** Verifies the gateway's identity header with INTERNAL_JWT_PUBLIC_KEY (or the dev key). */
  verifyIdentity: IdentityVerifier;
  /** Registers something to close on shutdown, after the service stops (a bus, a pool). */
  onClose(close: () => Promise<void>): void;
}

/**
 * The whole life of a subgraph process: open the database (PostgreSQL or PGlite), migrate and
 * seed, build the service with `create`, listen, and on SIGINT/SIGTERM close the service, what
 * `onClose` registered, and the database, in that order.
 */
export async function runSubgraph(options: {
  name: string;
  config: SubgraphConfig;
  prepare(db: Database, options: { seed: boolean }): Promise<void>;
  create(process: SubgraphProcess): Promise<ServiceHandle>;
}): Promise<void> {
  const { name, config } = options;
  const logger = createLogger(name, config.logLevel);
  const root = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    applicationName: `switchyard-${name}`,
    poolSize: config.poolSize,
  });
  const db = root.handle();
  await options.prepare(db, { seed: config.seed });
  const verifyIdentity = await createIdentityVerifier(
    await internalVerifyingKey({ publicJwk: config.internalPublicKey, keysDir: config.keysDir }),
  );
  const closers: (() => Promise<void>)[] = [];
  const service = await options.create({ db, logger, verifyIdentity, onClose: (close) => closers.push(close) });
  const url = await service.listen(config.port, config.host);
  logger.info({ url: `${url}/graphql` }, `${name} subgraph listening`);
  closeOnSignal(logger, async () => {
    await service.close();
    for (const close of closers) await close();
    await root.close();
  });
}

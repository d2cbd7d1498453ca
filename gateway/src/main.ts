import { readFileSync } from 'node:fs';
import { internalSigningKey } from '@switchyard/auth';
import { closeOnSignal, createLogger } from '@switchyard/service';
import { loadGatewayConfig } from './config.js';
import { createBudgetStore } from './cost/budgetStore.js';
import { profilesWith } from './cost/profiles.js';
import { createGateway } from './gateway.js';

const config = loadGatewayConfig(process.env);
const logger = createLogger('gateway', config.logLevel);
// The gateway closes the store it is given (gateway.ts); none when demand control is off.
const budget = config.demandControl
  ? await createBudgetStore({
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix,
      commandTimeoutMs: config.costRedisTimeoutMs,
      logger,
    })
  : undefined;
const profileOf = profilesWith(config.costProfiles);
const gateway = await createGateway({
  logger,
  ...(config.supergraphPath ? { supergraphSdl: readFileSync(config.supergraphPath, 'utf8') } : {}),
  subgraphUrls: config.subgraphUrls,
  subgraphTimeoutMs: config.subgraphTimeoutMs,
  subgraphConnections: config.subgraphConnections,
  limits: config.demandControl ? config.limits : false,
  bodyLimit: config.bodyLimit,
  introspection: config.introspection,
  playground: config.playground,
  authentication: { jwksUrl: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience },
  internalKey: await internalSigningKey({ privateJwk: config.internalPrivateKey, keysDir: config.keysDir }),
  cost: budget ? { budget, profileOf: (context) => profileOf(context.identity) } : false,
});
const url = await gateway.listen(config.port, config.host);
logger.info({ url: `${url}/graphql` }, 'gateway listening');
closeOnSignal(logger, () => gateway.close());

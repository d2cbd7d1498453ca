import { closeOnSignal, createLogger } from '@switchyard/service';
import { loadStackConfig } from './config.js';
import { startStack } from './stack.js';
import { welcomeLines } from './welcome.js';

const config = loadStackConfig(process.env);
const logger = createLogger('stack', config.logLevel);
const started = Date.now();
const stack = await startStack({
  databaseUrl: config.databaseUrl,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  host: config.host,
  seed: config.seed,
  logLevel: config.logLevel,
  introspection: config.introspection,
  keysDir: config.keysDir,
  redisUrl: config.redisUrl,
  ports: config.ports,
});
const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
process.stdout.write(
  `${[
    '',
    `Switchyard is up in ${((Date.now() - started) / 1000).toFixed(1)} s on ${database}.`,
    `  GraphQL gateway + playground  ${stack.urls.gateway}/graphql`,
    ...Object.entries(stack.urls)
      .filter(([name]) => name !== 'gateway')
      .map(([name, url]) => `  ${`${name} subgraph`.padEnd(29)} ${url}/graphql`),
    '  Health: /healthz and /readyz on every service. Ctrl-C stops everything.',
    '',
    ...welcomeLines(stack.urls),
    '',
  ].join('\n')}\n`,
);
closeOnSignal(logger, () => stack.close());

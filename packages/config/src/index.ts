/**
 * Configuration shared by every service: the catalogue of environment variables (variables.ts),
 * each parsed and validated once, at start-up, with its one default; the services and their
 * ports (services.ts); the README table rendered from the catalogue (readme.ts).
 */
export { ConfigError, type Env } from './readers.js';
export { CONFIG_END, CONFIG_START, renderConfigTable, withConfigTable } from './readme.js';
export {
  DEFAULT_PORTS,
  defaultSubgraphUrl,
  type ServiceName,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from './services.js';
export {
  configReader,
  type DefaultContext,
  type DerivedDefault,
  defaultOf,
  LOG_LEVELS,
  type LogLevel,
  portVariable,
  type Reader,
  subgraphUrlVariable,
  VARIABLES,
  type ValueOf,
  type Variable,
  type VariableName,
} from './variables.js';

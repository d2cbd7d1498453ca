import { type Env, type Reader, VARIABLES, type VariableName } from '@switchyard/config';
import { loadGatewayConfig } from '@switchyard/gateway';
import { loadOrdersConfig } from '@switchyard/orders';
import { DEFAULT_IMAGE_BASE_URL, loadProductsConfig } from '@switchyard/products';
import { loadSubgraphConfig } from '@switchyard/service';
import { JWKS_PATH, loadUsersConfig } from '@switchyard/users';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBGRAPH_CONNECTIONS } from '../gateway/src/subgraphClient/index.js';
import { loadStackConfig } from '../stack/src/config.js';
import { loadInventoryConfig } from '../subgraphs/inventory/src/config.js';

/** Every process's configuration loader: what its main.ts calls with process.env. */
const LOADERS: Record<Exclude<Reader, 'tests'>, (env: Env) => unknown> = {
  gateway: loadGatewayConfig,
  users: loadUsersConfig,
  products: loadProductsConfig,
  inventory: loadInventoryConfig,
  orders: loadOrdersConfig,
  reviews: (env) => loadSubgraphConfig(env, 'reviews'),
  stack: loadStackConfig,
};

/** The names `load` reads, recorded by an environment in which every variable is unset. */
function namesRead(load: (env: Env) => unknown): string[] {
  const names = new Set<string>();
  const env = new Proxy({} as Env, {
    get(_target, name) {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  load(env);
  return [...names].sort();
}

const catalogued = Object.keys(VARIABLES) as VariableName[];

describe('the configuration catalogue and the loaders', () => {
  it.each(Object.entries(LOADERS))('%s reads exactly the variables the catalogue says it uses', (reader, load) => {
    const declared = catalogued.filter((name) => VARIABLES[name].usedBy.includes(reader as Reader)).sort();
    expect(namesRead(load)).toEqual(declared);
  });

  it('has no loader read a variable that is not in the catalogue', () => {
    const unknown = Object.values(LOADERS)
      .flatMap(namesRead)
      .filter((name) => !(name in VARIABLES));
    expect(unknown).toEqual([]);
  });

  it('has every variable read by some loader, except those only the tests read', () => {
    const read = new Set(Object.values(LOADERS).flatMap(namesRead));
    const unread = catalogued.filter((name) => !read.has(name));
    expect(unread).toEqual(catalogued.filter((name) => VARIABLES[name].usedBy.every((reader) => reader === 'tests')));
    expect(unread).toEqual(['TEST_DATABASE_URL', 'TEST_REDIS_URL', 'TEST_LOG_LEVEL', 'CHROMIUM_PATH']);
  });

  it("agrees with the builders' option defaults that mean the same", () => {
    const gateway = loadGatewayConfig({});
    expect(gateway.subgraphConnections).toBe(DEFAULT_SUBGRAPH_CONNECTIONS);
    expect(new URL(gateway.jwksUrl).pathname).toBe(JWKS_PATH);
    expect(loadProductsConfig({}).imageBaseUrl).toBe(DEFAULT_IMAGE_BASE_URL);
  });

  it('starts the stack with introspection on and a lone service with it off', () => {
    expect(loadStackConfig({}).introspection).toBe(true);
    expect(loadGatewayConfig({})).toMatchObject({ introspection: false, playground: false });
    for (const [name, load] of Object.entries(LOADERS)) {
      if (name !== 'stack' && name !== 'gateway') expect(load({}), name).toMatchObject({ introspection: false });
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_END,
  CONFIG_START,
  ConfigError,
  configReader,
  DEFAULT_PORTS,
  defaultOf,
  portVariable,
  renderConfigTable,
  SUBGRAPH_NAMES,
  VARIABLES,
  withConfigTable,
} from '../src/index.js';

const README = join(import.meta.dirname, '../../../README.md');

describe('the README configuration table', () => {
  it('is what the catalogue renders (stale? run npm run docs:config and commit README.md)', () => {
    const readme = readFileSync(README, 'utf8');
    const block = readme.slice(readme.indexOf(CONFIG_START) + CONFIG_START.length, readme.indexOf(CONFIG_END));
    expect(block.trim()).toBe(renderConfigTable());
  });

  it('has one row per catalogue variable, each naming it', () => {
    const rows = renderConfigTable().split('\n').slice(2);
    // Two lines of header (titles, dashes), then the variables.
    expect(rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1])).toEqual(Object.keys(VARIABLES));
  });

  it('rewrites only the block between the markers, and refuses a README without them', () => {
    const readme = `# Title\n\nbefore\n${CONFIG_START}\nold table\n${CONFIG_END}\nafter\n`;
    expect(withConfigTable(readme)).toBe(
      `# Title\n\nbefore\n${CONFIG_START}\n${renderConfigTable()}\n${CONFIG_END}\nafter\n`,
    );
    expect(() => withConfigTable('# no markers\n')).toThrow(/config:start/);
  });
});

describe('reading through the catalogue', () => {
  it('gives the declared default when a variable is unset or blank, and parses a set one', () => {
    const read = (env: Record<string, string>) => configReader(env, 'gateway')('SUBGRAPH_TIMEOUT_MS');
    expect(read({})).toBe(10_000);
    expect(read({ SUBGRAPH_TIMEOUT_MS: '   ' })).toBe(10_000);
    expect(read({ SUBGRAPH_TIMEOUT_MS: ' 2500 ' })).toBe(2500);
  });

  it('turns introspection off in a production process and on in the stack, unless set', () => {
    expect(configReader({}, 'gateway')('GRAPHQL_INTROSPECTION')).toBe(false);
    expect(configReader({}, 'users')('GRAPHQL_INTROSPECTION')).toBe(false);
    expect(configReader({}, 'stack')('GRAPHQL_INTROSPECTION')).toBe(true);
    expect(configReader({ GRAPHQL_INTROSPECTION: 'false' }, 'stack')('GRAPHQL_INTROSPECTION')).toBe(false);
    expect(configReader({ GRAPHQL_INTROSPECTION: 'yes' }, 'gateway')('GRAPHQL_INTROSPECTION')).toBe(true);
  });

  it('lets the playground follow introspection unless GRAPHQL_PLAYGROUND is set', () => {
    expect(configReader({}, 'gateway')('GRAPHQL_PLAYGROUND')).toBe(false);
    expect(configReader({ GRAPHQL_INTROSPECTION: 'true' }, 'gateway')('GRAPHQL_PLAYGROUND')).toBe(true);
    expect(
      configReader({ GRAPHQL_INTROSPECTION: 'true', GRAPHQL_PLAYGROUND: 'off' }, 'gateway')('GRAPHQL_PLAYGROUND'),
    ).toBe(false);
  });

  it('gives a lone subgraph its own PGlite folder and the stack the shared one', () => {
    expect(configReader({}, 'users')('DATA_DIR')).toBe('.data/users');
    expect(configReader({}, 'orders')('DATA_DIR')).toBe('.data/orders');
    expect(configReader({}, 'stack')('DATA_DIR')).toBe('.data/pglite');
  });

  it('leaves a variable without a default undefined when unset', () => {
    expect(configReader({}, 'orders')('REDIS_URL')).toBeUndefined();
    expect(configReader({ REDIS_URL: 'redis://127.0.0.1:6379' }, 'orders')('REDIS_URL')).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    ['SUBGRAPH_TIMEOUT_MS', '0', 'an integer from 1 to 600000'],
    ['SUBGRAPH_TIMEOUT_MS', '1.5', 'an integer from 1 to 600000'],
    ['GATEWAY_PORT', '65536', 'an integer from 0 to 65535'],
    ['SEED', 'maybe', 'true or false'],
    ['DATABASE_URL', 'mysql://db/x', 'a URL with protocol postgres: or postgresql:'],
    ['JWT_JWKS_URL', 'not a url', 'a URL (http:, https:)'],
    ['LOG_LEVEL', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
  ] as const)('refuses %s=%j with CONFIG_INVALID, saying what it expected', (name, value, expected) => {
    let thrown: unknown;
    try {
      configReader({ [name]: value }, 'stack')(name);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({
      code: 'CONFIG_INVALID',
      message: `${name}: expected ${expected}, got ${JSON.stringify(value)}`,
    });
  });

  it('reports as default what an empty environment reads', () => {
    expect(defaultOf('IMAGE_BASE_URL', 'products')).toBe('https://images.switchyard.example');
    expect(defaultOf('GRAPHQL_INTROSPECTION', 'stack')).toBe(true);
  });
});

describe('the services', () => {
  it('lists the subgraphs in the order of DEFAULT_PORTS, without the gateway', () => {
    expect(SUBGRAPH_NAMES).toEqual(['users', 'products', 'inventory', 'orders', 'reviews']);
    // The port variables come from the same table: 4000 for the gateway, 4001-4005 for the subgraphs.
    const services = Object.keys(DEFAULT_PORTS) as (keyof typeof DEFAULT_PORTS)[];
    expect(services.map((service) => configReader({}, 'stack')(portVariable(service)))).toEqual([
      4000, 4001, 4002, 4003, 4004, 4005,
    ]);
  });
});

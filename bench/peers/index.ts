// The benchmark's peer gateways, Hive Gateway and its Rust query-planner runtime. They are not
// root devDependencies (several hundred packages only the benchmark uses, which every `npm ci`
// would fetch): they have a package and a lockfile of their own here, installed on demand by
// `npm run bench:gateway` (ensure.mjs).
//
// The harness runs this file from its source (tsx) and bundled into bench/results/.build/
// (processes.ts), so a bare import here would resolve from wherever the bundle lies. The
// re-exporting .mjs files beside package.json are imported by absolute URL instead: their bare
// names resolve from bench/peers/node_modules.
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MISSING = 'the benchmark peers are not installed: run `npm ci --prefix bench/peers` (npm run bench:gateway does)';

/** bench/peers: the nearest ancestor of this module holding `peers/package.json`. */
function peersDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'peers', 'package.json'))) return join(dir, 'peers');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`bench/peers not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

async function load<T>(file: string): Promise<T> {
  try {
    return (await import(pathToFileURL(join(peersDir(), file)).href)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND')
      throw new Error(`${MISSING} (${(error as Error).message})`, { cause: error });
    throw error;
  }
}

/**
 * What serve.ts uses of the peers, typed here rather than with `typeof import(...)`: the packages
 * are installed only when the benchmark runs, and the tests type-check this file without them.
 */
export interface HiveGatewayModule {
  createGatewayRuntime(options: {
    supergraph: string;
    logging: string;
    unifiedGraphHandler?: unknown;
    propagateHeaders?: {
      fromClientToSubgraphs?: (context: { request: Request }) => Record<string, string | null>;
    };
  }): RequestListener & { dispose(): Promise<void> | void };
}

export interface HiveRouterRuntimeModule {
  unifiedGraphHandler: unknown;
}

/** `@graphql-hive/gateway`, from bench/peers. */
export const loadHiveGateway = () => load<HiveGatewayModule>('gateway.mjs');

/** `@graphql-hive/router-runtime`, from bench/peers. */
export const loadHiveRouterRuntime = () => load<HiveRouterRuntimeModule>('router-runtime.mjs');

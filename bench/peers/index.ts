// The benchmark's peer gateways, Hive Gateway and its Rust query-planner runtime. They are not
// root devDependencies (about 420 packages only the benchmark uses, which every `npm ci` would
// fetch): they have a package and a lockfile of their own here, installed on demand by
// `npm run bench:gateway` (ensure.mjs). Imported from this file, the bare names resolve from
// bench/peers/node_modules.

const MISSING = 'the benchmark peers are not installed: run `npm ci --prefix bench/peers` (npm run bench:gateway does)';

async function load<T>(module: () => Promise<T>): Promise<T> {
  try {
    return await module();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new Error(MISSING, { cause: error });
    throw error;
  }
}

/** `@graphql-hive/gateway`, from bench/peers. */
export const loadHiveGateway = () => load(() => import('@graphql-hive/gateway'));

/** `@graphql-hive/router-runtime`, from bench/peers. */
export const loadHiveRouterRuntime = () => load(() => import('@graphql-hive/router-runtime'));

// The gateway's production artifact: `dist/main.js` (tsc's output) and every package it loads,
// bundled and minified by esbuild into `dist/bundle/main.mjs` (`npm start -w @switchyard/gateway`
// runs it). ADR 0009 says why: V8 keeps the source text of every loaded script in the heap for
// the life of the process, ~11 MiB of it for the unbundled gateway, and the old generation grows
// to about four times the live heap between full collections; minified, that text is about half
// as large, and the process peaks ~20 MiB lower under load.
//
// esbuild runs as a library from here because what the bundle needs is not a flag: a `require`
// for the CommonJS packages inside an ES module, and the composed supergraph placed where the
// schema package's default path points from inside the bundle.
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist', 'bundle');

/**
 * What @apollo/gateway loads only to export usage telemetry to Apollo (utilities/opentelemetry.js:
 * a meter, cloud resource detectors that probe metadata addresses, an OTLP exporter), which
 * createGateway turns off (APOLLO_TELEMETRY_DISABLED). In the bundle they are stand-ins: reading
 * them at load time is harmless, calling them fails with a clear message. ~1 MB of source text.
 */
const TELEMETRY_ONLY =
  /^@opentelemetry\/(sdk-metrics|resources|exporter-metrics-otlp-http|resource-detector-[a-z-]+|semantic-conventions\/incubating)$/;
const TELEMETRY_IMPORTER = /@apollo[\\/]gateway[\\/]dist[\\/]utilities[\\/]opentelemetry\.js$/;
const leaveOutTelemetry = {
  name: 'leave-out-apollo-telemetry',
  setup(bundle) {
    bundle.onResolve({ filter: TELEMETRY_ONLY }, (args) =>
      TELEMETRY_IMPORTER.test(args.importer) ? { path: args.path, namespace: 'left-out' } : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      loader: 'js',
      contents: `const name = ${JSON.stringify(args.path)};
module.exports = new Proxy({}, {
  get: (_, key) => key === '__esModule' || typeof key !== 'string' ? undefined : () => {
    throw new Error(name + ' is left out of the gateway bundle: Apollo usage telemetry is disabled');
  },
});`,
    }));
  },
};

/**
 * The playground's example operations (src/playground/examples/*.graphql) are read from the source
 * tree, which the bundle runs without: here the module that reads them becomes one that returns
 * them, inlined at build time (the same name order and shape as readExampleFiles).
 */
const EXAMPLES_DIR = join(here, 'src', 'playground', 'examples');
const EXAMPLE_FILES_MODULE = /[\\/]dist[\\/]playground[\\/]exampleFiles\.js$/;
let examplesInlined = 0;
const inlineExamples = {
  name: 'inline-playground-examples',
  setup(bundle) {
    bundle.onLoad({ filter: EXAMPLE_FILES_MODULE }, () => {
      const files = readdirSync(EXAMPLES_DIR)
        .filter((name) => name.endsWith('.graphql'))
        .sort()
        .map((name) => ({ name, source: readFileSync(join(EXAMPLES_DIR, name), 'utf8') }));
      examplesInlined = files.length;
      return { loader: 'js', contents: `export function readExampleFiles() { return ${JSON.stringify(files)}; }` };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(here, 'dist', 'main.js') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // The playground (GraphiQL, ~9 MB of it) stays a chunk of its own, loaded only when enabled.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Stack traces map back with `node --enable-source-maps`; without the flag the map costs nothing.
  sourcemap: 'linked',
  legalComments: 'linked',
  // CommonJS packages (Apollo, Fastify, pino) call require() for Node's built-ins and their
  // optional dependencies (ws's bufferutil); an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  plugins: [leaveOutTelemetry, inlineExamples],
  metafile: true,
  logLevel: 'warning',
});
const leftOut = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('left-out:'));
if (leftOut.length < 7)
  throw new Error(`expected Apollo's telemetry packages to be left out; left out: ${leftOut.join(', ')}`);

if (examplesInlined === 0) throw new Error(`expected the playground's examples inlined from ${EXAMPLES_DIR}`);

// One copy of graphql (its CommonJS build, which Apollo requires), or instanceof checks between
// Apollo's schema and ours fail at run time.
const graphqlCopies = Object.keys(result.metafile.inputs).filter((input) =>
  /node_modules\/graphql\/type\/schema\.m?js$/.test(input),
);
if (graphqlCopies.length !== 1) {
  throw new Error(`the bundle must hold exactly one copy of graphql; it holds: ${graphqlCopies.join(', ')}`);
}

// @switchyard/schema finds the supergraph at `../supergraph.graphql` from its own module, which
// inside the bundle is a file of dist/bundle/: the bundle carries the supergraph composed at build
// time there. SUPERGRAPH_PATH still points the gateway at another one.
const supergraph = join(here, '..', 'schema', 'supergraph.graphql');
copyFileSync(supergraph, join(here, 'dist', 'supergraph.graphql'));

const scripts = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
const size = (outputs) => (outputs.reduce((sum, [, output]) => sum + output.bytes, 0) / 1024 / 1024).toFixed(1);
const playground = scripts.filter(([, output]) =>
  Object.keys(output.inputs).some((input) => input.includes('render-graphiql')),
);
console.log(
  `gateway bundle: dist/bundle/main.mjs, ${scripts.length} files, ${size(scripts)} MiB (${size(playground)} MiB of it the playground)`,
);

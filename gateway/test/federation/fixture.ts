import { composeServices } from '@apollo/composition';
import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger, type ServiceHandle } from '@switchyard/service';
import { createSubgraphService } from '@switchyard/service/subgraph';
import { type GraphQLTestExecutor, graphqlExecutor } from '@switchyard/testing';
import { parse } from 'graphql';
import { createGateway, type GatewayOptions } from '../../src/index.js';

/**
 * In-process federation for the gateway's feature tests: tiny subgraphs (`buildSubgraphSchema`
 * through createSubgraphService) on 127.0.0.1 port 0, composed with @apollo/composition, behind
 * our gateway. Each subgraph records the operations the gateway sends it.
 */

export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9"';

export interface TestSubgraph {
  name: string;
  /** SDL, with its own `@link` to federation v2.x. */
  typeDefs: string;
  resolvers: object;
}

export interface Federation {
  run: GraphQLTestExecutor;
  /** The operations (query text) the gateway sent to each subgraph, in order; `clear` between steps. */
  calls: Record<string, string[]>;
  supergraphSdl: string;
  gateway: ServiceHandle;
  close(): Promise<void>;
}

const logger = createLogger('test', 'silent');

/** The gateway's bearer verification is never reached in these tests: no request carries a token. */
export const TEST_AUTHENTICATION = { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'test', audience: 'test' };

/** Composes the subgraphs, failing the test with composition's first error. */
export function composeSupergraph(subgraphs: readonly Pick<TestSubgraph, 'name' | 'typeDefs'>[]): string {
  const composed = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.typeDefs), url: `http://127.0.0.1:9/${s.name}` })),
  );
  if (composed.errors) throw composed.errors[0];
  return composed.supergraphSdl;
}

/** The gateway options a test may set (limits, body limit, introspection, cost). */
export type TestGatewayOptions = Partial<Pick<GatewayOptions, 'limits' | 'bodyLimit' | 'introspection' | 'cost'>>;

/** Serves the subgraphs and a gateway over their composition; `close` stops them all. */
export async function federate(
  subgraphs: readonly TestSubgraph[],
  gateway: TestGatewayOptions = {},
): Promise<Federation> {
  const opened: ServiceHandle[] = [];
  const calls: Record<string, string[]> = {};
  const close = async () => {
    // The gateway first, so no subgraph call is in flight when the subgraphs stop.
    for (const service of opened.reverse()) await service.close();
  };
  try {
    const subgraphUrls: Record<string, string> = {};
    for (const subgraph of subgraphs) {
      const seen: string[] = [];
      calls[subgraph.name] = seen;
      const service = await createSubgraphService({
        name: subgraph.name,
        logger,
        typeDefs: parse(subgraph.typeDefs),
        resolvers: subgraph.resolvers,
        context: async () => ({}),
        routes: (app) => {
          app.addHook('preHandler', async (request) => {
            const query = (request.body as { query?: unknown } | undefined)?.query;
            if (typeof query === 'string') seen.push(query);
          });
        },
      });
      opened.push(service);
      subgraphUrls[subgraph.name] = `${await service.listen(0)}/graphql`;
    }
    const supergraphSdl = composeSupergraph(subgraphs);
    const service = await createGateway({
      logger,
      supergraphSdl,
      subgraphUrls,
      // The tests look at what introspection shows (production turns it off, the default).
      introspection: true,
      playground: false,
      authentication: TEST_AUTHENTICATION,
      internalKey: await importSigningKey(await generateSigningJwk()),
      ...gateway,
    });
    opened.push(service);
    return {
      run: graphqlExecutor(service.app),
      calls,
      supergraphSdl,
      gateway: service,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Empties every subgraph's call log (between the steps of one test). */
export function clearCalls(federation: Federation): void {
  for (const seen of Object.values(federation.calls)) seen.length = 0;
}

import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { hasCode } from '@switchyard/errors';
import { createLogger } from '@switchyard/service';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AuthorizingGateway, PlanResolutions } from '../../src/auth/authorizingGateway.js';
import { readSecurityRequirements } from '../../src/auth/requirements.js';
import { composeSupergraph, FEDERATION_LINK } from '../federation/fixture.js';

const supergraph = composeSupergraph([
  { name: 'one', typeDefs: `${FEDERATION_LINK}, import: ["@key"]) type Query { hello: String }` },
]);
const apiSchema = buildSchema('type Query { hello: String }');

/**
 * @apollo/gateway stands across the boundary here: a stand-in whose executor does what the real
 * one does around its plan (`experimental_didResolveQueryPlan` between planning and execution).
 */
function gatewayWhoseExecutor(run: (context: GatewayGraphQLRequestContext, plans: PlanResolutions) => never) {
  const plans = new PlanResolutions();
  const inner: GatewayInterface = {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema, coreSupergraphSdl: supergraph });
      return () => {};
    },
    async load() {
      const executor: GatewayExecutor = async (context) => run(context, plans);
      return { executor };
    },
    async stop() {},
  };
  const logger = createLogger('test', 'silent');
  return new AuthorizingGateway(inner, readSecurityRequirements(supergraph), { plans, logger });
}

async function execute(gateway: AuthorizingGateway): Promise<unknown> {
  const { executor } = await gateway.load({ apollo: { key: undefined, keyHash: undefined, graphRef: undefined } });
  const document = parse('{ hello }');
  const context = {
    request: { query: '{ hello }' },
    document,
    operation: getOperationAST(document),
    queryHash: 'hash',
    operationName: null,
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
  return executor?.(context).catch((error: unknown) => error);
}

describe('AuthorizingGateway around the executor', () => {
  it('answers a failure before the plan is resolved with QUERY_PLANNING_FAILED', async () => {
    const error = await execute(
      gatewayWhoseExecutor(() => {
        throw new Error('Number of non-local selections exceeds limit of 100000');
      }),
    );
    expect(hasCode(error, 'QUERY_PLANNING_FAILED')).toBe(true);
  });

  it('lets a failure after the plan was resolved through as it is (an execution failure is not the client’s)', async () => {
    const failure = new Error('executing the plan failed');
    const error = await execute(
      gatewayWhoseExecutor((requestContext, plans) => {
        plans.didResolveQueryPlan({ requestContext });
        throw failure;
      }),
    );
    expect(error).toBe(failure);
  });
});

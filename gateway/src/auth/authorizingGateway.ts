import { createHash } from 'node:crypto';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
} from '@apollo/server-gateway-interface';
import type { Viewer } from '@switchyard/auth';
import { requestError } from '@switchyard/errors';
import type { Logger } from '@switchyard/service';
import { type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, print } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { IdentityContext } from '../subgraphClient/identity.js';
import { authorizeOperation, type Denial } from './authorize.js';
import { answerDenials } from './denials.js';
import type { SecurityRequirements } from './requirements.js';

/** How many authorization decisions are remembered (least recently used dropped first). */
const MAX_DECISIONS = 2_000;

interface Decision {
  denials: Denial[];
  /** The request context fields to replace when something was denied. */
  filtered?: { document: DocumentNode; operation: OperationDefinitionNode; source: string; queryHash: string };
}

function decide(
  schema: GraphQLSchema,
  requirements: SecurityRequirements,
  requestContext: GatewayGraphQLRequestContext,
  viewer: Viewer | null,
): Decision {
  const { document, denials } = authorizeOperation(
    schema,
    requirements,
    requestContext.document,
    requestContext.operation,
    viewer,
  );
  if (denials.length === 0) return { denials };
  const source = print(document);
  return {
    denials,
    filtered: {
      document,
      operation: document.definitions[0] as OperationDefinitionNode,
      source,
      queryHash: createHash('sha256').update(source).digest('hex'),
    },
  };
}

/**
 * Which requests @apollo/gateway has planned: its executor throws planning failures (the
 * planner's selection limits among them) and execution bugs alike, and calls
 * `experimental_didResolveQueryPlan` between the two, with the request context it was given.
 * Give `didResolveQueryPlan` to the ApolloGateway's config and this object to AuthorizingGateway.
 */
export class PlanResolutions {
  readonly #planned = new WeakSet<object>();

  readonly didResolveQueryPlan = ({ requestContext }: { requestContext: object }): void => {
    this.#planned.add(requestContext);
  };

  /** True when the executor got as far as a plan for this request context. */
  planned(requestContext: object): boolean {
    return this.#planned.has(requestContext);
  }
}

/**
 * Wraps @apollo/gateway so every operation is authorized before it is planned: denied fields are
 * taken out of the document (no subgraph is asked for them), then answered with `null` and an
 * UNAUTHENTICATED or FORBIDDEN error at each place they stood. A failure before the plan is
 * resolved is the operation's, not the gateway's: QUERY_PLANNING_FAILED (HTTP 400), logged with
 * the planner's message, where Apollo would mask it as a 500. Everything else passes through.
 */
export class AuthorizingGateway implements GatewayInterface {
  #schema: GraphQLSchema | undefined;
  /**
   * Decisions by operation and what the viewer holds: a decision depends only on the document,
   * whether the viewer is signed in and their scopes, so the walk over the document runs once per
   * operation and kind of viewer, not once per request.
   */
  readonly #decisions = new LRUCache<string, Decision>({ max: MAX_DECISIONS });

  constructor(
    private readonly inner: GatewayInterface,
    private readonly requirements: SecurityRequirements,
    private readonly planning: { plans: PlanResolutions; logger: Logger },
  ) {
    inner.onSchemaLoadOrUpdate(({ apiSchema }) => {
      this.#schema = apiSchema;
    });
  }

  onSchemaLoadOrUpdate(callback: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0]) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const loaded = await this.inner.load(options);
    const executor = loaded.executor;
    if (!executor) return loaded;
    return { executor: (context) => this.#execute(context, executor) };
  }

  async #execute(requestContext: GatewayGraphQLRequestContext, executor: GatewayExecutor) {
    const schema = this.#schema;
    if (!schema) throw new Error('AuthorizingGateway: executed before load');
    const viewer = (requestContext.context as Partial<IdentityContext>).identity?.viewer ?? null;
    const key = `${requestContext.queryHash}\u0000${requestContext.operationName ?? ''}\u0000${viewer ? [...viewer.scopes].sort().join(' ') : '-'}`;
    let decision = this.#decisions.get(key);
    if (!decision) {
      decision = decide(schema, this.requirements, requestContext, viewer);
      this.#decisions.set(key, decision);
    }
    if (!decision.filtered) return this.#run(executor, requestContext);
    const { denials } = decision;
    // The planner caches plans by queryHash: the filtered document has its own.
    const filteredContext: GatewayGraphQLRequestContext = Object.assign(
      Object.create(null),
      requestContext,
      decision.filtered,
    );
    const result = await this.#run(executor, filteredContext);
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const errors = answerDenials(data, result.errors ?? [], denials);
    return { ...result, data, errors };
  }

  async #run(executor: GatewayExecutor, requestContext: GatewayGraphQLRequestContext) {
    try {
      return await executor(requestContext);
    } catch (error) {
      if (this.planning.plans.planned(requestContext)) throw error;
      this.planning.logger.warn({ err: error }, 'the query planner refused an operation');
      throw requestError('QUERY_PLANNING_FAILED', 'The gateway could not plan this operation; nothing was fetched.');
    }
  }
}

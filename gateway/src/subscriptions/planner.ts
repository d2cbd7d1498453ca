import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { type FetchNode, type PlanNode, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';

export type OperationContext = ReturnType<typeof buildOperationContext>;

/** A subscription's plan: the primary fetch (the subscription to the owning subgraph) and the rest. */
export interface SubscriptionPlan {
  primary: FetchNode;
  /** Entity fetches for fields other subgraphs own; none when the owning subgraph has them all. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
}

/** Plans kept, by document: beyond this the least recently used is dropped. */
const PLAN_CACHE_SIZE = 1_000;

/**
 * The federation query planner over the supergraph @apollo/gateway serves, for subscriptions:
 * Apollo's planner plans them (`SubscriptionNode { primary, rest }`), its executor refuses them.
 */
export class SubscriptionPlanner {
  /** The API schema clients validate against (graphql-js). */
  readonly apiSchema: GraphQLSchema;
  /** The supergraph schema the plan executor resolves entity types in. */
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchemaInternal: Schema;
  /** Subgraph name → URL, as the supergraph names them. */
  readonly subgraphUrls: ReadonlyMap<string, string>;
  readonly #planner: QueryPlanner;
  readonly #cache = new LRUCache<string, SubscriptionPlan>({ max: PLAN_CACHE_SIZE });

  constructor(supergraphSdl: string) {
    // The gateway validated this supergraph when it loaded it.
    const supergraph = Supergraph.build(supergraphSdl, { validateSupergraph: false });
    this.apiSchemaInternal = supergraph.apiSchema();
    this.apiSchema = this.apiSchemaInternal.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.subgraphUrls = new Map(supergraph.subgraphsMetadata().map((s) => [s.name, s.url]));
    this.#planner = new QueryPlanner(supergraph);
  }

  /**
   * Plans a validated subscription document. `cacheKey` identifies the document and operation
   * name (a hash of the printed document). Throws a GraphQLError when the planner refuses it.
   */
  plan(document: DocumentNode, operationName: string | undefined, cacheKey: string): SubscriptionPlan {
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchemaInternal, document, {
      ...(operationName ? { operationName } : {}),
    });
    const queryPlan = this.#planner.buildQueryPlan(operation);
    const node = queryPlan.node;
    if (node?.kind !== 'Subscription') {
      throw new Error(`expected a Subscription plan node, the planner gave ${node?.kind ?? 'none'}`);
    }
    const plan: SubscriptionPlan = {
      primary: node.primary,
      rest: node.rest,
      operationContext: buildOperationContext({
        schema: this.apiSchema,
        operationDocument: document,
        ...(operationName ? { operationName } : {}),
      }),
    };
    this.#cache.set(cacheKey, plan);
    return plan;
  }
}

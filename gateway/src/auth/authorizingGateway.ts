import { createHash } from 'node:crypto';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
} from '@apollo/server-gateway-interface';
import type { Viewer } from '@switchyard/auth';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, print } from 'graphql';
import { authorizeOperation, type Denial, PLACEHOLDER_KEY } from './authorize.js';
import type { IdentityContext } from './forwardIdentity.js';
import type { SecurityRequirements } from './requirements.js';

const MESSAGES = {
  UNAUTHENTICATED: (d: Denial) => `Sign in to see ${d.coordinate}`,
  FORBIDDEN: (d: Denial) =>
    `Your account may not see ${d.coordinate}: it needs the scope ${(d.requiredScopes ?? [])
      .map((group) => group.map((set) => set.join(' and ')).join(' or '))
      .join(', and ')}`,
};

/** How many authorization decisions are remembered (oldest dropped first). */
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

/** Removes the placeholder fields that kept emptied selections valid. */
function stripPlaceholders(data: unknown): void {
  if (Array.isArray(data)) {
    for (const item of data) stripPlaceholders(item);
  } else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    delete record[PLACEHOLDER_KEY];
    for (const value of Object.values(record)) stripPlaceholders(value);
  }
}

/** Sets `null` where a denied field would have stood, in every object the path reaches. */
function nullOut(
  data: unknown,
  path: readonly string[],
  concrete: (string | number)[],
  hits: (string | number)[][],
): void {
  if (data === null || data === undefined) return;
  if (Array.isArray(data)) {
    for (const [index, item] of data.entries()) nullOut(item, path, [...concrete, index], hits);
    return;
  }
  if (typeof data !== 'object') return;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const record = data as Record<string, unknown>;
  if (rest.length === 0) {
    record[head] = null;
    hits.push([...concrete, head]);
    return;
  }
  nullOut(record[head], rest, [...concrete, head], hits);
}

/** The error that answers `denial` at `path`. */
export function denialError(denial: Denial, path: readonly (string | number)[] = denial.path): GraphQLError {
  return new GraphQLError(MESSAGES[denial.code](denial), { path, extensions: { code: denial.code } });
}

/**
 * Answers denials in a result executed without the denied fields: removes the placeholders,
 * sets `null` where each denied field would have stood, and returns the errors with one per place
 * (HTTP responses and subscription events alike). Mutates `data`.
 */
export function answerDenials(
  data: Record<string, unknown> | null,
  errors: readonly GraphQLError[],
  denials: readonly Denial[],
): GraphQLError[] {
  stripPlaceholders(data);
  const answered = [...errors];
  for (const denial of denials) {
    const hits: (string | number)[][] = [];
    nullOut(data, denial.path, [], hits);
    // Under a parent that came back null there is nothing to deny; with no data at all, say it anyway.
    for (const path of hits.length > 0 ? hits : data === null ? [denial.path] : []) {
      answered.push(denialError(denial, path));
    }
  }
  return answered;
}

/**
 * Wraps @apollo/gateway so every operation is authorized before it is planned: denied fields are
 * taken out of the document (no subgraph is asked for them), then answered with `null` and an
 * UNAUTHENTICATED or FORBIDDEN error at each place they stood. Everything else passes through.
 */
export class AuthorizingGateway implements GatewayInterface {
  #schema: GraphQLSchema | undefined;
  /**
   * Decisions by operation and what the viewer holds: a decision depends only on the document,
   * whether the viewer is signed in and their scopes, so the walk over the document runs once per
   * operation and kind of viewer, not once per request.
   */
  readonly #decisions = new Map<string, Decision>();

  constructor(
    private readonly inner: GatewayInterface,
    private readonly requirements: SecurityRequirements,
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
      if (this.#decisions.size >= MAX_DECISIONS) this.#decisions.delete(this.#decisions.keys().next().value as string);
      this.#decisions.set(key, decision);
    }
    if (!decision.filtered) return executor(requestContext);
    const { denials } = decision;
    // The planner caches plans by queryHash: the filtered document has its own.
    const filteredContext: GatewayGraphQLRequestContext = Object.assign(
      Object.create(null),
      requestContext,
      decision.filtered,
    );
    const result = await executor(filteredContext);
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const errors = answerDenials(data, result.errors ?? [], denials);
    return { ...result, data, errors };
  }
}

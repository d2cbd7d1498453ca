import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { requestError } from '@switchyard/errors';
import type { GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import {
  checkOperationLimits,
  type LimitSchema,
  type LimitViolation,
  type ResolvedOperationLimits,
} from '../limits/operationLimits.js';
import { countTokens, tokenLimitExceeded } from '../limits/tokenLimit.js';

export interface OperationLimitsPluginOptions {
  limits: ResolvedOperationLimits;
  /** `@listSize` by `Type.field`, for the list size limit (the schema is the request's). */
  listSizes: LimitSchema['listSizes'];
}

/** Apollo Server's code for a document that does not parse, the token limit's included. */
const PARSE_FAILED = 'GRAPHQL_PARSE_FAILED';

/** The client's view of the token limit's error (formatted, as `willSendResponse` holds them). */
function tokenLimitError(max: number): GraphQLFormattedError {
  const { message, extensions } = tokenLimitExceeded(max);
  const { http: _http, ...visible } = extensions;
  return { message, extensions: visible };
}

/**
 * Applies the static operation limits (limits/operationLimits.ts) to every operation, after
 * validation and before the gateway plans it: an operation over a limit is refused with the
 * limit's code, `max` and `received`, and reaches no subgraph. The token limit itself is
 * graphql-js's `maxTokens`, given to Apollo Server as `parseOptions` (`apolloParseOptions`);
 * Apollo answers it as any syntax error, GRAPHQL_PARSE_FAILED with HTTP 400, and this plugin
 * renames it TOKEN_LIMIT_EXCEEDED. Register it before mediaTypeStatusPlugin, which reads the
 * first error's code.
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  options: OperationLimitsPluginOptions,
): ApolloServerPlugin<TContext> {
  const { limits, listSizes } = options;
  /** Verdicts on variable-free operations, by their parsed operation (null: within the limits). */
  const checked = new WeakMap<OperationDefinitionNode, LimitViolation | null>();
  // No await before the rewrite: Apollo calls every plugin's hook in turn (a map into
  // Promise.all), so the errors are renamed before mediaTypeStatusPlugin's hook reads them.
  const willSendResponse = async ({ source, response }: GraphQLRequestContextWillSendResponse<TContext>) => {
    if (response.body.kind !== 'single' || source === undefined) return;
    const { singleResult } = response.body;
    if (singleResult.errors?.[0]?.extensions?.code !== PARSE_FAILED) return;
    // The parser's message is the only other sign; counting again (at most maxTokens + 1) is exact.
    if (countTokens(source, limits.maxTokens) > limits.maxTokens) {
      singleResult.errors = [tokenLimitError(limits.maxTokens)];
    }
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          // Without variables the answer depends on the document alone, which Apollo's document
          // store hands to every request of the same operation: checked once (0.8% of the
          // gateway's CPU on the shop page, measured, when checked per request).
          const reusable = Object.keys(variables).length === 0;
          let violation = reusable ? checked.get(operation) : undefined;
          if (violation === undefined) {
            violation = checkOperationLimits({ schema, listSizes }, limits, document, operation, variables) ?? null;
            if (reusable) checked.set(operation, violation);
          }
          if (violation) throw requestError(violation.code, violation.message, violation.details);
        },
        willSendResponse,
      };
    },
  };
}

/** Apollo Server's `parseOptions` for the token limit. */
export function apolloParseOptions(limits: ResolvedOperationLimits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

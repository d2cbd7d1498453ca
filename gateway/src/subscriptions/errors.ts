import { appError } from '@switchyard/errors';
import { GraphQLError } from 'graphql';

/**
 * Codes of the subscription endpoint's own errors, beside the registry's (`@switchyard/errors`:
 * UNAUTHENTICATED, FORBIDDEN, SUBGRAPH_UNAVAILABLE) and Apollo's (GRAPHQL_PARSE_FAILED,
 * GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, BAD_REQUEST), which it also answers with.
 */
export const SUBSCRIPTION_ERROR_CODES = {
  /** The connection holds `maxSubscriptionsPerConnection` subscriptions already. */
  SUBSCRIPTION_LIMIT_EXCEEDED: 'SUBSCRIPTION_LIMIT_EXCEEDED',
  /** Events came faster than the gateway could resolve them; resubscribe (with `afterVersion` where offered). */
  SUBSCRIPTION_BACKLOG_EXCEEDED: 'SUBSCRIPTION_BACKLOG_EXCEEDED',
} as const;

export function subscriptionLimitExceeded(max: number): GraphQLError {
  return appError(
    'SUBSCRIPTION_LIMIT_EXCEEDED',
    `A connection may hold at most ${max} subscriptions; complete one before starting another`,
    { max },
  );
}

export function backlogExceeded(max: number): GraphQLError {
  return appError(
    'SUBSCRIPTION_BACKLOG_EXCEEDED',
    `More than ${max} events were waiting to be resolved; the subscription was ended`,
    { max },
  );
}

export function onlySubscriptions(operation: string): GraphQLError {
  return new GraphQLError(
    `Only subscriptions are served over WebSocket, and this is a ${operation}; send it with POST /graphql`,
    { extensions: { code: 'BAD_REQUEST' } },
  );
}

export function subgraphUnavailable(serviceName: string, attempts: number): GraphQLError {
  return new GraphQLError(`Subgraph "${serviceName}" could not be subscribed to (${attempts} attempts)`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName, reason: 'unreachable' },
  });
}

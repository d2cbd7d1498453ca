import { appError } from '@switchyard/errors';
import type { GraphQLError } from 'graphql';

// The subscription endpoint's own errors; every code is in the registry (`@switchyard/errors`).

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

export function subgraphUnavailable(serviceName: string, attempts: number): GraphQLError {
  return appError(
    'SUBGRAPH_UNAVAILABLE',
    `Subgraph "${serviceName}" could not be subscribed to (${attempts} attempts)`,
    { serviceName, reason: 'unreachable' },
  );
}

export function unknownOperation(): GraphQLError {
  return appError('BAD_REQUEST', 'The document has no operation of that name, or several and no name was given');
}

export function internalError(): GraphQLError {
  return appError('INTERNAL_SERVER_ERROR', 'Internal server error');
}

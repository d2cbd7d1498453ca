import type { ApolloServer } from '@apollo/server';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';
import type { IdentityContext } from '../subgraphClient/identity.js';
import { internalError } from './errors.js';

/** What serving queries and mutations over graphql-ws needs of the gateway's Apollo Server. */
export type OperationServer = Pick<ApolloServer<IdentityContext>, 'executeOperation'>;

/** A query or mutation from a subscribe message, ready to run. */
export interface PreparedOperation {
  kind: 'operation';
  /** The parsed message (graphql-ws reads its operation type); Apollo Server parses `request.query` itself. */
  document: DocumentNode;
  request: { query: string; variables?: Record<string, unknown>; operationName?: string };
  context: IdentityContext;
}

/**
 * Runs a query or mutation sent over graphql-ws through the gateway's own Apollo Server, so it is
 * validated, authorized, limited and formatted exactly as `POST /graphql` would be, with the
 * connection's identity in place of the request's. The result is already formatted (its errors
 * are plain objects): graphql-ws sends it as one `next`, then `complete`.
 */
export async function runOperation(
  apollo: OperationServer,
  prepared: PreparedOperation,
): Promise<FormattedExecutionResult> {
  const response = await apollo.executeOperation(prepared.request, { contextValue: prepared.context });
  if (response.body.kind === 'single') return response.body.singleResult;
  // Incremental delivery (@defer) needs graphql 17; with 16 Apollo never answers so.
  return { errors: [internalError().toJSON()] };
}

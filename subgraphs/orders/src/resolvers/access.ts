import { canActFor, hasScopes, type Viewer } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import type { GraphQLError } from 'graphql';
import { isOrderError, OrderDomainError } from '../domain/errors.js';
import type { OrderState } from '../domain/order.js';

/** The scope of admin-only order changes (shipOrder, deliverOrder). */
export const ORDERS_WRITE_ANY = 'orders:write:any';

/** The signed-in viewer. @throws UNAUTHENTICATED (the gateway enforces it too; the subgraph is reachable). */
export function requireViewer(viewer: Viewer | null, field: string): Viewer {
  if (!viewer) throw appError('UNAUTHENTICATED', `Sign in to use ${field}`);
  return viewer;
}

/** The id of an order as the graph gave it; a malformed id is an order that does not exist. */
export function orderIdOf(id: string): number {
  const key = parseId(id);
  if (key === null) throw notFound(id);
  return key;
}

export function notFound(id: string | number): OrderDomainError {
  return new OrderDomainError('ORDER_NOT_FOUND', `No order with id ${id}`);
}

/** A check for loaded states: another customer's order answers exactly like a missing one. */
export function ownedBy(viewer: Viewer) {
  return (state: OrderState) => {
    if (!canActFor(viewer, state.customerId)) throw notFound(state.id);
  };
}

/** @throws FORBIDDEN without the admin write scope (the gateway enforces @requiresScopes too). */
export function requireAdmin(viewer: Viewer, field: string): void {
  if (!hasScopes(viewer, [ORDERS_WRITE_ANY])) {
    throw appError('FORBIDDEN', `${field} needs the ${ORDERS_WRITE_ANY} scope`, { scope: ORDERS_WRITE_ANY });
  }
}

/** Domain errors become GraphQL errors with the same registered code; anything else is unexpected. */
export function toGraphQLError(error: unknown): GraphQLError | unknown {
  if (isOrderError(error)) return appError(error.code, error.message, error.details);
  return error;
}

/** Runs a resolver body, turning domain errors into coded GraphQL errors. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGraphQLError(error);
  }
}

import { DomainError, type ErrorCode } from '@switchyard/errors';

/** The registered codes the orders domain raises (a subset of `@switchyard/errors`' registry). */
export type OrderErrorCode = Extract<
  ErrorCode,
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ITEM_NOT_FOUND'
  | 'ORDER_TOO_MANY_ITEMS'
  | 'ORDER_INVALID_QUANTITY'
  | 'ORDER_EMPTY'
  | 'ORDER_NOT_PENDING'
  | 'ORDER_INVALID_TRANSITION'
  | 'ORDER_CONCURRENT_MODIFICATION'
  | 'PRODUCT_NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'PAYMENT_DECLINED'
  | 'PAYMENT_TIMEOUT'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INVALID_ARGUMENT'
>;

/** Machine-readable facts beside the code (`max`, `received`, `status`, ...). */
export type OrderErrorDetails = Record<string, string | number | boolean | null>;

/**
 * A refused command or a failed saga step, with a stable code from the registry. Pure domain code
 * throws it; the resolvers turn it into a GraphQL error with the same code (`toGraphQLError`).
 */
export class OrderDomainError extends DomainError<OrderErrorCode, OrderErrorDetails> {
  override readonly name = 'OrderDomainError';
}

/** True when `error` is an OrderDomainError, with the given code when one is named. */
export function isOrderError(error: unknown, code?: OrderErrorCode): error is OrderDomainError {
  return error instanceof OrderDomainError && (code === undefined || error.code === code);
}

import { DomainError } from '@switchyard/errors';

/**
 * The codes of inventory's domain errors. These are raised by the repository's stock writes for
 * the services that call them (the order saga), not for GraphQL clients, so they are not part of
 * `@switchyard/errors`' registry; a caller that surfaces one to a client maps it there.
 */
export const INVENTORY_ERROR_CODES = {
  /** Taking away or reserving more units than are available (quantity - reserved). */
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  /** Releasing more units than are reserved. */
  INSUFFICIENT_RESERVED: 'INSUFFICIENT_RESERVED',
  /** Reserving for an order whose reservation was released already (a late, retried reserve). */
  RESERVATION_RELEASED: 'RESERVATION_RELEASED',
  /** A warehouse id that does not exist. */
  UNKNOWN_WAREHOUSE: 'UNKNOWN_WAREHOUSE',
  /**
   * An id that cannot be one (0, -1, 1.5), a quantity or delta that is not a usable integer, or a
   * change whose result would not fit the column (above 2^31 - 1).
   */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

export type InventoryErrorCode = keyof typeof INVENTORY_ERROR_CODES;

/** Machine-readable facts beside the code (`productId`, `available`, `requested`, ...). */
export type InventoryErrorDetails = Record<string, number | string>;

/** A refused stock change; nothing of the operation was applied. */
export class InventoryError extends DomainError<InventoryErrorCode, InventoryErrorDetails> {
  override readonly name = 'InventoryError';
}

/** True when `error` is an InventoryError with the given code. */
export function isInventoryError(error: unknown, code?: InventoryErrorCode): error is InventoryError {
  return error instanceof InventoryError && (code === undefined || error.code === code);
}

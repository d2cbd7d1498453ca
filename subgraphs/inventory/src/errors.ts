import { DomainError, type ErrorCode } from '@switchyard/errors';

/**
 * The registered codes inventory's stock writes raise (a subset of `@switchyard/errors`' registry),
 * for the services that call them (the order saga, the internal commands):
 * - INSUFFICIENT_STOCK: taking away or reserving more units than are available (quantity - reserved);
 * - RESERVATION_RELEASED: reserving for an order whose reservation was released already (a late retry);
 * - UNKNOWN_WAREHOUSE: a warehouse id that does not exist;
 * - INVALID_ARGUMENT: an id that cannot be one (0, -1, 1.5), a quantity or delta that is not a
 *   usable integer, or a change whose result would not fit the column (above 2^31 - 1).
 */
export type InventoryErrorCode = Extract<
  ErrorCode,
  'INSUFFICIENT_STOCK' | 'RESERVATION_RELEASED' | 'UNKNOWN_WAREHOUSE' | 'INVALID_ARGUMENT'
>;

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

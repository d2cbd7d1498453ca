import { OrderDomainError } from '../domain/errors.js';

/** Units of one product an order needs; inventory picks the warehouses. */
export interface ReservationLine {
  productId: number;
  quantity: number;
}

/** Inventory's commands as the saga uses them; both idempotent by order id. */
export interface InventoryClient {
  /**
   * Holds stock for every line of an order, all or nothing. Repeating it for the same order
   * returns the first reservation and holds nothing more.
   * @throws OrderDomainError INSUFFICIENT_STOCK, or DEPENDENCY_UNAVAILABLE when inventory cannot
   *   be reached or refuses for another reason.
   */
  reserve(orderId: number, lines: readonly ReservationLine[], signal: AbortSignal): Promise<void>;
  /** Gives an order's reserved stock back; a no-op when nothing is reserved. */
  release(orderId: number, signal: AbortSignal): Promise<void>;
}

/** Paths of inventory's internal commands (inventory: src/internal/routes.ts). */
export const RESERVATIONS_PATH = '/internal/reservations';
export const RELEASE_PATH = '/internal/reservations/release';

export interface HttpInventoryClientOptions {
  /** The inventory service's base URL (http://127.0.0.1:4003), without /graphql. */
  baseUrl: string;
  /** A fresh service token for each call (`createServiceTokenSigner`). */
  token: () => Promise<string>;
}

/** Inventory's internal commands over HTTP, authenticated by the orders service token. */
export function createHttpInventoryClient(options: HttpInventoryClientOptions): InventoryClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  async function post(path: string, body: unknown, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw new OrderDomainError('DEPENDENCY_UNAVAILABLE', `inventory could not be reached: ${errorText(error)}`, {
        service: 'inventory',
      });
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const problem = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    if (problem.code === 'INSUFFICIENT_STOCK') {
      throw new OrderDomainError('INSUFFICIENT_STOCK', problem.message ?? 'insufficient stock');
    }
    throw new OrderDomainError(
      'DEPENDENCY_UNAVAILABLE',
      `inventory answered ${response.status} ${problem.code ?? ''}: ${problem.message ?? ''}`.trim(),
      { service: 'inventory', status: response.status },
    );
  }
  return {
    reserve: (orderId, lines, signal) => post(RESERVATIONS_PATH, { orderId, lines }, signal),
    release: (orderId, signal) => post(RELEASE_PATH, { orderId }, signal),
  };
}

/** Used when no inventory is configured: every reservation fails, so placed orders are cancelled. */
export const UNCONFIGURED_INVENTORY: InventoryClient = {
  async reserve() {
    throw new OrderDomainError('DEPENDENCY_UNAVAILABLE', 'no inventory service is configured (INVENTORY_URL)', {
      service: 'inventory',
    });
  },
  async release() {},
};

function errorText(error: unknown): string {
  return error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
}

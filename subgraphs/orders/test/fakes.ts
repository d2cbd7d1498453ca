import type { ProductPriceLookup } from '../src/catalog/priceLookup.js';
import { OrderDomainError } from '../src/domain/errors.js';
import type { InventoryClient, ReservationLine } from '../src/inventory/client.js';

/**
 * Inventory across the service boundary, in memory with the real service's contract (its own
 * tests cover the HTTP side): all-or-nothing, idempotent by order id, release a no-op when
 * nothing is held, a late reserve after a release refused.
 */
export class FakeInventory implements InventoryClient {
  readonly available = new Map<number, number>();
  readonly held = new Map<number, ReservationLine[] | 'released'>();
  calls: string[] = [];
  /** Makes the next reserve call hang until aborted (a process that dies mid-saga). */
  hangNextReserve = false;

  stock(productId: number, units: number): void {
    this.available.set(productId, units);
  }

  async reserve(orderId: number, lines: readonly ReservationLine[], signal: AbortSignal): Promise<void> {
    this.calls.push(`reserve ${orderId}`);
    if (this.hangNextReserve) {
      this.hangNextReserve = false;
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    const existing = this.held.get(orderId);
    if (existing === 'released') throw new OrderDomainError('DEPENDENCY_UNAVAILABLE', 'reservation released');
    if (existing) return;
    for (const line of lines) {
      const left = this.available.get(line.productId) ?? 0;
      if (left < line.quantity) {
        throw new OrderDomainError(
          'INSUFFICIENT_STOCK',
          `product ${line.productId}: ${line.quantity} units requested, ${left} available`,
        );
      }
    }
    for (const line of lines)
      this.available.set(line.productId, (this.available.get(line.productId) ?? 0) - line.quantity);
    this.held.set(orderId, [...lines]);
  }

  async release(orderId: number): Promise<void> {
    this.calls.push(`release ${orderId}`);
    const existing = this.held.get(orderId);
    this.held.set(orderId, 'released');
    if (!existing || existing === 'released') return;
    for (const line of existing)
      this.available.set(line.productId, (this.available.get(line.productId) ?? 0) + line.quantity);
  }
}

/** The catalog: product id × 100 + 99 minor units in any currency; ids above 10,000 do not exist. */
export const fakePrices: ProductPriceLookup = {
  async unitPriceMinor(productId) {
    return productId > 10_000 ? null : productId * 100 + 99;
  },
};

import { describe, expect, it } from 'vitest';
import { isOrderError } from '../src/domain/errors.js';
import {
  addItem,
  cancel,
  createOrder,
  type DomainEvent,
  deliver,
  MAX_ORDER_ITEMS,
  markPaid,
  type OrderState,
  place,
  type RecordedEvent,
  removeItem,
  replay,
  ship,
} from '../src/domain/order.js';

/** Records domain events as the store would, from version `from + 1`. */
function record(events: DomainEvent[], from = 0, orderId = 7): RecordedEvent[] {
  return events.map((event, index) => ({
    ...event,
    eventId: `e${from + index + 1}`,
    orderId,
    version: from + index + 1,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, from + index)),
    correlationId: 'c',
    causationId: null,
    metadata: { userId: 2, source: 'graphql' },
  })) as RecordedEvent[];
}

/** Applies each command's events in turn, as the command handler does. */
function run(...commands: ((state: OrderState) => DomainEvent[])[]): { state: OrderState; events: RecordedEvent[] } {
  const events = record(createOrder({ customerId: 2, currency: 'EUR' }));
  let state = replay(events) as OrderState;
  for (const command of commands) {
    const next = record(command(state), state.version);
    events.push(...next);
    state = replay(events) as OrderState;
  }
  return { state, events };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isOrderError(error)) return error.code;
    throw error;
  }
  return undefined;
}

const item =
  (productId: number, quantity = 1, unitPriceMinor = 100) =>
  (state: OrderState) =>
    addItem(state, { productId, quantity, unitPriceMinor });

describe('Order aggregate', () => {
  it('folds its events into its state: lines merge per product at the first price, removal drops a line', () => {
    const { state } = run(item(1, 2, 500), item(2, 1, 300), item(1, 3, 999), (s) => removeItem(s, 2));
    expect(state).toMatchObject({ id: 7, customerId: 2, currency: 'EUR', status: 'PENDING', version: 5 });
    // Product 1: 2 + 3 = 5 units at the first price, 500; product 2 removed.
    expect(state.lines).toEqual([{ productId: 1, quantity: 5, unitPriceMinor: 500 }]);
  });

  it('walks PENDING → PLACED → PAID → SHIPPED → DELIVERED', () => {
    const { state, events } = run(
      item(1),
      (s) => place(s, { cardLast4: '4242' }),
      (s) => markPaid(s, { paymentId: 'p', amountMinor: 100 }),
      ship,
      deliver,
    );
    expect(state.status).toBe('DELIVERED');
    expect(state.cardLast4).toBe('4242');
    expect(events.map((e) => e.type)).toEqual([
      'order.created',
      'order.item_added',
      'order.placed',
      'order.paid',
      'order.shipped',
      'order.delivered',
    ]);
    // Replaying a prefix is the order as of that version.
    expect(replay(events.slice(0, 3))?.status).toBe('PLACED');
  });

  it('holds at most 50 items and only positive quantities', () => {
    const fifty = Array.from({ length: MAX_ORDER_ITEMS }, (_, i) => item(i + 1));
    const { state } = run(...fifty);
    expect(state.lines).toHaveLength(50);
    expect(codeOf(() => addItem(state, { productId: 51, quantity: 1, unitPriceMinor: 1 }))).toBe(
      'ORDER_TOO_MANY_ITEMS',
    );
    // More of a product already in the order is no new item.
    expect(codeOf(() => addItem(state, { productId: 1, quantity: 1, unitPriceMinor: 1 }))).toBeUndefined();
    for (const quantity of [0, -1, 1.5, 1001]) {
      expect(
        codeOf(() => addItem(state, { productId: 1, quantity, unitPriceMinor: 1 })),
        String(quantity),
      ).toBe('ORDER_INVALID_QUANTITY');
    }
    // 1 in the line + 1000 more is above the 1000 per line.
    expect(codeOf(() => addItem(state, { productId: 1, quantity: 1000, unitPriceMinor: 1 }))).toBe(
      'ORDER_INVALID_QUANTITY',
    );
  });

  it('places only a pending, non-empty order', () => {
    const empty = run().state;
    expect(codeOf(() => place(empty, { cardLast4: null }))).toBe('ORDER_EMPTY');
    const placed = run(item(1), (s) => place(s, { cardLast4: null })).state;
    expect(codeOf(() => place(placed, { cardLast4: null }))).toBe('ORDER_NOT_PENDING');
    expect(codeOf(() => addItem(placed, { productId: 2, quantity: 1, unitPriceMinor: 1 }))).toBe('ORDER_NOT_PENDING');
    expect(codeOf(() => removeItem(placed, 1))).toBe('ORDER_NOT_PENDING');
    expect(codeOf(() => removeItem(run(item(1)).state, 2))).toBe('ORDER_ITEM_NOT_FOUND');
  });

  it('refuses transitions out of order with ORDER_INVALID_TRANSITION', () => {
    const pending = run(item(1)).state;
    expect(codeOf(() => ship(pending))).toBe('ORDER_INVALID_TRANSITION');
    expect(codeOf(() => deliver(pending))).toBe('ORDER_INVALID_TRANSITION');
    expect(codeOf(() => markPaid(pending, { paymentId: 'p', amountMinor: 1 }))).toBe('ORDER_INVALID_TRANSITION');
    const paid = run(
      item(1),
      (s) => place(s, { cardLast4: null }),
      (s) => markPaid(s, { paymentId: 'p', amountMinor: 100 }),
    ).state;
    expect(codeOf(() => deliver(paid))).toBe('ORDER_INVALID_TRANSITION');
    expect(codeOf(() => cancel(paid, { reason: 'no' }))).toBe('ORDER_INVALID_TRANSITION');
  });

  it('is cancelled by its customer while pending, and once placed only by the saga', () => {
    const cancelled = run(item(1), (s) => cancel(s, { reason: 'changed my mind' })).state;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'changed my mind' });
    expect(codeOf(() => cancel(cancelled, { reason: 'again' }))).toBe('ORDER_INVALID_TRANSITION');
    const placed = run(item(1), (s) => place(s, { cardLast4: null })).state;
    expect(codeOf(() => cancel(placed, { reason: 'stop' }))).toBe('ORDER_INVALID_TRANSITION');
    const bySaga = record(
      cancel(placed, { reason: 'declined', code: 'PAYMENT_DECLINED', bySaga: true }),
      placed.version,
    );
    expect(bySaga[0]?.payload).toEqual({ reason: 'declined', code: 'PAYMENT_DECLINED' });
    expect(codeOf(() => cancel(run().state, { reason: '  ' }))).toBe('INVALID_ARGUMENT');
  });

  it('refuses a stream that skips a version or starts with anything but creation', () => {
    const events = record([...createOrder({ customerId: 2, currency: 'USD' })]);
    const skipped = record([{ type: 'order.shipped', payload: {} }], 1).map((e) => ({ ...e, version: 3 }));
    expect(() => replay([...events, ...skipped])).toThrow(/version 3 follows 1/);
    expect(() => replay(record([{ type: 'order.shipped', payload: {} }]))).toThrow(/expected order.created/);
  });
});

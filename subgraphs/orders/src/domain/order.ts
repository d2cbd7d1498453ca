/**
 * The Order aggregate (docs/adr/0007-orders-event-sourcing-and-saga.md; the aggregate pattern): its state is the
 * fold of its events, and every command either returns the events it causes or throws an
 * OrderDomainError with a stable code. Pure: no I/O, no clock (times come with the events).
 */
import { OrderDomainError } from './errors.js';

/** Where an order is in its life (the CHECK constraint on orders.purchase_order.status). */
export type OrderStatus = 'PENDING' | 'PLACED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

/** The currencies an order can be in (the SDL's CurrencyCode). */
export type CurrencyCode = 'USD' | 'EUR' | 'GBP';

/** At most this many lines (distinct products) per order: the brief's invariant. */
export const MAX_ORDER_ITEMS = 50;
/** At most this many units of one product per order. */
export const MAX_LINE_QUANTITY = 1000;

/** The events of an order, by their stored `type`, with their payloads. */
export interface OrderEventPayloads {
  'order.created': { customerId: number; currency: CurrencyCode };
  'order.item_added': { productId: number; quantity: number; unitPriceMinor: number };
  'order.item_removed': { productId: number };
  'order.placed': { cardLast4: string | null; totalMinor: number };
  'order.paid': { paymentId: string; amountMinor: number };
  'order.cancelled': { reason: string; code: string | null };
  'order.shipped': Record<string, never>;
  'order.delivered': Record<string, never>;
}

export type OrderEventType = keyof OrderEventPayloads;

/** One event as a command decides it: a type and its payload. */
export type DomainEvent = {
  [K in OrderEventType]: { type: K; payload: OrderEventPayloads[K] };
}[OrderEventType];

/** An event as the store keeps it: the domain event with its place in the stream and its metadata. */
export type RecordedEvent = DomainEvent & {
  eventId: string;
  orderId: number;
  /** 1 for the order's first event, then +1 per event. */
  version: number;
  occurredAt: Date;
  correlationId: string;
  causationId: string | null;
  metadata: EventMetadata;
};

/** Who and what caused an event (the brief's event schema `metadata`). */
export interface EventMetadata {
  /** The signed-in user who caused it; null for the system (the saga, the seed). */
  userId: number | null;
  /** What caused it: a GraphQL mutation, the placement saga, the seed. */
  source: 'graphql' | 'saga' | 'seed';
}

/** The status each status-changing event moves an order to. */
export const STATUS_AFTER: Partial<Record<OrderEventType, OrderStatus>> = {
  'order.created': 'PENDING',
  'order.placed': 'PLACED',
  'order.paid': 'PAID',
  'order.cancelled': 'CANCELLED',
  'order.shipped': 'SHIPPED',
  'order.delivered': 'DELIVERED',
};

/** Statuses after which nothing changes any more. */
export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['DELIVERED', 'CANCELLED']);

/** True when the event changes the order's status (what subscribers are told about). */
export function isStatusChange(type: OrderEventType): boolean {
  return STATUS_AFTER[type] !== undefined;
}

/** One line of an order: a product, how many, at the price when it was first added. */
export interface OrderLine {
  productId: number;
  quantity: number;
  unitPriceMinor: number;
}

/** An order's state at some version. */
export interface OrderState {
  id: number;
  customerId: number;
  currency: CurrencyCode;
  status: OrderStatus;
  /** In the order they were added. */
  lines: OrderLine[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Why it was cancelled, when it was. */
  cancellationReason: string | null;
  /** The registered error code behind a cancellation by the saga (PAYMENT_DECLINED, ...). */
  cancellationCode: string | null;
  /** The last four digits of the card it was placed with; never more of the card. */
  cardLast4: string | null;
}

/** The sum of the lines in minor units. */
export function totalMinor(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
}

/** The state after `event`; `state` is null before the first event. */
export function evolve(state: OrderState | null, event: RecordedEvent): OrderState {
  if (state === null) {
    if (event.type !== 'order.created') {
      throw new Error(`order ${event.orderId}: its first event is ${event.type}, expected order.created`);
    }
    return {
      id: event.orderId,
      customerId: event.payload.customerId,
      currency: event.payload.currency,
      status: 'PENDING',
      lines: [],
      version: event.version,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      cancellationReason: null,
      cancellationCode: null,
      cardLast4: null,
    };
  }
  if (event.version !== state.version + 1) {
    throw new Error(`order ${state.id}: event version ${event.version} follows ${state.version}`);
  }
  const next: OrderState = { ...state, version: event.version, updatedAt: event.occurredAt };
  switch (event.type) {
    case 'order.created':
      throw new Error(`order ${state.id}: created twice (version ${event.version})`);
    case 'order.item_added': {
      const { productId, quantity, unitPriceMinor } = event.payload;
      const existing = state.lines.find((line) => line.productId === productId);
      next.lines = existing
        ? state.lines.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line))
        : [...state.lines, { productId, quantity, unitPriceMinor }];
      return next;
    }
    case 'order.item_removed':
      next.lines = state.lines.filter((line) => line.productId !== event.payload.productId);
      return next;
    case 'order.placed':
      next.status = 'PLACED';
      next.cardLast4 = event.payload.cardLast4;
      return next;
    case 'order.paid':
      next.status = 'PAID';
      return next;
    case 'order.cancelled':
      next.status = 'CANCELLED';
      next.cancellationReason = event.payload.reason;
      next.cancellationCode = event.payload.code;
      return next;
    case 'order.shipped':
      next.status = 'SHIPPED';
      return next;
    case 'order.delivered':
      next.status = 'DELIVERED';
      return next;
    default:
      return assertNever(event);
  }
}

/** The state after all `events` (in version order), or null when there are none. */
export function replay(events: readonly RecordedEvent[]): OrderState | null {
  let state: OrderState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}

function assertNever(value: never): never {
  throw new Error(`unexpected event ${JSON.stringify(value)}`);
}

function requirePending(state: OrderState, action: string): void {
  if (state.status !== 'PENDING') {
    throw new OrderDomainError(
      'ORDER_NOT_PENDING',
      `Only a PENDING order can be ${action}; order ${state.id} is ${state.status}`,
      { status: state.status },
    );
  }
}

function requireStatus(state: OrderState, expected: OrderStatus, target: OrderStatus): void {
  if (state.status !== expected) {
    throw new OrderDomainError(
      'ORDER_INVALID_TRANSITION',
      `Order ${state.id} cannot become ${target}: expected status ${expected}, it is ${state.status}`,
      { status: state.status, expected, target },
    );
  }
}

// Commands. Each takes the current state and returns the events it causes, or throws.

/** A new, empty order of `customerId` in `currency`. */
export function createOrder(input: { customerId: number; currency: CurrencyCode }): DomainEvent[] {
  return [{ type: 'order.created', payload: { customerId: input.customerId, currency: input.currency } }];
}

/**
 * Adds `quantity` units of a product at `unitPriceMinor` (the catalog price now, in the order's
 * currency). A product already in the order gets more units on its line, at the line's price.
 */
export function addItem(
  state: OrderState,
  item: { productId: number; quantity: number; unitPriceMinor: number },
): DomainEvent[] {
  requirePending(state, 'changed');
  const existing = state.lines.find((line) => line.productId === item.productId);
  const quantity = item.quantity;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity + (existing?.quantity ?? 0) > MAX_LINE_QUANTITY) {
    throw new OrderDomainError(
      'ORDER_INVALID_QUANTITY',
      `quantity must be a positive integer and a line at most ${MAX_LINE_QUANTITY} units; got ${quantity}` +
        (existing ? ` on top of ${existing.quantity}` : ''),
      { received: quantity, inOrder: existing?.quantity ?? 0, max: MAX_LINE_QUANTITY },
    );
  }
  if (!existing && state.lines.length >= MAX_ORDER_ITEMS) {
    throw new OrderDomainError(
      'ORDER_TOO_MANY_ITEMS',
      `An order holds at most ${MAX_ORDER_ITEMS} items; order ${state.id} has ${state.lines.length}`,
      { max: MAX_ORDER_ITEMS, items: state.lines.length },
    );
  }
  if (!Number.isInteger(item.unitPriceMinor) || item.unitPriceMinor < 0) {
    throw new Error(`unitPriceMinor must be a non-negative integer, got ${item.unitPriceMinor}`);
  }
  const unitPriceMinor = existing?.unitPriceMinor ?? item.unitPriceMinor;
  return [{ type: 'order.item_added', payload: { productId: item.productId, quantity, unitPriceMinor } }];
}

/** Removes a product's line. */
export function removeItem(state: OrderState, productId: number): DomainEvent[] {
  requirePending(state, 'changed');
  if (!state.lines.some((line) => line.productId === productId)) {
    throw new OrderDomainError('ORDER_ITEM_NOT_FOUND', `Order ${state.id} has no item for product ${productId}`, {
      productId,
    });
  }
  return [{ type: 'order.item_removed', payload: { productId } }];
}

/** Submits a pending, non-empty order; the placement saga takes over. */
export function place(state: OrderState, payment: { cardLast4: string | null }): DomainEvent[] {
  requirePending(state, 'placed');
  if (state.lines.length === 0) {
    throw new OrderDomainError('ORDER_EMPTY', `Order ${state.id} has no items; add one before placing it`);
  }
  return [{ type: 'order.placed', payload: { cardLast4: payment.cardLast4, totalMinor: totalMinor(state.lines) } }];
}

/** Records the payment of a placed order (the saga's last step). */
export function markPaid(state: OrderState, payment: { paymentId: string; amountMinor: number }): DomainEvent[] {
  requireStatus(state, 'PLACED', 'PAID');
  return [{ type: 'order.paid', payload: { paymentId: payment.paymentId, amountMinor: payment.amountMinor } }];
}

/**
 * Cancels an order. A customer or admin may cancel a PENDING order (nothing was reserved or
 * charged yet); a PLACED order is cancelled only by its saga's compensation (`bySaga`), after the
 * stock is released and the charge voided. Paid orders are not cancelled here (a refund flow).
 */
export function cancel(
  state: OrderState,
  input: { reason: string; code?: string | null; bySaga?: boolean },
): DomainEvent[] {
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > 500) {
    throw new OrderDomainError('INVALID_ARGUMENT', `reason must be 1 to 500 characters, got ${reason.length}`, {
      argument: 'reason',
      max: 500,
    });
  }
  const allowed = state.status === 'PENDING' || (state.status === 'PLACED' && input.bySaga === true);
  if (!allowed) {
    throw new OrderDomainError(
      'ORDER_INVALID_TRANSITION',
      state.status === 'PLACED'
        ? `Order ${state.id} is being placed (stock and payment in progress); it cannot be cancelled now`
        : `Order ${state.id} cannot be cancelled: it is ${state.status}`,
      { status: state.status, target: 'CANCELLED' },
    );
  }
  return [{ type: 'order.cancelled', payload: { reason, code: input.code ?? null } }];
}

/** Hands a paid order to the carrier (admins). */
export function ship(state: OrderState): DomainEvent[] {
  requireStatus(state, 'PAID', 'SHIPPED');
  return [{ type: 'order.shipped', payload: {} }];
}

/** Records that a shipped order arrived (admins). */
export function deliver(state: OrderState): DomainEvent[] {
  requireStatus(state, 'SHIPPED', 'DELIVERED');
  return [{ type: 'order.delivered', payload: {} }];
}

import type { Database, Queryable } from '@switchyard/db';
import type { Logger } from '@switchyard/service';
import { LRUCache } from 'lru-cache';
import { OrderDomainError } from './domain/errors.js';
import {
  type CurrencyCode,
  createOrder,
  type DomainEvent,
  type EventMetadata,
  evolve,
  type OrderState,
  type RecordedEvent,
  replay,
  STATUS_AFTER,
} from './domain/order.js';
import type { StatusBus, StatusChange } from './events/bus.js';
import { concurrentModificationRetry } from './retry.js';
import { type AppendContext, appendEvents, createEventStore, nextOrderId, project } from './store/eventStore.js';

/** Where a command comes from: carried onto every event it appends. */
export interface CommandContext {
  correlationId: string;
  causationId: string | null;
  metadata: EventMetadata;
}

/** Events that change an order's lines (the projection's items are rewritten only for them). */
const LINE_EVENTS = new Set(['order.created', 'order.item_added', 'order.item_removed']);

/** How many past states `stateAt` keeps: events are immutable, so a state at a version never changes. */
const STATE_CACHE_SIZE = 1000;

/** The status change an event announces, or null when it changes no status. */
export function statusChangeOf(event: RecordedEvent): StatusChange | null {
  const status = STATUS_AFTER[event.type];
  if (!status) return null;
  const cancelled = event.type === 'order.cancelled' ? event.payload : null;
  return {
    orderId: event.orderId,
    status,
    version: event.version,
    occurredAt: event.occurredAt.toISOString(),
    reason: cancelled?.reason ?? null,
    reasonCode: cancelled?.code ?? null,
  };
}

/**
 * The write side of orders: loads an order by replaying its events, lets a pure command decide,
 * then appends the events and updates the projection in one transaction, and publishes the status
 * changes once it has committed. No other service is called while the transaction is open.
 */
export function createOrderCommands(options: { db: Database; bus: StatusBus; logger: Logger }) {
  const { db, bus, logger } = options;
  const store = createEventStore(db);
  const states = new LRUCache<string, Promise<OrderState | null>>({ max: STATE_CACHE_SIZE });

  async function publish(recorded: readonly RecordedEvent[]): Promise<void> {
    for (const event of recorded) {
      const change = statusChangeOf(event);
      if (!change) continue;
      try {
        await bus.publish(change);
      } catch (error) {
        // The event is committed; subscribers that missed it replay it with `afterVersion`.
        logger.error({ err: error, orderId: change.orderId, version: change.version }, 'status publish failed');
      }
    }
  }

  /** Appends and projects in the caller's transaction; returns the state after the events. */
  async function write(
    tx: Queryable,
    state: OrderState | null,
    orderId: number,
    events: readonly DomainEvent[],
    context: AppendContext,
  ): Promise<{ state: OrderState; recorded: RecordedEvent[] }> {
    const recorded = await appendEvents(tx, orderId, state?.version ?? 0, events, context);
    let next = state;
    for (const event of recorded) next = evolve(next, event);
    if (!next) throw new Error(`order ${orderId}: no state after appending`);
    await project(
      tx,
      next,
      recorded.some((event) => LINE_EVENTS.has(event.type)),
    );
    return { state: next, recorded };
  }

  const commands = {
    store,

    /** The order's current state, or null when it has no events. */
    async load(orderId: number): Promise<OrderState | null> {
      return replay(await store.load(orderId));
    },

    /**
     * The order as it was at `version` (cached: a past state never changes), or null when the
     * order does not exist or has fewer versions.
     */
    stateAt(orderId: number, version: number): Promise<OrderState | null> {
      const key = `${orderId}:${version}`;
      let cached = states.get(key);
      if (!cached) {
        cached = store.load(orderId, version).then((events) => {
          const state = replay(events);
          return state && state.version === version ? state : null;
        });
        // A failed read is not a past state: the next call reads again.
        cached.catch(() => states.delete(key));
        states.set(key, cached);
      }
      return cached;
    },

    /** Creates an order; its id comes from the projection's sequence. */
    async create(input: { customerId: number; currency: CurrencyCode }, context: CommandContext): Promise<OrderState> {
      const { state, recorded } = await db.transaction(async (tx) => {
        const orderId = await nextOrderId(tx);
        return write(tx, null, orderId, createOrder(input), context);
      });
      await publish(recorded);
      return state;
    },

    /**
     * Runs `decide` on the order's current state and saves the events it returns. `alsoInTx` runs
     * in the same transaction after the append (the saga row of a placement).
     * @param retries how often to reload and decide again when another writer won the race
     *   (the saga retries; a client's command reports ORDER_CONCURRENT_MODIFICATION). @default 0
     * @throws OrderDomainError ORDER_NOT_FOUND, whatever `decide` throws, or
     *   ORDER_CONCURRENT_MODIFICATION.
     */
    async execute(
      orderId: number,
      decide: (state: OrderState) => DomainEvent[],
      context: CommandContext,
      options: {
        retries?: number;
        alsoInTx?: (tx: Queryable, state: OrderState, recorded: RecordedEvent[]) => Promise<void>;
      } = {},
    ): Promise<{ state: OrderState; recorded: RecordedEvent[] }> {
      return concurrentModificationRetry(options.retries ?? 0).execute(async () => {
        const current = await commands.load(orderId);
        if (!current) throw new OrderDomainError('ORDER_NOT_FOUND', `No order with id ${orderId}`);
        const events = decide(current);
        if (events.length === 0) return { state: current, recorded: [] };
        const result = await db.transaction(async (tx) => {
          const written = await write(tx, current, orderId, events, context);
          await options.alsoInTx?.(tx, written.state, written.recorded);
          return written;
        });
        await publish(result.recorded);
        return result;
      });
    },

    /** Appends events with a given history (the seed's backfill); the caller owns the transaction. */
    write,
  };
  return commands;
}

export type OrderCommands = ReturnType<typeof createOrderCommands>;

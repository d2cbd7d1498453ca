import type { Logger } from '@switchyard/service';
import { Redis } from 'ioredis';
import type { OrderStatus } from '../domain/order.js';

/** A status change of one order, as published after its events committed. */
export interface StatusChange {
  orderId: number;
  status: OrderStatus;
  /** The version of the event that made the change: subscribers dedupe and order by it. */
  version: number;
  occurredAt: string;
  /** Why a CANCELLED order was cancelled; null otherwise. */
  reason: string | null;
  /** The registered code behind a cancellation by the saga (PAYMENT_DECLINED, ...); null otherwise. */
  reasonCode: string | null;
}

export type StatusListener = (change: StatusChange) => void;
/** Stops a listener; idempotent. */
export type Unsubscribe = () => void;

/**
 * Where order status changes are published and heard. `subscribe` resolves once the listener is
 * live (for Redis: once the server confirmed the channel subscription), so a caller that reads the
 * event store after it resolves misses nothing in between.
 */
export interface StatusBus {
  /** Delivers `change` to every listener of its order, in every process sharing the bus. */
  publish(change: StatusChange): Promise<void>;
  subscribe(orderId: number, listener: StatusListener): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Listeners per order, with the bookkeeping both buses share. */
class ListenerRegistry {
  private readonly byOrder = new Map<number, Set<StatusListener>>();

  /** Adds a listener; true when it is the order's first. */
  add(orderId: number, listener: StatusListener): boolean {
    let set = this.byOrder.get(orderId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.byOrder.set(orderId, set);
    }
    set.add(listener);
    return first;
  }

  /** Removes a listener; true when it was the order's last. */
  remove(orderId: number, listener: StatusListener): boolean {
    const set = this.byOrder.get(orderId);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.byOrder.delete(orderId);
    return true;
  }

  has(orderId: number): boolean {
    return this.byOrder.has(orderId);
  }

  /** Calls every listener of the change's order; one throwing listener does not stop the others. */
  deliver(change: StatusChange, logger?: Logger): void {
    for (const listener of [...(this.byOrder.get(change.orderId) ?? [])]) {
      try {
        listener(change);
      } catch (error) {
        logger?.error({ err: error, orderId: change.orderId }, 'order status listener threw');
      }
    }
  }

  clear(): void {
    this.byOrder.clear();
  }
}

/** One process, no Redis: the embedded default. */
export class InProcessStatusBus implements StatusBus {
  private readonly listeners = new ListenerRegistry();

  async publish(change: StatusChange): Promise<void> {
    this.listeners.deliver(change);
  }

  async subscribe(orderId: number, listener: StatusListener): Promise<Unsubscribe> {
    this.listeners.add(orderId, listener);
    return () => {
      this.listeners.remove(orderId, listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export interface RedisStatusBusOptions {
  /** redis://… */
  url: string;
  /**
   * Prefix of every channel, so several deployments (or test runs) can share one Redis.
   * @default 'switchyard:'
   */
  prefix?: string;
  /** Fail a Redis command that gets no answer within this many ms. @default 2000 */
  commandTimeoutMs?: number;
  logger: Logger;
}

/** The channel of one order's status changes (after the prefix). */
export const ORDER_STATUS_CHANNEL = (orderId: number) => `orders:status:${orderId}`;

/**
 * Status changes through Redis pub/sub, so a change on any orders instance reaches subscribers on
 * every instance. One channel per order: an instance subscribes (on its one subscriber
 * connection) only to the orders its clients watch, so Redis sends it nothing else, instead of
 * every change of every order to be filtered here. The channel is subscribed when an order's
 * first local listener arrives and unsubscribed when its last leaves.
 *
 * Connections follow STACK.md: no offline queue (a command while disconnected fails at once),
 * `commandTimeout`, one retry per request, an `error` listener (ioredis reconnects by itself and
 * re-subscribes the channels on reconnect). Redis down means publishes fail (logged by the
 * caller; the events are in the store, a reconnecting client replays them with `afterVersion`).
 */
export class RedisStatusBus implements StatusBus {
  private readonly listeners = new ListenerRegistry();
  private readonly prefix: string;
  /** Channel subscriptions in flight or done, so concurrent first listeners share one SUBSCRIBE. */
  private readonly subscribing = new Map<number, Promise<void>>();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger,
    prefix: string,
  ) {
    this.prefix = prefix;
    subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
  }

  /** Connects both connections; rejects when Redis cannot be reached. */
  static async connect(options: RedisStatusBusOptions): Promise<RedisStatusBus> {
    const settings = {
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      maxRetriesPerRequest: 1,
      connectionName: 'switchyard-orders-status',
    };
    const publisher = new Redis(options.url, settings);
    const subscriber = new Redis(options.url, settings);
    for (const [role, client] of [
      ['publisher', publisher],
      ['subscriber', subscriber],
    ] as const) {
      client.on('error', (error: Error) => options.logger.warn({ err: error, role }, 'redis status bus error'));
    }
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw error;
    }
    return new RedisStatusBus(publisher, subscriber, options.logger, options.prefix ?? 'switchyard:');
  }

  private channel(orderId: number): string {
    return `${this.prefix}${ORDER_STATUS_CHANNEL(orderId)}`;
  }

  private onMessage(channel: string, message: string): void {
    let change: StatusChange;
    try {
      change = JSON.parse(message) as StatusChange;
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'ignored a malformed order status message');
      return;
    }
    if (channel !== this.channel(change.orderId)) return;
    this.listeners.deliver(change, this.logger);
  }

  async publish(change: StatusChange): Promise<void> {
    await this.publisher.publish(this.channel(change.orderId), JSON.stringify(change));
  }

  async subscribe(orderId: number, listener: StatusListener): Promise<Unsubscribe> {
    this.listeners.add(orderId, listener);
    let pending = this.subscribing.get(orderId);
    if (!pending) {
      pending = this.subscriber.subscribe(this.channel(orderId)).then(() => undefined);
      this.subscribing.set(orderId, pending);
      // A failed SUBSCRIBE is forgotten so the next listener tries again.
      pending.catch(() => {
        if (this.subscribing.get(orderId) === pending) this.subscribing.delete(orderId);
      });
    }
    try {
      await pending;
    } catch (error) {
      this.release(orderId, listener);
      throw error;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.release(orderId, listener);
    };
  }

  private release(orderId: number, listener: StatusListener): void {
    if (!this.listeners.remove(orderId, listener)) return;
    this.subscribing.delete(orderId);
    this.subscriber.unsubscribe(this.channel(orderId)).catch((error: unknown) => {
      this.logger.warn({ err: error, orderId }, 'redis unsubscribe failed');
    });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscribing.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}

/**
 * The bus a process uses: Redis pub/sub when `redisUrl` is set (several orders instances), else
 * in-process (one instance).
 */
export async function createStatusBus(options: {
  redisUrl?: string | undefined;
  prefix?: string;
  logger: Logger;
}): Promise<StatusBus> {
  if (!options.redisUrl) return new InProcessStatusBus();
  return RedisStatusBus.connect({
    url: options.redisUrl,
    logger: options.logger,
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
}

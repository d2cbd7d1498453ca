import { randomUUID } from 'node:crypto';
import { createLogger } from '@switchyard/service';
import { testRedisUrl } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStatusBus, type StatusChange } from '../src/events/bus.js';

/** TEST_REDIS_URL (CI sets it, and the global setup fails the run when it does not answer). */
const REDIS_URL = testRedisUrl();
const logger = createLogger('orders', 'silent');

const change = (orderId: number, version: number): StatusChange => ({
  orderId,
  status: 'PLACED',
  version,
  occurredAt: new Date().toISOString(),
  reason: null,
  reasonCode: null,
});

function nextMessage(): { listener: (c: StatusChange) => void; received: Promise<StatusChange> } {
  let listener: (c: StatusChange) => void = () => {};
  const received = new Promise<StatusChange>((resolve) => {
    listener = resolve;
  });
  return { listener, received };
}

describe.runIf(REDIS_URL !== undefined)('RedisStatusBus', () => {
  // A prefix of this run's own: other runs and deployments on the same Redis are not disturbed.
  const prefix = `switchyard-test:${randomUUID()}:`;
  let one: RedisStatusBus;
  let two: RedisStatusBus;

  beforeAll(async () => {
    // Two "processes": each bus has its own publisher and subscriber connections.
    one = await RedisStatusBus.connect({ url: REDIS_URL as string, prefix, logger });
    two = await RedisStatusBus.connect({ url: REDIS_URL as string, prefix, logger });
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it("delivers one instance's publish to the other's subscribers, and only for their order", async () => {
    const seen: StatusChange[] = [];
    const { listener, received } = nextMessage();
    const stop = await two.subscribe(41, listener);
    const stopOther = await two.subscribe(42, (c) => seen.push(c));
    const sent = change(41, 3);
    await one.publish(sent);
    expect(await received).toEqual(sent);
    expect(seen).toEqual([]);
    stop();
    stopOther();
  });

  it('stops delivering after the last listener of an order unsubscribes', async () => {
    const heard: StatusChange[] = [];
    const stop = await one.subscribe(43, (c) => heard.push(c));
    const { listener, received } = nextMessage();
    const stopWitness = await one.subscribe(44, listener);
    stop();
    await two.publish(change(43, 1));
    // Redis delivers in publish order on one connection: once 44's message is here, 43's would be.
    await two.publish(change(44, 1));
    await received;
    expect(heard).toEqual([]);
    stopWitness();
  });

  it('fails fast, without a queue, when Redis cannot be reached', async () => {
    const started = Date.now();
    await expect(RedisStatusBus.connect({ url: 'redis://127.0.0.1:1', prefix, logger })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { randomUUID } from 'node:crypto';
import { createLogger } from '@switchyard/service';
import { ManualClock, testRedisUrl } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetStore, ClientProfile } from '../../src/cost/budget.js';
import { createBudgetStore } from '../../src/cost/budgetStore.js';
import { MemoryBudgetStore } from '../../src/cost/memoryBudget.js';
import { BUDGET_KEY } from '../../src/cost/redisBudget.js';

/** TEST_REDIS_URL (CI sets it, and the global setup fails the run when it does not answer). */
const REDIS_URL = testRedisUrl();
const logger = createLogger('gateway', 'silent');
// A prefix of this run's own: other runs and deployments on the same Redis are not disturbed.
const PREFIX = `switchyard-test:${randomUUID()}:`;

/** Shopify's Admin API bucket: 1000 points, 50 restored per second (full again 20 s after empty). */
const profile = (key = `anonymous:${randomUUID()}`): ClientProfile => ({
  key,
  kind: 'anonymous',
  maxCostPerQuery: 1000,
  maximumAvailable: 1000,
  restoreRate: 50,
});

interface StoreKind {
  name: string;
  open(clock: ManualClock): Promise<BudgetStore>;
}

const KINDS: StoreKind[] = [
  { name: 'memory', open: async (clock) => new MemoryBudgetStore({ clock }) },
  ...(REDIS_URL
    ? [
        {
          name: 'redis',
          open: (clock: ManualClock) => createBudgetStore({ redisUrl: REDIS_URL, prefix: PREFIX, logger, clock }),
        },
      ]
    : []),
];

afterAll(async () => {
  if (!REDIS_URL) return;
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe.each(KINDS)('the $name budget store', ({ open }) => {
  const clock = new ManualClock();
  let store: BudgetStore;

  beforeAll(async () => {
    store = await open(clock);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('admits while the bucket holds the points and refills at the restore rate, never above the maximum', async () => {
    const client = profile();
    expect(await store.admit(client, 1000)).toEqual({
      admitted: true,
      status: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 },
    });
    clock.advance(10_000);
    // 10 s × 50 points/s = 500 back; asking for 0 takes nothing and reads the bucket.
    expect((await store.admit(client, 0)).status.currentlyAvailable).toBe(500);
    clock.advance(30_000);
    // 500 + 30 s × 50 = 2000, capped at the maximum 1000.
    expect((await store.admit(client, 0)).status.currentlyAvailable).toBe(1000);
  });

  it('refuses what the bucket does not hold, takes nothing, and says when it would fit', async () => {
    const client = profile();
    await store.admit(client, 1000);
    clock.advance(4_000);
    // 4 s × 50 = 200 points; 500 need 300 more: 300 / 50 = 6 s.
    expect(await store.admit(client, 500)).toEqual({
      admitted: false,
      status: { maximumAvailable: 1000, currentlyAvailable: 200, restoreRate: 50 },
      retryAfterSeconds: 6,
    });
    // 501 need 301 more: 301 / 50 = 6.02 s, rounded up to 7 (Retry-After is whole seconds).
    expect(await store.admit(client, 501)).toMatchObject({ admitted: false, retryAfterSeconds: 7 });
    clock.advance(6_000);
    // 200 + 6 s × 50 = 500: now it fits, and 0 are left.
    expect(await store.admit(client, 500)).toMatchObject({ admitted: true, status: { currentlyAvailable: 0 } });
  });

  it('refuses a request larger than the whole bucket, even a full one, with a retry of at least a second', async () => {
    const client = profile();
    // 1001 > the maximum 1000: it never fits; the bucket is full, so "until full" is 0 s, reported as 1.
    expect(await store.admit(client, 1001)).toMatchObject({
      admitted: false,
      status: { currentlyAvailable: 1000 },
      retryAfterSeconds: 1,
    });
  });

  it('refunds what an operation did not spend, never above the maximum', async () => {
    const client = profile();
    await store.admit(client, 100);
    // 1000 - 100 = 900, then 100 - 20 = 80 back: 980.
    expect(await store.refund(client, 100, 20)).toEqual({
      maximumAvailable: 1000,
      currentlyAvailable: 980,
      restoreRate: 50,
    });
    // 980 + 300 would be 1280: the bucket holds 1000 at most.
    expect((await store.refund(client, 300, 0)).currentlyAvailable).toBe(1000);
  });

  it('charges the rest when an operation cost more than its estimate, down to an empty bucket', async () => {
    const client = profile();
    await store.admit(client, 100);
    // 900 left, actual 250 against 100 estimated: 150 more, 750.
    expect((await store.refund(client, 100, 250)).currentlyAvailable).toBe(750);
    // 750 - 2000 would be below zero: empty.
    expect((await store.refund(client, 0, 2000)).currentlyAvailable).toBe(0);
  });

  it('keeps one bucket per profile key', async () => {
    const spender = profile();
    await store.admit(spender, 1000);
    expect(await store.admit(profile(), 1000)).toMatchObject({ admitted: true });
    expect(await store.admit(spender, 1)).toMatchObject({ admitted: false });
  });
});

describe('the memory budget store', () => {
  it('forgets the least recently used bucket beyond its bound, and a forgotten bucket is full', async () => {
    const store = new MemoryBudgetStore({ clock: new ManualClock(), maxBuckets: 2 });
    const [a, b, c] = [profile(), profile(), profile()];
    for (const client of [a, b, c]) await store.admit(client, 1000);
    // Three spent buckets, room for two: a (the least recently used) is forgotten, b and c are kept.
    expect(await store.admit(b, 1)).toMatchObject({ admitted: false });
    expect(await store.admit(a, 1000)).toMatchObject({ admitted: true });
  });
});

describe.runIf(REDIS_URL !== undefined)('the redis budget store', () => {
  const clock = new ManualClock();
  let one: BudgetStore;
  let two: BudgetStore;
  let redis: Redis;

  beforeAll(async () => {
    // Two "gateway instances", each with its own connection, sharing one Redis.
    const open = () => createBudgetStore({ redisUrl: REDIS_URL, prefix: PREFIX, logger, clock });
    [one, two] = await Promise.all([open(), open()]);
    redis = new Redis(REDIS_URL as string);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close(), redis?.quit()]);
  });

  it('shares one budget between instances: spending through one throttles the other', async () => {
    const client = profile();
    expect(await one.admit(client, 800)).toMatchObject({ admitted: true, status: { currentlyAvailable: 200 } });
    // 1000 - 800 = 200 left for the same client on the other instance; 300 need 100 more: 2 s.
    expect(await two.admit(client, 300)).toMatchObject({ admitted: false, retryAfterSeconds: 2 });
    await two.refund(client, 200, 0);
    // Refunded through two, 200 + 200 = 400 seen by one.
    expect((await one.admit(client, 0)).status.currentlyAvailable).toBe(400);
  });

  it('keeps a bucket under the prefix until it would be full again, and drops it when it is', async () => {
    const client = profile();
    const key = `${PREFIX}${BUDGET_KEY(client.key)}`;
    await one.admit(client, 300);
    // 300 points at 50/s are back in 300 / 50 = 6 s = 6000 ms.
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(6000);
    clock.advance(6_000);
    await one.admit(client, 0);
    expect(await redis.exists(key)).toBe(0);
  });
});

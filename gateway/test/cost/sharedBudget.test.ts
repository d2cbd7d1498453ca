import { randomUUID } from 'node:crypto';
import { createLogger } from '@switchyard/service';
import { ManualClock, testRedisUrl } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientProfile } from '../../src/cost/budget.js';
import { createBudgetStore } from '../../src/cost/budgetStore.js';
import { FEDERATION_LINK, type Federation, federate } from '../federation/fixture.js';

const REDIS_URL = testRedisUrl();
const PREFIX = `switchyard-test:${randomUUID()}:`;
const logger = createLogger('gateway', 'silent');

/** One client, whichever gateway it reaches: 5 points, 1 restored per second. */
const CLIENT: ClientProfile = {
  key: `anonymous:${randomUUID()}`,
  kind: 'anonymous',
  maxCostPerQuery: 5,
  maximumAvailable: 5,
  restoreRate: 1,
};

const SUBGRAPH = {
  name: 'books',
  typeDefs: `${FEDERATION_LINK}, import: ["@key"])
    type Query { book: Book }
    type Book { title: String! }`,
  resolvers: { Query: { book: () => ({ title: 'Dune' }) } },
};

// `{ book { title } }` costs 1: the object 1, the scalar 0 (estimate and actual alike).
const QUERY = '{ book { title } }';

describe.runIf(REDIS_URL !== undefined)('two gateway instances sharing one Redis budget', () => {
  const clock = new ManualClock();
  let a: Federation;
  let b: Federation;

  beforeAll(async () => {
    const gateway = async () => {
      const budget = await createBudgetStore({ redisUrl: REDIS_URL, prefix: PREFIX, logger, clock });
      return federate([SUBGRAPH], { cost: { budget, profileOf: () => CLIENT } });
    };
    [a, b] = await Promise.all([gateway(), gateway()]);
  });
  afterAll(async () => {
    // Each gateway closes the store it was given (gateway.ts).
    await Promise.all([a?.close(), b?.close()]);
    const redis = new Redis(REDIS_URL as string);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('throttles on B a client that spent its budget through A, and admits it again once it refilled', async () => {
    // Five queries of cost 1 through A: 5 - 5 x 1 = 0 points left.
    for (let i = 0; i < 5; i++) {
      const answer = await a.run(QUERY);
      expect(answer.errors).toBeUndefined();
    }
    const refused = await b.run(QUERY);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED', requested: 1, available: 0 });
    expect(b.calls.books).toEqual([]);
    // 2 s at 1 point per second: 2 points back; B spends one, and reports the other.
    clock.advance(2_000);
    const admitted = (await b.run(QUERY)) as { data?: unknown; extensions?: { cost?: unknown } };
    expect(admitted.data).toEqual({ book: { title: 'Dune' } });
    expect(admitted.extensions?.cost).toMatchObject({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 5, currentlyAvailable: 1, restoreRate: 1 },
    });
  });
});

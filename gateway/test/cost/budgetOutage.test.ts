import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createLogger } from '@switchyard/service';
import { ManualClock, testRedisUrl } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Admission, BudgetStore, ClientProfile } from '../../src/cost/budget.js';
import { RedisBudgetStore } from '../../src/cost/redisBudget.js';

/**
 * Redis going away under a running store. The test starts a redis-server of its own on a free
 * port (so it can stop, stall and restart it without disturbing anyone else's) and drives it by
 * PID. It runs where the Redis tests run (TEST_REDIS_URL set: CI, which has redis-server).
 */
const RUN = testRedisUrl() !== undefined;
const COMMAND_TIMEOUT_MS = 100;
// Far above the command timeout (a healthy answer takes < 1 ms, a failing one <= 100 ms): a call
// that has not answered by then is hanging, which is the failure this test exists to catch.
const HANGING_MS = 5_000;

const profile = (key: string): ClientProfile => ({
  key,
  kind: 'anonymous',
  maxCostPerQuery: 1000,
  maximumAvailable: 1000,
  restoreRate: 50,
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts redis-server on `port`, without persistence; resolves once it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // A stalled (SIGSTOP) server takes SIGKILL as well.
  process.kill(child.pid as number, 'SIGKILL');
  await exited;
}

/** The call's answer, or a rejection if it has none by HANGING_MS. */
function answered<T>(call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hanging = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANGING_MS} ms`)), HANGING_MS);
  });
  return Promise.race([call, hanging]).finally(() => clearTimeout(timer));
}

describe.runIf(RUN)('the redis budget store when Redis goes away', () => {
  const clock = new ManualClock();
  const logger = createLogger('gateway', 'silent');
  const warn = vi.spyOn(logger, 'warn');
  const info = vi.spyOn(logger, 'info');
  let port: number;
  let server: ChildProcess;
  let store: RedisBudgetStore;

  beforeAll(async () => {
    port = await freePort();
    server = await startRedis(port);
    store = await RedisBudgetStore.connect({
      url: `redis://127.0.0.1:${port}`,
      prefix: 'switchyard-test:',
      logger,
      clock,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
  });
  afterAll(async () => {
    await store?.close();
    if (server) await stopRedis(server);
  });

  /** A bucket is in Redis when spending it all refuses the next point (failing open never refuses). */
  async function expectRedisBudget(client: ClientProfile): Promise<void> {
    expect(await store.admit(client, 1000)).toMatchObject({ admitted: true, status: { currentlyAvailable: 0 } });
    expect(await store.admit(client, 1)).toMatchObject({ admitted: false });
  }

  const FULL: Admission = {
    admitted: true,
    status: { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 },
  };

  it('admits through a stopped Redis, logs the outage once, and uses Redis again once it is back', async () => {
    await expectRedisBudget(profile('anonymous:before'));

    await stopRedis(server);
    // Five requests of a spent client while Redis is down: each answered, admitted, full status.
    for (let i = 0; i < 5; i++) expect(await answered(store.admit(profile('anonymous:before'), 1000))).toEqual(FULL);
    expect((await answered(store.refund(profile('anonymous:before'), 1000, 10))).currentlyAvailable).toBe(1000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(store.health).toEqual({ failedOpen: 6, outages: 1 });

    server = await startRedis(port);
    // ioredis reconnects by itself (its back-off is at most 2 s); the first answer logs the recovery.
    await expect
      .poll(
        async () => {
          await answered(store.admit(profile('anonymous:probe'), 0));
          return info.mock.calls.length;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    // A fresh server (no persistence): the client's bucket is full again, and kept in Redis.
    await expectRedisBudget(profile('anonymous:before'));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('admits through a stalled Redis after the command timeout, and uses Redis again once it resumes', async () => {
    const pid = server.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      // Its own key: the stalled command still runs when Redis resumes, after the test moved on.
      for (let i = 0; i < 3; i++) expect(await answered(store.admit(profile('anonymous:stalled'), 1000))).toEqual(FULL);
      // A second outage, logged once more.
      expect(warn).toHaveBeenCalledTimes(2);
      expect(store.health.outages).toBe(2);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect
      .poll(
        async () => {
          await answered(store.admit(profile('anonymous:probe'), 0));
          return info.mock.calls.length;
        },
        { timeout: 15_000 },
      )
      .toBe(2);
    await expectRedisBudget(profile('anonymous:after-stall'));
  });
});

/** The factory's contract for the gateway's start-up: a store even when Redis is not there. */
describe.runIf(RUN)('a redis budget store started while Redis is down', () => {
  it('starts, logs the outage once, admits, and uses Redis once it is started', async () => {
    const logger = createLogger('gateway', 'silent');
    const warn = vi.spyOn(logger, 'warn');
    const info = vi.spyOn(logger, 'info');
    const port = await freePort();
    const store: BudgetStore = await answered(
      RedisBudgetStore.connect({ url: `redis://127.0.0.1:${port}`, logger, commandTimeoutMs: COMMAND_TIMEOUT_MS }),
    );
    let server: ChildProcess | undefined;
    try {
      const client = profile('anonymous:early');
      expect(await answered(store.admit(client, 1000))).toMatchObject({ admitted: true });
      expect(await answered(store.admit(client, 1000))).toMatchObject({ admitted: true });
      expect(warn).toHaveBeenCalledTimes(1);
      server = await startRedis(port);
      await expect
        .poll(
          async () => {
            await answered(store.admit(profile('anonymous:probe'), 0));
            return info.mock.calls.length;
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      // Kept in Redis now: spending it all refuses the next point.
      expect(await store.admit(client, 1000)).toMatchObject({ admitted: true });
      expect(await store.admit(client, 1)).toMatchObject({ admitted: false });
    } finally {
      await store.close();
      if (server) await stopRedis(server);
    }
  });
});

import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  type GraphQLTestResult,
  graphqlExecutor,
  ManualClock,
  type TestDatabase,
  testBackends,
  testIdentity,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUsersSubgraph,
  DEFAULT_THROTTLE,
  prepareUsersDatabase,
  SEED_ADMIN_EMAIL,
  SEED_ADMIN_PASSWORD,
} from '../src/index.js';
import { backoffDelaySeconds } from '../src/throttle.js';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }';
const REGISTER = 'mutation($e: String!, $p: String!) { register(email: $e, password: $p, name: "T") { user { id } } }';
const code = (r: GraphQLTestResult) => r.errors?.[0]?.extensions?.code;
const retryAfter = (r: GraphQLTestResult) => r.errors?.[0]?.extensions?.retryAfterSeconds;

describe('backoffDelaySeconds', () => {
  it('is free for the first failures, then doubles from the first delay up to the cap', () => {
    const pair = DEFAULT_THROTTLE.perAccountAddress;
    // 3 free; the 4th failure waits 1 s = 1 * 2^0, the 5th 2^1, ... the 13th 2^9 = 512 s;
    // the 14th would be 2^10 = 1024 s, capped at 900 s, and so is every later one.
    const delays = Array.from({ length: 15 }, (_, i) => backoffDelaySeconds(pair, i + 1));
    expect(delays).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // Far beyond: 2^996 is no problem for the cap (no overflow to NaN).
    expect(backoffDelaySeconds(pair, 1000)).toBe(900);
    // The address: 20 free, the 21st waits 1 s, the 30th 2^9 = 512 s, the 31st 900 s.
    const address = DEFAULT_THROTTLE.perAddress;
    expect([20, 21, 30, 31].map((n) => backoffDelaySeconds(address, n))).toEqual([0, 1, 512, 900]);
  });
});

describe.each(testBackends())('sign-in throttling on %s (default policy, a ManualClock)', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;
  let identity: Awaited<ReturnType<typeof testIdentity>>;
  const clock = new ManualClock();

  const login = async (email: string, password: string, ip: string) =>
    run(LOGIN, { e: email, p: password }, await identity.headersFor(null, ip));
  /** Fails `times` from `ip`, each answered at once (no delay, the clock does not move). */
  const failAtOnce = async (email: string, ip: string, times: number) => {
    for (let i = 0; i < times; i++) {
      expect(code(await login(email, `wrong-password-${i}`, ip))).toBe('INVALID_CREDENTIALS');
    }
  };
  /** Fails `times` from `ip`, each time waiting out (by moving the clock) any delay it meets. */
  const failRepeatedly = async (email: string, ip: string, times: number) => {
    for (let i = 0; i < times; i++) {
      let result = await login(email, `wrong-password-${i}`, ip);
      if (code(result) === 'TOO_MANY_REQUESTS') {
        clock.advance(Number(retryAfter(result)) * 1000);
        result = await login(email, `wrong-password-${i}`, ip);
      }
      expect(code(result)).toBe('INVALID_CREDENTIALS');
    }
  };

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareUsersDatabase(root.handle()));
    const handle = database.root.handle();
    identity = await testIdentity();
    const service = await createUsersSubgraph({
      db: handle,
      logger: createLogger('users', 'silent'),
      verifyIdentity: identity.verifyIdentity,
      tokens: { key: await importSigningKey(await generateSigningJwk()), issuer: 'i', audience: 'a', ttlSeconds: 600 },
      clock,
    });
    run = graphqlExecutor(service.app, handle);
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('slows a brute force from one address on the admin by 1, 2, 4 … s, refusing even the right password meanwhile', async () => {
    const ip = '10.0.0.77';
    // Failures 1-3 are free: each next try is answered at once.
    await failAtOnce(SEED_ADMIN_EMAIL, ip, 3);
    // Failure n > 3 delays the next try 2^(n - 4) s: 1, 2, 4, 8, 16, 32 s for failures 4 to 9.
    for (const expected of [1, 2, 4, 8, 16, 32]) {
      expect(code(await login(SEED_ADMIN_EMAIL, 'yet-another-guess', ip))).toBe('INVALID_CREDENTIALS');
      const refused = await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, ip);
      expect(code(refused)).toBe('TOO_MANY_REQUESTS');
      expect(retryAfter(refused)).toBe(expected);
      // A refused try is not counted: half-way through, the wait is what is left of the same delay.
      clock.advance((expected / 2) * 1000);
      expect(retryAfter(await login(SEED_ADMIN_EMAIL, 'yet-another-guess', ip))).toBe(Math.ceil(expected / 2));
      clock.advance((expected / 2) * 1000);
    }
    // Failures 10-13 wait 64, 128, 256, 512 s; the 14th would wait 2^10 = 1024 s, capped at 900 s.
    await failRepeatedly(SEED_ADMIN_EMAIL, ip, 5);
    expect(retryAfter(await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, ip))).toBe(900);
    // Waited out, the right password signs in (and clears this address's count for the admin).
    clock.advance(900_000);
    expect((await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, ip)).errors).toBeUndefined();
  });

  it("never delays the admin for a stranger's 50 failures from another address", async () => {
    const stranger = '10.0.0.66';
    await failRepeatedly(SEED_ADMIN_EMAIL, stranger, 50);
    // The stranger waits the cap: 50 failures > 14, so 900 s.
    expect(retryAfter(await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, stranger))).toBe(900);
    // The admin, at their own address, signs in at once with the right password (the clock did not move),
    const admin = await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, '10.0.0.1');
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toEqual({ login: { user: { id: '1' } } });
    // and a typo of theirs costs nothing either: it is their address's first failure.
    expect(code(await login(SEED_ADMIN_EMAIL, 'a-typo-password', '10.0.0.1'))).toBe('INVALID_CREDENTIALS');
    expect((await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, '10.0.0.1')).errors).toBeUndefined();
  });

  it('slows one address guessing many accounts, and no other address', async () => {
    const ip = '192.0.2.77';
    // One failure for each of 20 accounts: no pair passes its 3 free failures, the address its 20.
    for (let i = 0; i < 20; i++) {
      expect(code(await login(`spray${i}.${kind}@example.com`, 'guess-password', ip))).toBe('INVALID_CREDENTIALS');
    }
    expect(code(await login('spray20@example.com', 'guess-password', ip))).toBe('INVALID_CREDENTIALS');
    // The 21st failure of the address: 2^(21 - 21) = 1 s, for every account tried from it.
    const refused = await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, ip);
    expect(code(refused)).toBe('TOO_MANY_REQUESTS');
    expect(retryAfter(refused)).toBe(1);
    clock.advance(1000);
    expect(code(await login('spray21@example.com', 'guess-password', ip))).toBe('INVALID_CREDENTIALS');
    // The 22nd: 2^1 = 2 s.
    expect(retryAfter(await login('spray22@example.com', 'guess-password', ip))).toBe(2);
    expect((await login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, '192.0.2.78')).errors).toBeUndefined();
  });

  it("clears an account's count from an address when it signs in from there", async () => {
    const email = `cleared.${kind}@example.com`;
    const ip = '10.0.0.5';
    await run(REGISTER, { e: email, p: 'the-right-password' }, await identity.headersFor(null, ip));
    await failAtOnce(email, ip, 3);
    expect((await login(email, 'the-right-password', ip)).errors).toBeUndefined();
    // Three more failures are free again; without the clearing they would be failures 4-6, and
    // the 5th would already be refused (the 4th delays 1 s).
    await failAtOnce(email, ip, 3);
    expect((await login(email, 'the-right-password', ip)).errors).toBeUndefined();
  });

  it('lets a delay run out at its time and not before, and forgets one failure per 15 minutes', async () => {
    const email = `expiring.${kind}@example.com`;
    const ip = '10.0.0.6';
    await run(REGISTER, { e: email, p: 'the-right-password' }, await identity.headersFor(null, ip));
    await failRepeatedly(email, ip, 6); // the 6th failure: 2^(6 - 4) = 4 s
    clock.advance(3_999);
    const early = await login(email, 'the-right-password', ip);
    expect(code(early)).toBe('TOO_MANY_REQUESTS');
    expect(retryAfter(early)).toBe(1); // 1 ms left, rounded up to a whole second
    clock.advance(1);
    // 4 s after the 6th failure, a 7th counts again (and would delay 2^3 = 8 s);
    expect(code(await login(email, 'wrong-password-7', ip))).toBe('INVALID_CREDENTIALS');
    expect(retryAfter(await login(email, 'the-right-password', ip))).toBe(8);
    // an hour without failures forgets 3600 / 900 = 4 of the 7, so the next one is the 4th: 1 s.
    clock.advance(3_600_000);
    expect(code(await login(email, 'wrong-password-8', ip))).toBe('INVALID_CREDENTIALS');
    expect(retryAfter(await login(email, 'the-right-password', ip))).toBe(1);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningJwk, importSigningKey, type SigningKey } from '@switchyard/auth';
import {
  DEV_USERS_KEY_FILE,
  SEED_ADMIN_EMAIL,
  SEED_ADMIN_PASSWORD,
  SEED_CUSTOMER_EMAIL,
  SEED_CUSTOMER_PASSWORD,
} from '@switchyard/users';
import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, postGraphQL, startTestStack, type TestStack } from './fixture.js';

const ISSUER = 'switchyard-users';
const AUDIENCE = 'switchyard';

describe('accounts, tokens and permissions through the gateway', () => {
  let t: TestStack;
  let keysDir: string;
  let usersKey: SigningKey;
  let tokens: Record<'admin' | 'customer' | 'other', string>;
  let ownOrderId: string;

  beforeAll(async () => {
    keysDir = await mkdtemp(join(tmpdir(), 'switchyard-keys-'));
    t = await startTestStack('pglite', { keysDir });
    usersKey = await importSigningKey(await readFile(join(keysDir, DEV_USERS_KEY_FILE), 'utf8'));
    const registered = await t.query<{ register: { token: string } }>(
      'mutation { register(email: "other.customer@example.com", password: "other-password", name: "Other") { token } }',
    );
    tokens = {
      admin: await t.login(SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD),
      customer: await t.login(SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD),
      other: registered.data?.register.token ?? '',
    };
    const own = await t.query<{ me: { orders: { edges: { node: { id: string } }[] } } }>(
      '{ me { orders(first: 1) { edges { node { id } } } } }',
      {},
      tokens.customer,
    );
    ownOrderId = own.data?.me.orders.edges[0]?.node.id ?? '';
    expect(ownOrderId).not.toBe('');
  });
  afterAll(async () => {
    await t?.close();
    await rm(keysDir, { recursive: true, force: true });
  });

  const sign = (
    claims: Record<string, unknown>,
    options: { key?: SigningKey; exp?: number | null; iss?: string; aud?: string; iat?: number } = {},
  ) => {
    const key = options.key ?? usersKey;
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ role: 'ADMIN', scope: 'orders:read:any users:read:any', ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .setSubject('1')
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .setIssuedAt(options.iat ?? now - 10);
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 600);
    return jwt.sign(key.privateKey);
  };

  const badTokens: [string, () => Promise<string>][] = [
    ['an expired token', () => sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token for another audience', () => sign({}, { aud: 'someone-else' })],
    ['a token from another issuer', () => sign({}, { iss: 'evil-issuer' })],
    ['a token without exp', () => sign({}, { exp: null })],
    [
      'a token issued 10 minutes in the future (beyond the 5 s tolerance)',
      () => sign({}, { iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 }),
    ],
    [
      'alg: none',
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        const payload = base64url.encode(
          JSON.stringify({ sub: '1', role: 'ADMIN', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 }),
        );
        return `${header}.${payload}.`;
      },
    ],
    [
      'HS256 signed with the public key (algorithm confusion)',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(usersKey.publicJwk));
        return new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256', kid: usersKey.kid })
          .setSubject('1')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(secret);
      },
    ],
    [
      'a tampered payload (customer made admin)',
      async () => {
        const [header, payload, signature] = tokens.customer.split('.') as [string, string, string];
        const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
        const forged = base64url.encode(JSON.stringify({ ...claims, sub: '1', role: 'ADMIN' }));
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      'a key the users service never published',
      async () => sign({}, { key: await importSigningKey(await generateSigningJwk()) }),
    ],
    ['a malformed token', async () => 'not.a-token'],
  ];

  it.each(badTokens)('refuses %s with HTTP 401 and UNAUTHENTICATED, without detail', async (_label, make) => {
    const response = await fetch(`${t.stack.urls.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await make()}` },
      body: JSON.stringify({ query: '{ product(id: "1") { id } }' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const body = (await response.json()) as GraphQLResponse;
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(body.errors?.[0]?.message).toMatch(/bearer token is invalid or expired/);
  });

  it('accepts a token it issued, and a missing token means anonymous', async () => {
    expect((await t.query('{ me { id } }', {}, tokens.customer)).data).toEqual({ me: { id: '2' } });
    const anonymous = await t.query('{ product(id: "1") { id } }');
    expect(anonymous.status).toBe(200);
    expect(anonymous.errors).toBeUndefined();
  });

  const VIEW = `query($order: ID!) {
    me { id }
    user(id: "2") { name email role orders(first: 1) { edges { node { id } } } }
    admin: user(id: "1") { name role }
    order(id: $order) { id status }
    users(first: 1) { edges { node { id } } }
  }`;
  const codesAt = (result: GraphQLResponse<unknown>) =>
    Object.fromEntries((result.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions?.code]));

  it('anonymous: sees public fields; every protected one is null with UNAUTHENTICATED at its path', async () => {
    const result = await t.query(VIEW, { order: ownOrderId });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      me: null,
      user: { name: expect.any(String), email: null, role: null, orders: null },
      admin: { name: expect.any(String), role: null },
      order: null,
      users: null,
    });
    expect(codesAt(result)).toEqual({
      me: 'UNAUTHENTICATED',
      'user.email': 'UNAUTHENTICATED',
      'user.role': 'UNAUTHENTICATED',
      'admin.role': 'UNAUTHENTICATED',
      'user.orders': 'UNAUTHENTICATED',
      order: 'UNAUTHENTICATED',
      users: 'UNAUTHENTICATED',
    });
  });

  it("the customer: their own email, role, orders and order; not the admin's role or the account list (FORBIDDEN)", async () => {
    const result = await t.query<{ user: { email: string; orders: unknown } }>(
      VIEW,
      { order: ownOrderId },
      tokens.customer,
    );
    expect(result.data).toMatchObject({
      me: { id: '2' },
      user: { email: SEED_CUSTOMER_EMAIL, role: 'CUSTOMER', orders: { edges: [{ node: { id: ownOrderId } }] } },
      admin: { name: expect.any(String), role: null },
      order: { id: ownOrderId },
      users: null,
    });
    expect(codesAt(result)).toEqual({ 'admin.role': 'FORBIDDEN', users: 'FORBIDDEN' });
  });

  it("another customer: not the customer's email, role or orders (FORBIDDEN), and the order is simply not there", async () => {
    const result = await t.query(VIEW, { order: ownOrderId }, tokens.other);
    expect(result.data).toEqual({
      me: { id: expect.any(String) },
      user: { name: expect.any(String), email: null, role: null, orders: null },
      admin: { name: expect.any(String), role: null },
      // The same answer as for an id that does not exist: no IDOR, no hint.
      order: null,
      users: null,
    });
    expect(codesAt(result)).toEqual({
      'user.email': 'FORBIDDEN',
      'user.role': 'FORBIDDEN',
      'admin.role': 'FORBIDDEN',
      'user.orders': 'FORBIDDEN',
      users: 'FORBIDDEN',
    });
    const missing = await t.query('{ order(id: "999999") { id status } }', {}, tokens.other);
    const hidden = await t.query('query($id: ID!) { order(id: $id) { id status } }', { id: ownOrderId }, tokens.other);
    expect(hidden.data).toEqual(missing.data);
    expect(hidden.errors).toEqual(missing.errors);
  });

  it('the admin: everything', async () => {
    const result = await t.query(VIEW, { order: ownOrderId }, tokens.admin);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      me: { id: '1' },
      user: { email: SEED_CUSTOMER_EMAIL, role: 'CUSTOMER', orders: { edges: [{ node: { id: ownOrderId } }] } },
      admin: { role: 'ADMIN' },
      order: { id: ownOrderId },
      users: { edges: [{ node: { id: '1' } }] },
    });
  });

  it('keeps denied fields out of the subgraph calls, inside fragments and aliases too', async () => {
    const before = t.stack.databases.orders.stats.statements;
    const result = await t.query(
      `query { mine: me { ...Who } product(id: "1") { name } }
       fragment Who on User { id secret: email orders(first: 5) { edges { node { id } } } }`,
    );
    expect(result.data).toEqual({ mine: null, product: { name: expect.any(String) } });
    expect(codesAt(result)).toEqual({ mine: 'UNAUTHENTICATED' });
    expect(t.stack.databases.orders.stats.statements).toBe(before); // orders was never asked
  });

  it('gives no privilege to an identity header sent by a client, to the gateway or straight to a subgraph', async () => {
    const forger = await importSigningKey(await generateSigningJwk());
    const forged = await new SignJWT({ role: 'ADMIN', scope: 'orders:read:any' })
      .setProtectedHeader({ alg: 'EdDSA', kid: forger.kid })
      .setSubject('1')
      .setIssuer('switchyard-gateway')
      .setAudience('switchyard-subgraphs')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(forger.privateKey);
    for (const header of [forged, JSON.stringify({ id: 1, role: 'ADMIN' })]) {
      // Through the gateway: client headers are never forwarded, so this is anonymous.
      const viaGateway = await postGraphQL(
        `${t.stack.urls.gateway}/graphql`,
        '{ me { id } }',
        {},
        { 'x-switchyard-viewer': header },
      );
      expect(codesAt(viaGateway)).toEqual({ me: 'UNAUTHENTICATED' });
      // Straight to the orders subgraph: the forged identity is refused, the caller is anonymous.
      const direct = await postGraphQL(
        `${t.stack.urls.orders}/graphql`,
        'query($id: ID!) { order(id: $id) { id } }',
        { id: ownOrderId },
        { 'x-switchyard-viewer': header },
      );
      expect(direct.data).toEqual({ order: null });
      const users = await postGraphQL(
        `${t.stack.urls.users}/graphql`,
        '{ me { id } users(first: 1) { edges { node { id } } } }',
        {},
        {
          'x-switchyard-viewer': header,
        },
      );
      expect(users.data).toEqual({ me: null, users: null });
    }
  });

  it('slows down repeated failed sign-ins from one address with TOO_MANY_REQUESTS and retryAfterSeconds', async () => {
    const login = (password: string) =>
      t.query('mutation($p: String!) { login(email: "other.customer@example.com", password: $p) { token } }', {
        p: password,
      });
    // DEFAULT_THROTTLE: 3 free failures, and the 4th delays the next try 1 s; the delays then
    // double (2, 4, 8 ... s), so on real time, however slow the machine, a try soon lands in one.
    for (let i = 0; i < 4; i++)
      expect(codesAt(await login(`wrong-password-${i}`))).toEqual({ login: 'INVALID_CREDENTIALS' });
    let refused: GraphQLResponse<unknown> | undefined;
    for (let i = 4; i < 12 && !refused; i++) {
      const result = await login(`wrong-password-${i}`);
      if (codesAt(result).login === 'TOO_MANY_REQUESTS') refused = result;
      else expect(codesAt(result)).toEqual({ login: 'INVALID_CREDENTIALS' });
    }
    expect(refused?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

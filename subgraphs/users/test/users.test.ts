import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  type TestDatabase,
  testBackends,
  testIdentity,
} from '@switchyard/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUsersSubgraph,
  prepareUsersDatabase,
  SEED_ADMIN_EMAIL,
  SEED_ADMIN_PASSWORD,
  SEED_CUSTOMER_EMAIL,
} from '../src/index.js';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { id } } }';
const REGISTER =
  'mutation($e: String!, $p: String!, $n: String!) { register(email: $e, password: $p, name: $n) { token user { id name } } }';
const codes = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.map((e) => e.extensions?.code);

describe.each(testBackends())('users subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;
  let as: Record<'admin' | 'customer' | 'other' | 'anonymous', Record<string, string>>;
  let jwks: { keys: { kid?: string }[] };
  let identity: Awaited<ReturnType<typeof testIdentity>>;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareUsersDatabase(root.handle()));
    const handle = database.root.handle();
    identity = await testIdentity();
    const service = await createUsersSubgraph({
      db: handle,
      logger: createLogger('users', 'silent'),
      verifyIdentity: identity.verifyIdentity,
      tokens: {
        key: await importSigningKey(await generateSigningJwk()),
        issuer: 'iss-test',
        audience: 'aud-test',
        ttlSeconds: 600,
      },
    });
    run = graphqlExecutor(service.app, handle);
    as = {
      admin: await identity.headersFor({ id: 1, role: 'ADMIN' }),
      customer: await identity.headersFor({ id: 2, role: 'CUSTOMER' }),
      other: await identity.headersFor({ id: 3, role: 'CUSTOMER' }),
      anonymous: await identity.headersFor(null),
    };
    jwks = (await service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('seeds 200 accounts, the first one the admin', async () => {
    const { data } = await run('{ user(id: "1") { id name role createdAt } }', {}, as.admin);
    expect(data).toEqual({ user: { id: '1', name: 'Shop Admin', role: 'ADMIN', createdAt: expect.any(String) } });
    const last = await run('{ user(id: "200") { role } }', {}, as.admin);
    expect(last.data).toEqual({ user: { role: 'CUSTOMER' } });
  });

  it('answers null, not an error, for ids that do not exist or cannot be ids', async () => {
    for (const id of ['201', '0', '-1', 'abc', '99999999999']) {
      const result = await run('query($id: ID!) { user(id: $id) { id } }', { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ user: null });
    }
  });

  it('resolves many references in one SQL statement (the _entities request the gateway sends)', async () => {
    const representations = [1, 2, 3, 999, 4].map((id) => ({ __typename: 'User', id: String(id) }));
    const { data, statements } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name } } }',
      { r: representations },
    );
    const entities = (data as { _entities: ({ id: string } | null)[] })._entities;
    expect(entities.map((e) => e?.id ?? null)).toEqual(['1', '2', '3', null, '4']);
    expect(statements).toBe(1); // five keys, one batch: one SELECT ... WHERE id = ANY($1)
  });

  it('shows an email to its owner and admins only', async () => {
    const query = '{ user(id: "2") { name email } }';
    expect((await run(query, {}, as.customer)).data).toEqual({
      user: { name: expect.any(String), email: SEED_CUSTOMER_EMAIL },
    });
    expect((await run(query, {}, as.admin)).data).toEqual({
      user: { name: expect.any(String), email: SEED_CUSTOMER_EMAIL },
    });
    const other = await run(query, {}, as.other);
    expect(other.data).toEqual({ user: { name: expect.any(String), email: null } });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(codes(await run(query, {}, as.anonymous))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows a role to its owner and admins only: who the admins are is not public (ADR 0010)', async () => {
    const query = '{ user(id: "1") { name role } }';
    expect((await run(query, {}, as.admin)).data).toEqual({ user: { name: 'Shop Admin', role: 'ADMIN' } });
    expect((await run('{ user(id: "2") { role } }', {}, as.customer)).data).toEqual({ user: { role: 'CUSTOMER' } });
    const other = await run(query, {}, as.customer);
    expect(other.data).toEqual({ user: { name: 'Shop Admin', role: null } });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(other.errors?.[0]?.path).toEqual(['user', 'role']);
    const anonymous = await run(query, {}, as.anonymous);
    expect(anonymous.data).toEqual({ user: { name: 'Shop Admin', role: null } });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers `me` from the gateway-vouched identity, and null when there is none', async () => {
    expect((await run('{ me { id } }', {}, as.customer)).data).toEqual({ me: { id: '2' } });
    expect((await run('{ me { id } }', {}, as.anonymous)).data).toEqual({ me: null });
    // A hand-made header without the gateway's signature is no identity at all.
    const forged = await run(
      '{ me { id } }',
      {},
      { 'x-switchyard-viewer': JSON.stringify({ sub: '1', role: 'ADMIN' }) },
    );
    expect(forged.data).toEqual({ me: null });
  });

  it('lists accounts to admins only', async () => {
    const query = '{ users(first: 3) { edges { node { id } } pageInfo { hasNextPage } } }';
    expect((await run(query, {}, as.admin)).data).toEqual({
      users: {
        edges: [{ node: { id: '1' } }, { node: { id: '2' } }, { node: { id: '3' } }],
        pageInfo: { hasNextPage: true },
      },
    });
    expect(codes(await run(query, {}, as.customer))).toEqual(['FORBIDDEN']);
    expect(codes(await run(query, {}, as.anonymous))).toEqual(['FORBIDDEN']);
  });

  it('refuses a long cursor quoting only its first 32 characters, with its length beside', async () => {
    const after = `${'x'.repeat(32)}${'y'.repeat(99_968)}`; // 32 + 99 968 = 100 000 characters
    const result = await run(
      'query($after: String) { users(after: $after) { edges { cursor } } }',
      { after },
      as.admin,
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_CURSOR',
      argument: 'after',
      receivedLength: 100_000,
    });
    expect(result.errors?.[0]?.message).toBe(`"after" is not a cursor of this users list: "${'x'.repeat(32)}…"`);
  });

  it('signs in the seeded admin with an EdDSA token carrying sub, role, scope, iat, exp, iss, aud', async () => {
    const result = await run(LOGIN, { e: SEED_ADMIN_EMAIL, p: SEED_ADMIN_PASSWORD }, as.anonymous);
    expect(result.errors).toBeUndefined();
    const { token, user } = (result.data as { login: { token: string; user: { id: string } } }).login;
    expect(user).toEqual({ id: '1' });
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('EdDSA');
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: '1', role: 'ADMIN', iss: 'iss-test', aud: 'aud-test' });
    expect(String(claims.scope)).toContain('orders:read:any');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
  });

  it('gives an unknown email and a wrong password the same answer', async () => {
    const unknown = await run(LOGIN, { e: 'nobody@example.com', p: 'whatever-it-is' }, as.anonymous);
    const wrong = await run(LOGIN, { e: SEED_CUSTOMER_EMAIL, p: 'not-the-password' }, as.anonymous);
    expect(unknown.errors).toEqual(wrong.errors);
    expect(codes(wrong)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('registers a customer, lower-cases the address, and refuses it a second time', async () => {
    const email = `New.Customer.${kind}@Example.com`;
    const first = await run(REGISTER, { e: email, p: 'a-long-password', n: ' Nina ' }, as.anonymous);
    expect(first.errors).toBeUndefined();
    const registered = (first.data as { register: { token: string; user: unknown } }).register;
    expect(registered.user).toEqual({ id: expect.any(String), name: 'Nina' });
    // A new account is a customer; it learns its role from the token (User.role needs a viewer).
    expect(decodeJwt(registered.token).role).toBe('CUSTOMER');
    const again = await run(REGISTER, { e: email.toLowerCase(), p: 'another-password', n: 'Nina' }, as.anonymous);
    expect(codes(again)).toEqual(['EMAIL_TAKEN']);
    const login = await run(LOGIN, { e: email.toLowerCase(), p: 'a-long-password' }, as.anonymous);
    expect(login.errors).toBeUndefined();
  });

  it.each([
    ['an address that is not one', { e: 'not-an-email', p: 'a-long-password', n: 'X' }, 'email'],
    ['a short password', { e: 'short@example.com', p: 'short', n: 'X' }, 'password'],
    ['an empty name', { e: 'empty@example.com', p: 'a-long-password', n: '   ' }, 'name'],
  ])('refuses to register with %s (INVALID_ARGUMENT)', async (_label, variables, argument) => {
    const result = await run(REGISTER, variables, as.anonymous);
    expect(codes(result)).toEqual(['INVALID_ARGUMENT']);
    expect(result.errors?.[0]?.extensions?.argument).toBe(argument);
  });
});

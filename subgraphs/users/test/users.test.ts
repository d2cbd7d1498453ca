import { createLogger } from '@switchyard/service';
import {
  freshTestDatabase,
  type GraphQLTestExecutor,
  graphqlExecutor,
  type TestDatabase,
  testBackends,
} from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersSubgraph, prepareUsersDatabase } from '../src/index.js';

describe.each(testBackends())('users subgraph on %s', (kind) => {
  let database: TestDatabase;
  let run: GraphQLTestExecutor;
  let close: () => Promise<void>;
  const db = () => database.root;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareUsersDatabase(root.handle()));
    const handle = db().handle();
    const service = await createUsersSubgraph({ db: handle, logger: createLogger('users', 'silent') });
    run = graphqlExecutor(service.app, handle);
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('seeds 200 accounts, the first one the admin', async () => {
    const { data } = await run('{ user(id: "1") { id email name role createdAt } }');
    expect(data).toEqual({
      user: {
        id: '1',
        email: 'admin@switchyard.dev',
        name: 'Shop Admin',
        role: 'ADMIN',
        createdAt: expect.any(String),
      },
    });
    const last = await run('{ user(id: "200") { role } }');
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

  it('returns null for `me` when nobody is signed in', async () => {
    const result = await run('{ me { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: null });
  });
});

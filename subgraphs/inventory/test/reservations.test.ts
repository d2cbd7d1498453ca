import { generateSigningJwk, importSigningKey } from '@switchyard/auth';
import { createLogger, type GraphQLService } from '@switchyard/service';
import { freshTestDatabase, type TestDatabase, testBackends } from '@switchyard/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Context,
  createInventoryRepository,
  createInventorySubgraph,
  type InventoryRepository,
  prepareInventoryDatabase,
  RELEASE_PATH,
  RESERVATIONS_PATH,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
} from '../src/index.js';

// Products above the seeded 1..1000, each test its own.
let nextProductId = 7000;
const freshProduct = () => ++nextProductId;
let nextOrderId = 100;
const freshOrder = () => ++nextOrderId;

describe.each(testBackends())('reservation commands on %s', (kind) => {
  let database: TestDatabase;
  let service: GraphQLService<Context>;
  let repository: InventoryRepository;
  let token: (claims?: { scope?: string; issuer?: string }) => Promise<string>;
  let strangerToken: string;

  beforeAll(async () => {
    database = await freshTestDatabase(kind, (root) => prepareInventoryDatabase(root.handle()));
    const ordersKey = await importSigningKey(await generateSigningJwk());
    const stranger = await importSigningKey(await generateSigningJwk());
    const sign = (key: typeof ordersKey, claims: { scope?: string; issuer?: string } = {}) =>
      new SignJWT({ scope: claims.scope ?? 'inventory:reservations' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuer(claims.issuer ?? SERVICE_TOKEN_ISSUER)
        .setAudience(SERVICE_TOKEN_AUDIENCE)
        .setSubject('orders')
        .setIssuedAt()
        .setExpirationTime('60s')
        .sign(key.privateKey);
    token = (claims) => sign(ordersKey, claims);
    strangerToken = await sign(stranger);
    service = await createInventorySubgraph({
      db: database.root.handle(),
      logger: createLogger('inventory', 'silent'),
      ordersServiceKey: ordersKey.publicJwk,
    });
    repository = createInventoryRepository(database.root.handle());
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });

  async function post(path: string, body: unknown, bearer?: string) {
    const response = await service.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer ?? (await token())}` },
      payload: body as Record<string, unknown>,
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  }

  it('holds stock for an order across warehouses, once however often it is asked, and releases it once', async () => {
    const product = freshProduct();
    await repository.adjustQuantity(product, 1, 3);
    await repository.adjustQuantity(product, 2, 5);
    const orderId = freshOrder();
    const reserve = { orderId, lines: [{ productId: product, quantity: 6 }] };
    const first = await post(RESERVATIONS_PATH, reserve);
    expect(first.status).toBe(200);
    // Most available first: 5 from warehouse 2, the other 1 from warehouse 1.
    expect(first.body.lines).toEqual([
      { productId: product, warehouseId: 1, quantity: 1 },
      { productId: product, warehouseId: 2, quantity: 5 },
    ]);
    expect((await post(RESERVATIONS_PATH, reserve)).body).toEqual(first.body);
    expect(await repository.findStock(product, 2)).toMatchObject({ quantity: 5, reserved: 5 });
    expect((await post(RELEASE_PATH, { orderId })).body).toEqual({ orderId, released: true });
    expect((await post(RELEASE_PATH, { orderId })).body).toEqual({ orderId, released: false });
    expect(await repository.findStock(product, 2)).toMatchObject({ reserved: 0 });
    expect(await repository.findStock(product, 1)).toMatchObject({ reserved: 0 });
    // A reserve arriving after its release (a retry overtaken) is refused, holding nothing.
    expect(await post(RESERVATIONS_PATH, reserve)).toMatchObject({
      status: 409,
      body: { code: 'RESERVATION_RELEASED' },
    });
  });

  it('refuses a release-before-reserve order its late reservation', async () => {
    const product = freshProduct();
    await repository.adjustQuantity(product, 3, 2);
    const orderId = freshOrder();
    expect((await post(RELEASE_PATH, { orderId })).body).toEqual({ orderId, released: false });
    const late = await post(RESERVATIONS_PATH, { orderId, lines: [{ productId: product, quantity: 1 }] });
    expect(late).toMatchObject({ status: 409, body: { code: 'RESERVATION_RELEASED' } });
    expect(await repository.findStock(product, 3)).toMatchObject({ reserved: 0 });
  });

  it('reserves all lines or none, and says which is short', async () => {
    const a = freshProduct();
    const b = freshProduct();
    await repository.adjustQuantity(a, 1, 10);
    await repository.adjustQuantity(b, 1, 1);
    const orderId = freshOrder();
    const short = await post(RESERVATIONS_PATH, {
      orderId,
      lines: [
        { productId: a, quantity: 4 },
        { productId: b, quantity: 2 },
      ],
    });
    expect(short).toMatchObject({
      status: 409,
      body: { code: 'INSUFFICIENT_STOCK', details: { productId: b, available: 1, requested: 2 } },
    });
    expect(await repository.findStock(a, 1)).toMatchObject({ reserved: 0 });
    // Nothing was recorded: the order may try again once stock arrives.
    await repository.adjustQuantity(b, 1, 1);
    expect((await post(RESERVATIONS_PATH, { orderId, lines: [{ productId: b, quantity: 2 }] })).status).toBe(200);
  });

  it('lets exactly one of 10 orders racing for the last unit have it; stock never goes negative', async () => {
    const product = freshProduct();
    await repository.adjustQuantity(product, 2, 1);
    const orders = Array.from({ length: 10 }, freshOrder);
    const results = await Promise.all(
      orders.map((orderId) => post(RESERVATIONS_PATH, { orderId, lines: [{ productId: product, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.code === 'INSUFFICIENT_STOCK')).toHaveLength(9);
    expect(await repository.findStock(product, 2)).toEqual({
      productId: product,
      warehouseId: 2,
      quantity: 1,
      reserved: 1,
    });
  });

  it('refuses callers without the orders service token, and malformed bodies', async () => {
    const body = { orderId: freshOrder(), lines: [{ productId: 1, quantity: 1 }] };
    expect((await post(RESERVATIONS_PATH, body, strangerToken)).status).toBe(401);
    expect((await post(RESERVATIONS_PATH, body, await token({ scope: 'orders:read:any' }))).status).toBe(401);
    expect((await post(RESERVATIONS_PATH, body, await token({ issuer: 'switchyard-gateway' }))).status).toBe(401);
    expect((await post(RESERVATIONS_PATH, body, 'not-a-token')).status).toBe(401);
    const noAuth = await service.app.inject({ method: 'POST', url: RELEASE_PATH, payload: { orderId: 1 } });
    expect(noAuth.statusCode).toBe(401);
    for (const bad of [
      { orderId: 0, lines: [{ productId: 1, quantity: 1 }] },
      { orderId: 1, lines: [] },
      { orderId: 1, lines: [{ productId: 1, quantity: 0 }] },
      { orderId: 1, lines: [{ productId: 1, quantity: 1001 }] },
      { lines: [{ productId: 1, quantity: 1 }] },
    ]) {
      expect((await post(RESERVATIONS_PATH, bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('serves no internal commands unless the orders service key is configured', async () => {
    const plain = await createInventorySubgraph({
      db: database.root.handle(),
      logger: createLogger('inventory', 'silent'),
    });
    const response = await plain.app.inject({ method: 'POST', url: RELEASE_PATH, payload: { orderId: 1 } });
    expect(response.statusCode).toBe(404);
    await plain.close();
  });
});

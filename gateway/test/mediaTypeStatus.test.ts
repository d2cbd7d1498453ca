import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEDIA_TYPES,
  NOT_WELL_FORMED_CODE,
  negotiateMediaType,
  requestErrorStatus,
  TRANSPORT_STATUSES,
} from '../src/plugins/mediaTypeStatus.js';
import { FEDERATION_LINK, type Federation, federate } from './federation/fixture.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

describe('the status of a request error follows the negotiated media type', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await federate([
      {
        name: 'greeter',
        typeDefs: `${FEDERATION_LINK}, import: ["@key"])
          type Query { greeting(times: Int!): String!, broken: String }
          type Mutation { touch: Boolean }`,
        resolvers: {
          Query: {
            greeting: (_: unknown, { times }: { times: number }) => 'hi'.repeat(times),
            broken: () => {
              throw new Error('the resolver failed');
            },
          },
          Mutation: { touch: () => true },
        },
      },
    ]);
  });
  afterAll(() => federation.close());

  const post = (accept: string | undefined, payload: unknown, headers: Record<string, string> = {}) =>
    federation.gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}), ...headers },
      payload: payload as Record<string, unknown>,
    });

  it.each([
    ['a parse error', { query: '{ greeting(times: 1)' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', { query: '{ greting(times: 1) }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable coercion error',
      { query: 'query($n: Int!) { greeting(times: $n) }', variables: { n: 'twice' } },
      'BAD_USER_INPUT',
    ],
  ])('%s: 400 as application/graphql-response+json, 200 as application/json', async (_, payload, code) => {
    const strict = await post(GRAPHQL_RESPONSE, payload);
    expect(strict.statusCode).toBe(400);
    expect(strict.headers['content-type']).toBe(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON);
    expect(strict.json()).toMatchObject({ errors: [{ extensions: { code } }] });
    expect(strict.json()).not.toHaveProperty('data');

    for (const accept of [JSON_TYPE, undefined, '*/*']) {
      const legacy = await post(accept, payload);
      expect(legacy.statusCode, `Accept: ${accept}`).toBe(200);
      expect(legacy.headers['content-type']).toBe(MEDIA_TYPES.JSON);
      expect(legacy.json()).toMatchObject({ errors: [{ extensions: { code } }] });
    }
  });

  it('follows the preference of Accept, with q-values, as Apollo negotiates it', async () => {
    const preferred = await post(`${JSON_TYPE};q=0.5, ${GRAPHQL_RESPONSE}`, { query: '{' });
    expect([preferred.statusCode, preferred.headers['content-type']]).toEqual([400, MEDIA_TYPES.GRAPHQL_RESPONSE_JSON]);
    // A tie goes to the one Accept lists first.
    const strictFirst = await post(`${GRAPHQL_RESPONSE}, ${JSON_TYPE}`, { query: '{' });
    expect([strictFirst.statusCode, strictFirst.headers['content-type']]).toEqual([
      400,
      MEDIA_TYPES.GRAPHQL_RESPONSE_JSON,
    ]);
    const jsonFirst = await post(`${JSON_TYPE}, ${GRAPHQL_RESPONSE}`, { query: '{' });
    expect([jsonFirst.statusCode, jsonFirst.headers['content-type']]).toEqual([200, MEDIA_TYPES.JSON]);
    const none = await post('application/xml', { query: '{ greeting(times: 1) }' });
    expect(none.statusCode).toBe(406);
  });

  it('serves a field error with partial data as 200 under both media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const response = await post(accept, { query: '{ greeting(times: 2) broken }' });
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type']).toBe(`${accept}; charset=utf-8`);
      const body = response.json() as { data: unknown; errors: { path: string[] }[] };
      expect(body.data).toEqual({ greeting: 'hihi', broken: null });
      expect(body.errors.map((e) => e.path)).toEqual([['broken']]);
    }
  });

  it('keeps 401 with WWW-Authenticate for a bad bearer token under both media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const response = await post(accept, { query: '{ greeting(times: 1) }' }, { authorization: 'Bearer not-a-jwt' });
      expect(response.statusCode, accept).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(response.headers['content-type']).toBe(`${accept}; charset=utf-8`);
      expect(response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('keeps 405 with Allow: POST for a mutation over GET under both media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const response = await federation.gateway.app.inject({
        method: 'GET',
        url: '/graphql?query=mutation%7Btouch%7D',
        headers: { accept, 'apollo-require-preflight': 'true' },
      });
      expect(response.statusCode, accept).toBe(405);
      expect(response.headers.allow).toBe('POST');
    }
  });

  it('refuses a GET without apollo-require-preflight or a content-type (CSRF), and runs it with either', async () => {
    const url = '/graphql?query=%7Bgreeting(times%3A1)%7D';
    const simple = await federation.gateway.app.inject({ method: 'GET', url });
    expect(simple.statusCode).toBe(400);
    expect(simple.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    for (const headers of [{ 'apollo-require-preflight': 'true' }, { 'content-type': JSON_TYPE }]) {
      const preflighted = await federation.gateway.app.inject({ method: 'GET', url, headers });
      expect(preflighted.statusCode).toBe(200);
      expect(preflighted.json()).toMatchObject({ data: { greeting: 'hi' } });
    }
  });

  it('keeps a request that is not well-formed (a body that is not JSON, no query) a 400 under both media types', async () => {
    for (const accept of [GRAPHQL_RESPONSE, JSON_TYPE]) {
      const notJson = await federation.gateway.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': JSON_TYPE, accept },
        payload: '{"query":',
      });
      expect(notJson.statusCode, accept).toBe(400);
      const noQuery = await post(accept, { variables: {} });
      expect(noQuery.statusCode, accept).toBe(400);
      expect(noQuery.headers['content-type']).toBe(`${accept}; charset=utf-8`);
      expect(noQuery.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    }
  });
});

describe('requestErrorStatus', () => {
  it('answers 200 as application/json except for the transport statuses', () => {
    expect(requestErrorStatus(MEDIA_TYPES.JSON, 400, [])).toBe(200);
    expect(requestErrorStatus(MEDIA_TYPES.JSON, 500, [])).toBe(200);
    expect(requestErrorStatus(MEDIA_TYPES.JSON_CALLBACK, 400, [])).toBe(200);
    for (const status of TRANSPORT_STATUSES) expect(requestErrorStatus(MEDIA_TYPES.JSON, status, [])).toBe(status);
    expect(requestErrorStatus(MEDIA_TYPES.JSON, 400, [{ extensions: { code: NOT_WELL_FORMED_CODE } }])).toBe(400);
  });

  it('answers the error status as application/graphql-response+json, never a 2xx without data', () => {
    // A limit refused with requestError carries its registered status: COST_LIMIT_EXCEEDED is 400.
    expect(requestErrorStatus(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON, 400, [])).toBe(400);
    expect(requestErrorStatus(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON, 429, [])).toBe(429);
    expect(
      requestErrorStatus(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON, undefined, [
        { extensions: { code: 'COST_LIMIT_EXCEEDED' } },
      ]),
    ).toBe(400);
    // An unregistered code, and a name every object has, are not registered statuses.
    for (const code of ['SOMETHING', 'toString']) {
      expect(requestErrorStatus(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON, 200, [{ extensions: { code } }]), code).toBe(500);
    }
  });

  it('negotiates like Apollo: application/json without Accept or for a wildcard, null when none fits', () => {
    expect(negotiateMediaType(undefined)).toBe(MEDIA_TYPES.JSON);
    expect(negotiateMediaType('*/*')).toBe(MEDIA_TYPES.JSON);
    expect(negotiateMediaType('application/*')).toBe(MEDIA_TYPES.JSON);
    expect(negotiateMediaType(GRAPHQL_RESPONSE)).toBe(MEDIA_TYPES.GRAPHQL_RESPONSE_JSON);
    expect(negotiateMediaType('text/html')).toBeNull();
  });
});

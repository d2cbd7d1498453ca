import { Supergraph } from '@apollo/federation-internals';
import { readSupergraph } from '@switchyard/schema';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSecurityRequirements } from '../../src/auth/requirements.js';
import { readCostDirectives } from '../../src/cost/directives.js';
import { estimateCost } from '../../src/cost/estimate.js';
import { DEFAULT_PROFILE_LIMITS, defaultProfileOf } from '../../src/cost/profiles.js';

describe('defaultProfileOf', () => {
  it('charges anonymous clients by address, customers by user id, admins by id, each with their limits', () => {
    expect(defaultProfileOf({ viewer: null, clientIp: '10.0.0.1' })).toEqual({
      key: 'anonymous:10.0.0.1',
      kind: 'anonymous',
      ...DEFAULT_PROFILE_LIMITS.anonymous,
    });
    expect(defaultProfileOf({ viewer: { id: 7, role: 'CUSTOMER', scopes: [] }, clientIp: '10.0.0.1' })).toMatchObject({
      key: 'user:7',
      kind: 'customer',
      maxCostPerQuery: 2_000,
    });
    expect(defaultProfileOf({ viewer: { id: 1, role: 'ADMIN', scopes: [] }, clientIp: null })).toMatchObject({
      key: 'admin:1',
      kind: 'admin',
      maxCostPerQuery: 50_000,
    });
  });

  it("admits the benchmark's shop page for an anonymous client, and refuses the issue's 300-byte query", () => {
    const supergraph = readSupergraph();
    const api = Supergraph.build(readSecurityRequirements(supergraph).executableSupergraph, {
      validateSupergraph: false,
    })
      .apiSchema()
      .toGraphQLJSSchema();
    // bench/gateway/workload.ts's SHOP_PAGE.
    const shopPage = `{ products(first: 20) { edges { node { id name price(currency: EUR) { amount currency }
      inventory { available } rating { average count }
      reviews(first: 2) { edges { node { rating body author { name
        reviews(first: 2) { edges { node { product { id name } } } } } } } } } } } }`;
    // From the inside out:
    //   author's reviews(first: 2): 1 + 2 x (edge 1 + node 1 + product 1) = 7
    //   author: 1 + 7 = 8
    //   reviews(first: 2): 1 + 2 x (edge 1 + node 1 + author 8) = 21
    //   node: 1 + price 1 + inventory 1 + rating 2 (@cost) + reviews 21 = 26
    //   products(first: 20): 1 + 20 x (edge 1 + node 26) = 541
    const estimate = estimateCost(api, readCostDirectives(supergraph), parse(shopPage), undefined);
    expect(estimate).toBe(541);
    expect(estimate).toBeLessThanOrEqual(DEFAULT_PROFILE_LIMITS.anonymous.maxCostPerQuery);
    // The 300-byte query's 305,040,301 (estimate.test.ts) is above every default limit.
    for (const limits of Object.values(DEFAULT_PROFILE_LIMITS))
      expect(limits.maxCostPerQuery).toBeLessThan(305_040_301);
  });
});

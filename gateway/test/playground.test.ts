import { Supergraph } from '@apollo/federation-internals';
import { readSupergraph } from '@switchyard/schema';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSecurityRequirements } from '../src/auth/requirements.js';
import { readExampleFiles } from '../src/playground/exampleFiles.js';
import { exampleTabs } from '../src/playground/examples.js';
import { AUTHORIZATION, HEADERS_TEMPLATE, HOOKS_GLOBAL, USE_TOKEN_BUTTON_ID } from '../src/playground/signIn.js';
import { renderPlayground } from '../src/playground.js';

// The schema clients see, built as the gateway builds it (security features it enforces itself
// taken out of the supergraph first).
const { executableSupergraph } = readSecurityRequirements(readSupergraph());
const apiSchema = Supergraph.build(executableSupergraph, { validateSupergraph: false }).apiSchema().toGraphQLJSSchema();
const files = readExampleFiles();

describe('the playground examples', () => {
  it('are the five tabs the issue lists, in order: shop page, sign-in, ordering, order status, admin', () => {
    expect(files.map((file) => file.name)).toEqual([
      '1-shop-page.graphql',
      '2-sign-in.graphql',
      '3-place-order.graphql',
      '4-order-status.graphql',
      '5-admin.graphql',
    ]);
  });

  it.each(files)('$name starts with a comment and validates against the supergraph API schema', ({ source }) => {
    expect(source.startsWith('# ')).toBe(true);
    expect(validate(apiSchema, parse(source))).toEqual([]);
  });

  it('sign in as the seeded customer and order with the approved test card', () => {
    const text = files.map((file) => file.source).join('\n');
    expect(text).toContain('login(email: "customer@switchyard.dev", password: "switchyard-customer")');
    expect(text).toContain('cardNumber: "4242424242424242"');
    // The subscription's event reaches into users (customer name) and products (product names).
    expect(text.replace(/\s+/g, ' ')).toContain('order { customer { name } items { quantity product { name } }');
  });

  it('give the tabs that need an order id a Variables template with orderId, and the others none', () => {
    const tabs = exampleTabs(files);
    expect(tabs.map((tab) => tab.variables !== null)).toEqual([false, false, true, true, true]);
    // The template is JSON once its comment line goes, as in GraphiQL's editor (JSON with comments).
    const variables = tabs[3]?.variables?.replace(/^\s*\/\/.*$/m, '') ?? '';
    expect(JSON.parse(variables)).toEqual({ orderId: null });
  });
});

describe('the playground page', () => {
  const page = renderPlayground('/graphql');

  it('opens every example as a tab, each with the commented authorization template in its headers', () => {
    for (const tab of exampleTabs(files)) {
      expect(page).toContain(JSON.stringify({ ...tab, headers: HEADERS_TEMPLATE }));
    }
    expect(HEADERS_TEMPLATE).toContain(`// "${AUTHORIZATION}": "Bearer <paste the token from the SignIn tab>"`);
    // Whole-line comments gone, the template is an empty JSON object: no header is sent until one is set.
    expect(JSON.parse(HEADERS_TEMPLATE.replace(/^\s*\/\/.*$/gm, ''))).toEqual({});
  });

  it('merges the sign-in hooks into GraphiQL options and carries the script that defines them', () => {
    expect(page).toContain(`, window["${HOOKS_GLOBAL}"])`);
    expect(page).toContain(USE_TOKEN_BUTTON_ID);
    expect(page.indexOf(`window[C.hooks] =`)).toBeLessThan(page.indexOf('YogaGraphiQL.renderYogaGraphiQL('));
  });

  it('loads nothing from another origin', () => {
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });
});

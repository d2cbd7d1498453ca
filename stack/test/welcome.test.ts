import { SEED_ADMIN_EMAIL, SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from '@switchyard/users';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { curlLine, welcomeLines } from '../src/welcome.js';

const GATEWAY = 'http://127.0.0.1:4000';

/** The GraphQL document a welcome curl line sends: its single-quoted -d body, as the shell passes it. */
function sentQuery(line: string): string {
  const body = /-d '([^']*)'$/.exec(line)?.[1];
  if (body === undefined) throw new Error(`no -d body in ${line}`);
  return (JSON.parse(body) as { query: string }).query;
}

describe('the welcome npm start prints', () => {
  const lines = welcomeLines({ gateway: GATEWAY });
  const curls = lines.filter((line) => line.trim().startsWith('curl '));

  it('names the seeded customer and admin logins and where the docs are', () => {
    const text = lines.join('\n');
    expect(text).toContain(`${SEED_CUSTOMER_EMAIL} / ${SEED_CUSTOMER_PASSWORD}`);
    expect(text).toContain(SEED_ADMIN_EMAIL);
    expect(text).toContain('README.md');
    expect(text).toContain('docs/errors.md');
  });

  it('has two curl lines to the gateway: signing in as the customer, then the shop page', () => {
    expect(curls).toHaveLength(2);
    for (const line of curls) expect(line).toContain(` ${GATEWAY}/graphql -H 'content-type: application/json' -d '`);
    const [signIn, shopPage] = curls.map((line) => parse(sentQuery(line)));
    expect(signIn?.definitions[0]).toMatchObject({ operation: 'mutation' });
    expect(sentQuery(curls[0] ?? '')).toContain(`login(email: "${SEED_CUSTOMER_EMAIL}"`);
    expect(shopPage?.definitions[0]).toMatchObject({ operation: 'query' });
    expect(sentQuery(curls[1] ?? '')).toContain('products(first: 3)');
  });

  it('refuses a curl body with a single quote, which would end the shell string', () => {
    expect(() => curlLine(`${GATEWAY}/graphql`, '{ product(id: "it\'s") { id } }')).toThrow(/single quote/);
  });
});

import { SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD, SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from '@switchyard/users';

/** What the welcome needs to know about a running stack. */
export interface WelcomeUrls {
  /** The gateway's base URL, `http://127.0.0.1:4000`; GraphQL and the playground are at /graphql. */
  gateway: string;
}

/** The sign-in operation of the first curl line: the seeded customer's token. */
const SIGN_IN = `mutation { login(email: "${SEED_CUSTOMER_EMAIL}", password: "${SEED_CUSTOMER_PASSWORD}") { token } }`;

/** The shop page of the second curl line, a smaller cut of the playground's ShopPage tab. */
const SHOP_PAGE =
  '{ products(first: 3) { edges { node { name price(currency: USD) { amount currency } inventory { available } rating { average } } } } }';

/**
 * One curl command that POSTs `query` to the gateway. The JSON content type is what Apollo
 * Server's CSRF prevention asks of a request; the body is single-quoted for POSIX shells.
 */
export function curlLine(graphqlUrl: string, query: string): string {
  const body = JSON.stringify({ query });
  if (body.includes("'")) throw new Error('a welcome curl body cannot hold a single quote');
  return `curl -s ${graphqlUrl} -H 'content-type: application/json' -d '${body}'`;
}

/**
 * The lines `npm start` prints under the URLs: the seeded logins, one curl line that signs in, one
 * that runs the shop page, and where the docs are.
 */
export function welcomeLines(urls: WelcomeUrls): string[] {
  const graphql = `${urls.gateway}/graphql`;
  return [
    `  Open ${graphql} in a browser: its tabs show the shop page, signing in, ordering, live order status.`,
    `  Seeded logins: ${SEED_CUSTOMER_EMAIL} / ${SEED_CUSTOMER_PASSWORD} (customer), ${SEED_ADMIN_EMAIL} / ${SEED_ADMIN_PASSWORD} (admin)`,
    '  Sign in:',
    `    ${curlLine(graphql, SIGN_IN)}`,
    '  The shop page:',
    `    ${curlLine(graphql, SHOP_PAGE)}`,
    '  Docs: README.md (start here), docs/errors.md (every error code a client can see).',
  ];
}

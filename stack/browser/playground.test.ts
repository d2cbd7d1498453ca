import { configReader } from '@switchyard/config';
import { SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD } from '@switchyard/users';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test/fixture.js';

// Debian's chromium (apt-get install -y chromium); never a downloaded browser build.
const CHROMIUM = configReader(process.env, 'tests')('CHROMIUM_PATH');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LOCAL_HOSTS = ['127.0.0.1', 'localhost'];
/** The committed picture of the playground with a live subscription result (README). */
const SCREENSHOT = 'docs/playground.png';

/** The text of GraphiQL's result pane (Monaco renders spaces as no-break spaces). */
async function resultText(page: Page): Promise<string> {
  return ((await page.locator('.result-window').textContent()) ?? '').replaceAll('\u00a0', ' ');
}

async function openTab(page: Page, title: string): Promise<void> {
  // The tabs are draggable (pointer events start a drag); a plain click event selects one.
  await page.locator('.graphiql-tab', { hasText: title }).locator('.graphiql-tab-button').dispatchEvent('click');
  await expect.poll(() => page.locator('.graphiql-tab-active').textContent()).toContain(title);
  // GraphiQL learns the tab's operations a moment after the switch (and runs the previous tab's
  // operation name until then); it writes the query into the URL at the same time.
  await expect.poll(() => new URL(page.url()).searchParams.get('query') ?? '').toContain(` ${title}`);
}

async function run(page: Page): Promise<void> {
  await page.click('.graphiql-execute-button');
}

describe('the playground in a browser', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack('pglite');
  });
  afterAll(() => t?.close());

  it('runs the shop page, signs in, and shows an order going PLACED then PAID live, all from the gateway alone', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!LOCAL_HOSTS.includes(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:')
          foreign.push(url.href);
      });
      const sent: string[] = [];
      const received: string[] = [];
      page.on('websocket', (socket) => {
        if (!LOCAL_HOSTS.includes(new URL(socket.url()).hostname)) foreign.push(socket.url());
        socket.on('framesent', (frame) => sent.push(String(frame.payload)));
        socket.on('framereceived', (frame) => received.push(String(frame.payload)));
      });
      await page.goto(`${t.stack.urls.gateway}/graphql`);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });

      // The first tab is the shop page: products across five subgraphs.
      await expect.poll(() => page.locator('.graphiql-tab-active').textContent()).toContain('ShopPage');
      await run(page);
      await expect.poll(() => resultText(page), { timeout: 30_000 }).toContain('"products"');
      expect(await resultText(page)).toContain('"rating"');
      expect(await resultText(page)).not.toContain('"errors"');

      // Signing in: the SignIn tab, then the one action that puts its token into the headers.
      await openTab(page, 'SignIn');
      await run(page);
      await expect.poll(() => resultText(page), { timeout: 30_000 }).toContain('"token"');
      const useToken = page.locator('#switchyard-use-token');
      await expect.poll(() => useToken.textContent()).toContain('Use this token');
      // The page reloads with the token in every tab's headers.
      await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), useToken.click()]);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      await openTab(page, 'OrderStatus');
      const headers = await page.evaluate(() => localStorage.getItem('graphiql:headers'));
      expect(headers).toMatch(/"authorization": "Bearer [\w-]+\.[\w-]+\.[\w-]+"/);

      // An order of the same customer, made over HTTP; its status subscribed to in the page.
      const token = await t.login(SEED_CUSTOMER_EMAIL, SEED_CUSTOMER_PASSWORD);
      const created = await t.query<{ createOrder: { id: string } }>('mutation { createOrder { id } }', {}, token);
      const orderId = created.data?.createOrder.id ?? '';
      expect(orderId).not.toBe('');
      const added = await t.query(
        'mutation($o: ID!) { addOrderItem(orderId: $o, productId: "11", quantity: 1) { id } }',
        { o: orderId },
        token,
      );
      expect(added.errors).toBeUndefined();
      await page.locator('.graphiql-editor-tools button', { hasText: 'Variables' }).click();
      await page.locator('.monaco-editor[data-uri$="variables.json"]').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      // Typed as a user types; the editor closes brackets and quotes itself and types over them.
      await page.keyboard.type(JSON.stringify({ orderId }));
      await run(page);
      // The first event is the order's current status.
      await expect.poll(() => resultText(page), { timeout: 30_000 }).toContain('"PENDING"');
      // The socket signed in with the headers' token in connection_init, as the gateway reads it.
      const init = JSON.parse(sent[0] ?? '{}') as { type?: string; payload?: { authorization?: string } };
      expect(init.type).toBe('connection_init');
      expect(init.payload?.authorization).toBe(`Bearer ${JSON.parse(headers ?? '{}').authorization.slice(7)}`);

      const placed = await t.query<{ placeOrder: { status: string } }>(
        'mutation($o: ID!) { placeOrder(orderId: $o, paymentMethod: { cardNumber: "4242424242424242" }) { status } }',
        { o: orderId },
        token,
      );
      expect(placed.data?.placeOrder.status).toBe('PAID');
      // Both events reached the page, in order; the pane shows the last, with fields from users
      // (the customer's name) and products (the product's name).
      const statuses = () =>
        received.flatMap((frame) => {
          const message = JSON.parse(frame) as {
            type: string;
            payload?: { data?: { orderStatusChanged?: { status: string } } };
          };
          return message.type === 'next' ? [message.payload?.data?.orderStatusChanged?.status] : [];
        });
      await expect.poll(statuses, { timeout: 30_000 }).toEqual(['PENDING', 'PLACED', 'PAID']);
      await expect.poll(() => resultText(page), { timeout: 30_000 }).toContain('"PAID"');
      expect(await resultText(page)).toContain('"customer"');
      expect(await resultText(page)).toContain('"product"');
      await page.screenshot({ path: SCREENSHOT });
      // Everything the page loaded or connected to was the gateway on 127.0.0.1: nothing from a CDN.
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

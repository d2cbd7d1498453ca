import { configReader } from '@switchyard/config';
import { chromium } from 'playwright-core';
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

describe('the playground in a browser', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack('pglite');
  });
  afterAll(() => t?.close());

  it('loads GraphiQL from the gateway alone and runs a query across subgraphs', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol.startsWith('http'))
          foreign.push(url.href);
      });
      await page.goto(`${t.stack.urls.gateway}/graphql`);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      // The default query is the shop page; run it with the execute button.
      await page.click('.graphiql-execute-button');
      const result = page.locator('.result-window');
      await expect.poll(async () => result.textContent(), { timeout: 30_000 }).toContain('"products"');
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('"rating"');
      expect(text).toContain('"inventory"');
      expect(text).not.toContain('"errors"');
      await page.screenshot({ path: 'stack/browser/playground.png' });
      // Everything the page loaded came from the gateway: nothing from a CDN.
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

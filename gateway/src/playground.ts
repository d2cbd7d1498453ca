// The GraphiQL playground: one page, rendered once. What it shows lives in playground/: the example
// operations (examples/*.graphql, opened as tabs on first visit) and signing in (signIn.ts).
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type ExampleFile, readExampleFiles } from './playground/exampleFiles.js';
import { exampleTabs } from './playground/examples.js';
import { HEADERS_TEMPLATE, HOOKS_GLOBAL, signInScript } from './playground/signIn.js';

/** What comes after the page's root element; the sign-in script goes there, before GraphiQL's. */
const ROOT_ELEMENT = '<div id="root"></div>';

/**
 * GraphiQL as one self-contained page (scripts and styles inline): it works offline, unlike
 * Apollo's landing page and Sandbox, which load from a CDN (STACK.md). Rendered once; ~9 MB.
 * `examples` are the files opened as tabs; the ones in playground/examples/ unless given.
 */
export function renderPlayground(endpoint: string, examples: readonly ExampleFile[] = readExampleFiles()): string {
  const options = {
    endpoint,
    title: 'Switchyard GraphQL playground',
    subscriptionsProtocol: 'WS' as const,
    defaultTabs: exampleTabs(examples).map((tab) => ({ ...tab, headers: HEADERS_TEMPLATE })),
    defaultHeaders: HEADERS_TEMPLATE,
    // The token pasted or put in by "Use this token" survives a reload (in localStorage).
    shouldPersistHeaders: true,
  };
  const json = JSON.stringify(options);
  const page = renderGraphiQL(options);
  // render-graphiql writes its options as JSON into the page; the sign-in hooks are functions,
  // merged in from the global the sign-in script defines (GraphiQL passes props it does not
  // know, like connectionParams, on to its graphql-ws client).
  const withHooks = page.replace(json, () => `Object.assign(${json}, window[${JSON.stringify(HOOKS_GLOBAL)}])`);
  if (withHooks === page || !page.includes(ROOT_ELEMENT)) {
    throw new Error('@graphql-yoga/render-graphiql changed its page: the playground cannot add its sign-in hooks');
  }
  return withHooks.replace(ROOT_ELEMENT, () => `${ROOT_ELEMENT}\n<script>${signInScript()}</script>`);
}

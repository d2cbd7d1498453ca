// Signing in from the playground. GraphiQL (as @graphql-yoga/render-graphiql embeds it) takes its
// options as JSON and offers no way to set the Headers editor from outside its React tree, and its
// graphql-ws client sends the editor's headers only inside each `subscribe` message
// (`payload.extensions.headers`), never in `connection_init`, where the gateway authenticates a
// socket. So the page carries a small script of its own (no CDN; inline like the rest):
//
// - it watches the page's own GraphQL answers (GraphiQL fetches through `globalThis.fetch`) for a
//   `login` or `register` token and then offers a "Use this token" button, which writes
//   `authorization: Bearer <token>` into every tab's headers in GraphiQL's storage and reloads;
// - it gives GraphiQL's graphql-ws client a `connectionParams` function that sends the active
//   tab's `authorization` header in `connection_init` (kept current through `onEditHeaders` and
//   `onTabChange`).

/** The header the gateway reads a bearer token from, over HTTP and in `connection_init`. */
export const AUTHORIZATION = 'authorization';

/**
 * Where GraphiQL keeps its state: `localStorage` keys under this prefix (`tabState`, `headers`,
 * `query`, `variables`, `shouldPersistHeaders`), as GraphiQL 5's StorageAPI names them.
 */
export const GRAPHIQL_STORAGE_PREFIX = 'graphiql:';

/** How long after a change GraphiQL 5 writes its tabs to storage (its `storeTabs` debounce). */
export const GRAPHIQL_STORE_DELAY_MS = 500;

/** The Headers editor's text for a new tab: JSON with comments, which GraphiQL accepts. */
export const HEADERS_TEMPLATE = `{
  // Run the SignIn tab, then press "Use this token" (bottom right).
  // Or paste a token into the line below and remove its slashes:
  // "${AUTHORIZATION}": "Bearer <paste the token from the SignIn tab>"
}`;

/** The global the page script leaves the hooks on, merged into GraphiQL's options. */
export const HOOKS_GLOBAL = '__switchyardPlayground';

/** The "Use this token" button's id, for the browser test and the page's style. */
export const USE_TOKEN_BUTTON_ID = 'switchyard-use-token';

/**
 * The page script: plain ES2020 for the browser, run before GraphiQL renders. It defines
 * `window[HOOKS_GLOBAL] = { connectionParams, onEditHeaders, onTabChange }`.
 */
export function signInScript(): string {
  const constants = JSON.stringify({
    header: AUTHORIZATION,
    prefix: GRAPHIQL_STORAGE_PREFIX,
    template: HEADERS_TEMPLATE,
    button: USE_TOKEN_BUTTON_ID,
    hooks: HOOKS_GLOBAL,
    storeDelayMs: GRAPHIQL_STORE_DELAY_MS,
  }).replaceAll('<', '\\u003c');
  return `(() => {
  const C = ${constants};
  const stored = (key) => { try { return localStorage.getItem(C.prefix + key); } catch { return null; } };
  const store = (key, value) => localStorage.setItem(C.prefix + key, value);
  const activeTab = () => {
    try {
      const state = JSON.parse(stored('tabState') ?? 'null');
      return state && Array.isArray(state.tabs) ? { state, tab: state.tabs[state.activeTabIndex] } : undefined;
    } catch { return undefined; }
  };
  let headers = activeTab()?.tab?.headers ?? stored('headers') ?? C.template;

  // The editor's text is JSON with comments; whole-line comments and trailing commas go first.
  const authorization = (text) => {
    try {
      const parsed = JSON.parse(String(text ?? '').replace(/^\\s*\\/\\/.*$/gm, '').replace(/,(\\s*})/g, '$1') || '{}');
      const found = Object.entries(parsed ?? {}).find(([name]) => name.toLowerCase() === C.header);
      return typeof found?.[1] === 'string' ? found[1] : undefined;
    } catch { return undefined; }
  };

  window[C.hooks] = {
    connectionParams: () => {
      const value = authorization(headers);
      return value ? { [C.header]: value } : {};
    },
    onEditHeaders: (text) => { headers = text; },
    onTabChange: (state) => { headers = state?.tabs?.[state.activeTabIndex]?.headers ?? headers; },
  };

  const useToken = (token) => {
    const value = JSON.stringify({ [C.header]: 'Bearer ' + token }, null, 2);
    // GraphiQL writes its tabs to storage a while after each change (C.storeDelayMs); one still
    // pending would overwrite these headers, so they are written once it has run.
    setTimeout(() => {
      const current = activeTab();
      if (current) {
        for (const tab of current.state.tabs) tab.headers = value;
        store('tabState', JSON.stringify(current.state));
        // GraphiQL picks the tab to open by its query, variables and headers: make them agree.
        store('query', current.tab?.query ?? '');
        store('variables', current.tab?.variables ?? '');
      }
      store('headers', value);
      store('shouldPersistHeaders', 'true');
      // Without ?query=, which GraphiQL would open as a tab of its own.
      location.replace(location.pathname);
    }, C.storeDelayMs + 100);
  };

  const offer = (token, who) => {
    let button = document.getElementById(C.button);
    if (!button) {
      button = document.createElement('button');
      button.id = C.button;
      button.type = 'button';
      button.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:1000;padding:10px 14px;border:0;' +
        'border-radius:6px;background:hsl(var(--color-primary,320,95%,43%));color:#fff;font:600 14px system-ui;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';
      document.body.append(button);
    }
    button.textContent = 'Use this token' + (who ? ' (' + who + ')' : '') + ' in the headers';
    button.onclick = () => {
      button.disabled = true;
      button.textContent = 'Putting the token into the headers ...';
      useToken(token);
    };
  };

  const fetchFromPage = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const response = await fetchFromPage(...args);
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      response.clone().json().then((body) => {
        const payload = body?.data?.login ?? body?.data?.register;
        if (typeof payload?.token === 'string') offer(payload.token, payload.user?.name ?? payload.user?.email);
      }, () => {});
    }
    return response;
  };
})();`;
}

/// <reference path="./undici-internals.d.ts" />
/**
 * The two parts of undici the subgraph client uses, loaded without the rest of the package.
 *
 * `import { Agent } from 'undici'` loads undici's whole index: fetch, WebSocket, EventSource, the
 * cache stores, the mock agents, all interceptors. That is ~3 MiB more of the gateway's live heap
 * than the keep-alive agent and `request` alone, and V8 lets the old generation grow to about
 * four times the live heap before a full collection, so it showed up as ~10 MiB of peak RSS under
 * load (issue 5). undici has no exports map and documents no subpath entry points, so these deep
 * paths are tied to the pinned version; `test/undici.test.ts` fails if an upgrade moves them (it
 * checks they are the very objects the package index exports).
 */
import type { Agent as AgentType, Dispatcher } from 'undici';
import requestFunction from 'undici/lib/api/api-request.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';

export type Agent = AgentType;
export type { Dispatcher };

/** undici's `Agent`: a keep-alive pool per origin. */
export const Agent: typeof AgentType = AgentClass;

/** `dispatcher.request(options)` (undici adds it to Dispatcher.prototype in its index). */
export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestFunction.call(dispatcher, options);
}

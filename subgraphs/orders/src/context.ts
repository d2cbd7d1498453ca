import type { Viewer } from '@switchyard/auth';
import type { Loaders } from './loaders.js';
import type { OrdersServices } from './services.js';

/** What a resolver of the orders subgraph gets: fresh per request (or per subscription). */
export interface Context {
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  loaders: Loaders;
  /** The write side and its ports: commands, the placement saga, prices, the status bus. */
  services: OrdersServices;
  /** Carried onto the events this request appends (the request id when it is a UUID). */
  correlationId: string;
}

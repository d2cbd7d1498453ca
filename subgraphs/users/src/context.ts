import type { Viewer } from '@switchyard/auth';
import type { Loaders } from './loaders.js';
import type { UsersRepository } from './repository.js';
import type { LoginThrottle } from './throttle.js';
import type { TokenIssuer } from './tokens.js';

/** What a resolver of the users subgraph gets: fresh per request. */
export interface Context {
  loaders: Loaders;
  repository: UsersRepository;
  throttle: LoginThrottle;
  issueToken: TokenIssuer;
  /** Who is asking, as the gateway vouches (null: anonymous). */
  viewer: Viewer | null;
  /** The client's address, for login throttling. */
  clientIp: string;
}

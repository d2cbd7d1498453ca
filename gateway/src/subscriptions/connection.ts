import type { RequestIdentity } from '@switchyard/auth';
import type { Clock, WebSocketExtra } from '@switchyard/service';
import { CloseCode, type Context } from 'graphql-ws';
import type { BearerAuthenticator } from '../auth/authenticate.js';

/** The reason sent with 4403 when a connection's bearer token expires. */
export const TOKEN_EXPIRED_REASON = 'Forbidden: the bearer token expired';

type ConnectionContext = Context<Record<string, unknown>, WebSocketExtra>;

/**
 * A connection is signed in once, at connection_init, so its token's expiry is enforced here:
 * when it passes, the socket closes with 4403, which graphql-ws clients retry; a client whose
 * `connectionParams` is a function signs in again with a fresh token, and `afterVersion` picks
 * the order's status stream up where it stopped.
 */
export function closeWhenExpired(socket: WebSocketExtra['socket'], validUntil: number, clock: Clock): void {
  const cancel = clock.setTimeout(
    () => socket.close(CloseCode.Forbidden, TOKEN_EXPIRED_REASON),
    Math.max(0, validUntil - clock.now()),
  );
  socket.once('close', cancel);
}

/**
 * Who each connection is: `connection_init` authenticates (`authorization: "Bearer …"` in the
 * connection params) with the authenticator HTTP requests use; a bad token refuses the
 * connection (graphql-ws closes with 4403), none is anonymous. The client address is the
 * socket's, as HTTP's `request.ip` is.
 */
export class ConnectionIdentities {
  readonly #identities = new WeakMap<object, RequestIdentity>();

  constructor(
    private readonly authenticate: BearerAuthenticator,
    private readonly clock: Clock,
  ) {}

  /** graphql-ws's `onConnect`: false refuses the connection. */
  readonly onConnect = async (ctx: ConnectionContext): Promise<boolean> => {
    const params = ctx.connectionParams ?? {};
    const authorization = params.authorization ?? params.Authorization;
    if (authorization !== undefined && typeof authorization !== 'string') return false;
    let viewer: Awaited<ReturnType<BearerAuthenticator>>;
    try {
      viewer = await this.authenticate(authorization);
    } catch {
      return false;
    }
    this.#identities.set(ctx, { viewer, clientIp: ctx.extra.request.socket.remoteAddress ?? null });
    if (viewer) closeWhenExpired(ctx.extra.socket, viewer.validUntil, this.clock);
    return true;
  };

  /** The identity `connection_init` established (anonymous before it). */
  of(ctx: ConnectionContext): RequestIdentity {
    return this.#identities.get(ctx) ?? { viewer: null, clientIp: null };
  }
}

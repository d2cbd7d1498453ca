import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { type IdentitySigner, type RequestIdentity, VIEWER_HEADER } from '@switchyard/auth';

/** What the gateway's context carries for identity forwarding. */
export interface IdentityContext {
  identity: RequestIdentity;
  /** The signed identity header for this request's subgraph calls (signed once, on first use). */
  identityToken?: Promise<string>;
}

/**
 * Adds the gateway-signed identity header to every call a data source makes. Subgraphs trust
 * nothing else; a client's own headers are never forwarded.
 */
export class IdentityForwardingDataSource implements GraphQLDataSource<IdentityContext> {
  constructor(
    private readonly inner: GraphQLDataSource<IdentityContext>,
    private readonly sign: IdentitySigner,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<IdentityContext>) {
    const context = options.context as IdentityContext | undefined;
    // Health checks and schema fetches run without a request context: they go out anonymous.
    const identity = context?.identity ?? { viewer: null, clientIp: null };
    let token: Promise<string>;
    if (context) {
      context.identityToken ??= this.sign(identity);
      token = context.identityToken;
    } else {
      token = this.sign(identity);
    }
    // A Map is all SubgraphClient reads (it iterates the entries); cheaper than WHATWG Headers.
    const headers = new Map<string, string>(options.request.http?.headers ?? []);
    headers.set(VIEWER_HEADER, await token);
    options.request.http = {
      method: options.request.http?.method ?? 'POST',
      url: options.request.http?.url ?? '',
      headers: headers as never,
    };
    return this.inner.process(options);
  }
}

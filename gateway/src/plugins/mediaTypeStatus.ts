import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { ERROR_CODES, type ErrorCode } from '@switchyard/errors';
import Negotiator from 'negotiator';

/**
 * The HTTP status of a GraphQL request error follows the media type the response is served as
 * (GraphQL over HTTP, "Status Codes"):
 * - `application/graphql-response+json`: the 4xx/5xx the error carries (400 for
 *   GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, a limit's code, ...).
 * - `application/json` (Apollo's choice without Accept or for a wildcard one): 200, the spec's SHOULD,
 *   since a client cannot tell a non-200 JSON body from a proxy's; except `TRANSPORT_STATUSES`.
 * A response with `data` is a 200 under both. A request that is not a well-formed
 * GraphQL-over-HTTP request keeps Apollo's 4xx under both: those refused before the pipeline
 * never reach this plugin (a body that is not JSON, `variables` that are not an object, a GET
 * without `apollo-require-preflight` or a content-type: CSRF prevention, a bad bearer token's 401
 * from the context factory); those refused in it carry `NOT_WELL_FORMED_CODE` (no `query`).
 *
 * Apollo Server chooses the content-type after `willSendResponse`, only when no plugin set one;
 * this plugin negotiates it from Accept exactly as Apollo does and sets it with the status, so
 * the two always agree. Plugins that refuse a request do it by throwing a GraphQLError with
 * `extensions.http` (`requestError`), not by setting the status themselves.
 */

/** Single-response media types, spelled as Apollo Server spells them (`MEDIA_TYPES`). */
export const MEDIA_TYPES = {
  JSON: 'application/json; charset=utf-8',
  GRAPHQL_RESPONSE_JSON: 'application/graphql-response+json; charset=utf-8',
  /** Apollo's subscription-callback flavour of application/json; its statuses are JSON's. */
  JSON_CALLBACK: 'application/json; callbackSpec=1.0; charset=utf-8',
} as const;
type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** In Apollo's order (`chooseContentTypeForSingleResultResponse`): a tie and a wildcard pick the first. */
const OFFERED: readonly MediaType[] = [MEDIA_TYPES.JSON, MEDIA_TYPES.GRAPHQL_RESPONSE_JSON, MEDIA_TYPES.JSON_CALLBACK];

/**
 * Statuses a request error keeps under application/json too: refusals of the transport whose
 * status and headers tell clients and proxies what to do, beyond what the body says.
 */
export const TRANSPORT_STATUSES: ReadonlySet<number> = new Set([
  401, // UNAUTHENTICATED with WWW-Authenticate (RFC 6750): get a new token
  405, // a mutation over GET, with Allow: POST (GraphQL over HTTP, "GET": MUST 405)
  429, // too many requests, with Retry-After
  503, // shedding load, with Retry-After
]);

/**
 * Apollo's code for a request that is not a well-formed GraphQL-over-HTTP request (no `query`, a
 * mutation over GET): the spec's 400 ("Invalid parameters") under application/json as well.
 */
export const NOT_WELL_FORMED_CODE = 'BAD_REQUEST';

/** The media type Apollo would answer with, or null when Accept allows none (Apollo's 406). */
export function negotiateMediaType(accept: string | undefined): MediaType | null {
  if (!accept) return MEDIA_TYPES.JSON;
  return (new Negotiator({ headers: { accept } }).mediaType(OFFERED) as MediaType | undefined) ?? null;
}

/** The status a response without `data` is served with under `mediaType`. */
export function requestErrorStatus(
  mediaType: MediaType,
  status: number | undefined,
  errors: readonly { extensions?: Record<string, unknown> }[] | undefined,
): number {
  const code = errors?.[0]?.extensions?.code;
  if (mediaType !== MEDIA_TYPES.GRAPHQL_RESPONSE_JSON) {
    if (code === NOT_WELL_FORMED_CODE) return status ?? 400;
    return status !== undefined && TRANSPORT_STATUSES.has(status) ? status : 200;
  }
  if (status !== undefined && status >= 400) return status;
  // Never a 2xx without data under this media type: the first error's registered status, else 500.
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode].status : 500;
}

function mediaTypeOf(contentType: string): MediaType | undefined {
  return OFFERED.find((m) => m === contentType);
}

/** Sets the content-type and the status of every single-result HTTP response together. */
export function mediaTypeStatusPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const willSendResponse = async ({ request, response }: GraphQLRequestContextWillSendResponse<TContext>) => {
    // Incremental delivery is multipart, negotiated by Apollo; executeOperation has no HTTP.
    if (!request.http || response.body.kind !== 'single') return;
    const set = response.http.headers.get('content-type');
    const mediaType = set !== undefined ? mediaTypeOf(set) : negotiateMediaType(request.http.headers.get('accept'));
    // Another plugin's content-type, or none acceptable (Apollo then answers 406): not ours.
    if (!mediaType) return;
    response.http.headers.set('content-type', mediaType);
    const { singleResult } = response.body;
    const status = response.http.status;
    if (singleResult.data !== undefined) {
      if (status !== undefined && (status < 200 || status > 299)) response.http.status = 200;
      return;
    }
    response.http.status = requestErrorStatus(mediaType, status, singleResult.errors);
  };
  return {
    async requestDidStart() {
      return { willSendResponse };
    },
  };
}

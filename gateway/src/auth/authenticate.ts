import { HeaderMap } from '@apollo/server';
import { assertIssuedInThePast, ROLE_SCOPES, SIGNING_ALG, type Viewer } from '@switchyard/auth';
import { requestError } from '@switchyard/errors';
import { type Clock, systemClock } from '@switchyard/service';
import type { GraphQLError } from 'graphql';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface BearerAuthOptions {
  /** Where the users service publishes its public keys (`/.well-known/jwks.json`). */
  jwksUrl: string;
  /** The `iss` tokens must carry. @default switchyard-users */
  issuer: string;
  /** The `aud` tokens must carry. @default switchyard */
  audience: string;
  /**
   * Allowed clock skew for `exp`/`nbf`/`iat`, in seconds: a token expired this long ago, or
   * issued this far in the future, still passes. @default 5
   */
  clockToleranceSeconds?: number;
  /** A key source other than `jwksUrl` (tests). */
  keys?: JWTVerifyGetKey;
  /** What time it is. @default systemClock */
  clock?: Clock;
}

/** The challenge of a refused bearer token (RFC 6750 section 3). */
export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';

/**
 * One answer for every bad token: expired, wrong issuer or audience, `alg: none`, HS256 where
 * EdDSA is pinned, a tampered payload, an unknown key id. Detail would help an attacker; the
 * log has the reason.
 */
export function unauthenticated(): GraphQLError {
  const error = requestError('UNAUTHENTICATED', 'The bearer token is invalid or expired');
  // requestError sets the registry's status (401); the challenge header is this error's own. Apollo
  // Server reads `http.headers` as a HeaderMap.
  (error.extensions.http as { headers?: HeaderMap }).headers = new HeaderMap([
    ['www-authenticate', INVALID_TOKEN_CHALLENGE],
  ]);
  return error;
}

/** A verified bearer token's viewer, and until when the token holds. */
export interface AuthenticatedViewer extends Viewer {
  /** `exp` plus the clock tolerance, in epoch milliseconds: after it the token is refused. */
  validUntil: number;
}

/**
 * Verifies `Authorization: Bearer <jwt>` with jose: algorithm pinned to EdDSA, issuer, audience,
 * required `exp` and `sub` (without `requiredClaims` jose accepts a token with no expiry, STACK.md),
 * and an `iat` no further ahead than the tolerance (jose checks `iat` only with `maxTokenAge`).
 * No header: anonymous (null). A bad one: throws UNAUTHENTICATED (HTTP 401).
 */
export function createBearerAuthenticator(options: BearerAuthOptions, onReject?: (reason: unknown) => void) {
  const toleranceSeconds = options.clockToleranceSeconds ?? 5;
  const clock = options.clock ?? systemClock;
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: 2_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  return async (authorization: string | undefined): Promise<AuthenticatedViewer | null> => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(authorization);
    if (!match?.[1]) {
      onReject?.(new Error('malformed Authorization header'));
      throw unauthenticated();
    }
    try {
      const now = clock.now();
      const { payload } = await jwtVerify(match[1], keys, {
        algorithms: [SIGNING_ALG],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: toleranceSeconds,
        currentDate: new Date(now),
      });
      assertIssuedInThePast(payload, now, toleranceSeconds);
      const id = Number(payload.sub);
      const role = payload.role;
      if (!Number.isSafeInteger(id) || id <= 0 || (role !== 'CUSTOMER' && role !== 'ADMIN')) {
        throw new Error('token claims are not a viewer');
      }
      // Scopes in the token, limited to what the role may hold: a token can narrow, never widen.
      const allowed = new Set(ROLE_SCOPES[role]);
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => allowed.has(s)) : [];
      return { id, role, scopes, validUntil: ((payload.exp as number) + toleranceSeconds) * 1000 };
    } catch (error) {
      onReject?.(error);
      throw unauthenticated();
    }
  };
}

export type BearerAuthenticator = ReturnType<typeof createBearerAuthenticator>;

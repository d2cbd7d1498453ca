import type { webcrypto } from 'node:crypto';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { assertIssuedInThePast, type TimeSource } from './issuedAt.js';
import { SIGNING_ALG, type SigningKey } from './keys.js';
import { ROLE_SCOPES, type Role, type Viewer } from './viewer.js';

type CryptoKey = webcrypto.CryptoKey;

/**
 * The gateway tells subgraphs who is asking in this header: a short-lived JWT it signs with its
 * own key. Subgraphs verify it with the gateway's public key; a hand-made header, or a token from
 * anyone else, makes the request anonymous. A client's own `Authorization` never reaches a subgraph.
 */
export const VIEWER_HEADER = 'x-switchyard-viewer';
export const INTERNAL_ISSUER = 'switchyard-gateway';
export const INTERNAL_AUDIENCE = 'switchyard-subgraphs';
/** Long enough for the slowest request's last subgraph call; short enough to be useless if leaked. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

/** What the gateway vouches for: the viewer (null when anonymous) and the client's address. */
export interface RequestIdentity {
  viewer: Viewer | null;
  /** The client's IP address as the gateway saw it; null when unknown. */
  clientIp: string | null;
}

export const ANONYMOUS: RequestIdentity = { viewer: null, clientIp: null };

/** Allowed clock skew between gateway and subgraphs for `exp` and `iat`, in seconds. */
export const INTERNAL_CLOCK_TOLERANCE_SECONDS = 5;

/** Tokens kept by the signer and the verifier (least recently used dropped first). */
const CACHE_ENTRIES = 10_000;
/** How long a signed token is reused: half its lifetime, so a reused token always has 30 s left. */
const REUSE_MS = (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2;

export interface InternalTokenOptions {
  /** What time it is (a `Clock`; tests pass a `ManualClock`). @default Date.now */
  clock?: TimeSource;
}

const wallClock: TimeSource = { now: () => Date.now() };

/**
 * Signs identities for subgraph calls (the gateway's side). The same identity within half the
 * token's lifetime gets the same token: an Ed25519 signature per request was a measurable share
 * of the gateway's CPU, and an identity is all the token says.
 */
export function createIdentitySigner(key: SigningKey, options: InternalTokenOptions = {}) {
  const clock = options.clock ?? wallClock;
  const cache = new LRUCache<string, { token: Promise<string>; until: number }>({ max: CACHE_ENTRIES });
  return (identity: RequestIdentity): Promise<string> => {
    const viewer = identity.viewer;
    const cacheKey = `${identity.clientIp ?? ''}|${viewer ? `${viewer.id}|${viewer.role}|${viewer.scopes.join(' ')}` : ''}`;
    const now = clock.now();
    const cached = cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    const token = sign(identity, now);
    // A failed signature is not remembered.
    token.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, { token, until: now + REUSE_MS });
    return token;
  };

  function sign(identity: RequestIdentity, now: number): Promise<string> {
    const claims: Record<string, unknown> = {};
    if (identity.clientIp) claims.ip = identity.clientIp;
    if (identity.viewer) {
      claims.role = identity.viewer.role;
      claims.scope = identity.viewer.scopes.join(' ');
    }
    // SignJWT copies the claims when constructed: set them all first.
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(INTERNAL_AUDIENCE)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + INTERNAL_TOKEN_TTL_SECONDS);
    if (identity.viewer) jwt.setSubject(String(identity.viewer.id));
    return jwt.sign(key.privateKey);
  }
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;

/**
 * Verifies the gateway's identity header (a subgraph's side): EdDSA, issuer, audience, `exp`, and
 * an `iat` that is not in the future (jose alone does not check that, issuedAt.ts).
 */
export async function createIdentityVerifier(publicKey: CryptoKey | JWK, options: InternalTokenOptions = {}) {
  const clock = options.clock ?? wallClock;
  const key = 'kty' in publicKey ? await importJWK(publicKey, SIGNING_ALG) : publicKey;
  // Verified tokens, until they expire: the gateway reuses a token for many calls (see the signer).
  const verified = new LRUCache<string, { identity: RequestIdentity & { rejected: false }; until: number }>({
    max: CACHE_ENTRIES,
  });
  /** The identity in `header`, or ANONYMOUS when it is missing, forged, expired or malformed. */
  return async (header: string | string[] | undefined): Promise<RequestIdentity & { rejected: boolean }> => {
    if (typeof header !== 'string' || header === '') return { ...ANONYMOUS, rejected: false };
    const now = clock.now();
    const known = verified.get(header);
    if (known && known.until > now) return known.identity;
    const identity = await verify(header, now);
    if (!identity.rejected && identity.exp) {
      verified.set(header, { identity: { ...identity.result, rejected: false }, until: identity.exp * 1000 });
    }
    return identity.rejected ? { ...ANONYMOUS, rejected: true } : { ...identity.result, rejected: false };
  };

  async function verify(
    header: string,
    now: number,
  ): Promise<{ rejected: true } | { rejected: false; result: RequestIdentity; exp: number | undefined }> {
    try {
      const { payload } = await jwtVerify(header, key, {
        algorithms: [SIGNING_ALG],
        issuer: INTERNAL_ISSUER,
        audience: INTERNAL_AUDIENCE,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: INTERNAL_CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now),
      });
      assertIssuedInThePast(payload, now, INTERNAL_CLOCK_TOLERANCE_SECONDS);
      const clientIp = typeof payload.ip === 'string' ? payload.ip : null;
      const id = payload.sub === undefined ? null : Number(payload.sub);
      const role = payload.role;
      if (id === null) return { rejected: false, result: { viewer: null, clientIp }, exp: payload.exp };
      if (!Number.isSafeInteger(id) || id <= 0 || (role !== 'CUSTOMER' && role !== 'ADMIN')) return { rejected: true };
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { rejected: false, result: { viewer: { id, role, scopes }, clientIp }, exp: payload.exp };
    } catch {
      return { rejected: true };
    }
  }
}

export type IdentityVerifier = Awaited<ReturnType<typeof createIdentityVerifier>>;

/** The scopes a role's token carries. */
export function scopesOf(role: Role): readonly string[] {
  return ROLE_SCOPES[role];
}

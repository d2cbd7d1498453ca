import type { webcrypto } from 'node:crypto';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
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

/** Signs identities for subgraph calls (the gateway's side). */
/** Signed tokens kept for reuse, and for how long (half the lifetime: a reused token always has 30 s left). */
const CACHE_ENTRIES = 10_000;
const REUSE_MS = (INTERNAL_TOKEN_TTL_SECONDS * 1000) / 2;

/** A bounded map that forgets its oldest entry when full (Map keeps insertion order). */
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * Signs identities for subgraph calls (the gateway's side). The same identity within half the
 * token's lifetime gets the same token: an Ed25519 signature per request was a measurable share
 * of the gateway's CPU, and an identity is all the token says.
 */
export function createIdentitySigner(key: SigningKey) {
  const cache = new Map<string, { token: Promise<string>; until: number }>();
  return (identity: RequestIdentity): Promise<string> => {
    const viewer = identity.viewer;
    const cacheKey = `${identity.clientIp ?? ''}|${viewer ? `${viewer.id}|${viewer.role}|${viewer.scopes.join(' ')}` : ''}`;
    const now = Date.now();
    const cached = cache.get(cacheKey);
    if (cached && cached.until > now) return cached.token;
    const token = sign(identity);
    // A failed signature is not remembered.
    token.catch(() => cache.delete(cacheKey));
    return remember(cache, cacheKey, { token, until: now + REUSE_MS }).token;
  };

  function sign(identity: RequestIdentity): Promise<string> {
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
      .setIssuedAt()
      .setExpirationTime(`${INTERNAL_TOKEN_TTL_SECONDS}s`);
    if (identity.viewer) jwt.setSubject(String(identity.viewer.id));
    return jwt.sign(key.privateKey);
  }
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;

/** Verifies the gateway's identity header (a subgraph's side). */
export async function createIdentityVerifier(publicKey: CryptoKey | JWK) {
  const key = 'kty' in publicKey ? await importJWK(publicKey, SIGNING_ALG) : publicKey;
  // Verified tokens, until they expire: the gateway reuses a token for many calls (see the signer).
  const verified = new Map<string, { identity: RequestIdentity & { rejected: false }; until: number }>();
  /** The identity in `header`, or ANONYMOUS when it is missing, forged, expired or malformed. */
  return async (header: string | string[] | undefined): Promise<RequestIdentity & { rejected: boolean }> => {
    if (typeof header !== 'string' || header === '') return { ...ANONYMOUS, rejected: false };
    const known = verified.get(header);
    if (known && known.until > Date.now()) return known.identity;
    const identity = await verify(header);
    if (!identity.rejected && identity.exp) {
      remember(verified, header, { identity: { ...identity.result, rejected: false }, until: identity.exp * 1000 });
    }
    return identity.rejected ? { ...ANONYMOUS, rejected: true } : { ...identity.result, rejected: false };
  };

  async function verify(
    header: string,
  ): Promise<{ rejected: true } | { rejected: false; result: RequestIdentity; exp: number | undefined }> {
    try {
      const { payload } = await jwtVerify(header, key, {
        algorithms: [SIGNING_ALG],
        issuer: INTERNAL_ISSUER,
        audience: INTERNAL_AUDIENCE,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: 5,
      });
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

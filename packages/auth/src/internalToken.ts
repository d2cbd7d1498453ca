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
export function createIdentitySigner(key: SigningKey) {
  return (identity: RequestIdentity): Promise<string> => {
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
  };
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;

/** Verifies the gateway's identity header (a subgraph's side). */
export async function createIdentityVerifier(publicKey: CryptoKey | JWK) {
  const key = 'kty' in publicKey ? await importJWK(publicKey, SIGNING_ALG) : publicKey;
  /** The identity in `header`, or ANONYMOUS when it is missing, forged, expired or malformed. */
  return async (header: string | string[] | undefined): Promise<RequestIdentity & { rejected: boolean }> => {
    if (typeof header !== 'string' || header === '') return { ...ANONYMOUS, rejected: false };
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
      if (id === null) return { viewer: null, clientIp, rejected: false };
      if (!Number.isSafeInteger(id) || id <= 0 || (role !== 'CUSTOMER' && role !== 'ADMIN')) {
        return { ...ANONYMOUS, rejected: true };
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { viewer: { id, role, scopes }, clientIp, rejected: false };
    } catch {
      return { ...ANONYMOUS, rejected: true };
    }
  };
}

export type IdentityVerifier = Awaited<ReturnType<typeof createIdentityVerifier>>;

/** The scopes a role's token carries. */
export function scopesOf(role: Role): readonly string[] {
  return ROLE_SCOPES[role];
}

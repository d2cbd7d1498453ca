import type { webcrypto } from 'node:crypto';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { SIGNING_ALG } from './keys.js';

type CryptoKey = webcrypto.CryptoKey;

/**
 * The orders service's identity toward inventory's internal reservation commands: a short-lived
 * EdDSA JWT signed with a key only orders holds; inventory verifies it with the public half. A
 * gateway identity header would not do (every signed-in viewer's request carries one). Both sides
 * live here so that the contract is written once (a subgraph never imports another).
 */
export const SERVICE_TOKEN_ISSUER = 'switchyard-orders';
export const SERVICE_TOKEN_AUDIENCE = 'switchyard-inventory';
export const RESERVATION_SCOPE = 'inventory:reservations';
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** The development key file of the orders service (in KEYS_DIR). */
export const DEV_ORDERS_SERVICE_KEY_FILE = 'orders-service-signing.json';

/** Signs service tokens, reusing one until it has less than a third of its life left. */
export function createServiceTokenSigner(key: { privateKey: CryptoKey; kid: string }): () => Promise<string> {
  let cached: { token: string; renewAt: number } | null = null;
  return async () => {
    const now = Date.now();
    if (cached && now < cached.renewAt) return cached.token;
    const token = await new SignJWT({ scope: RESERVATION_SCOPE })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
      .setIssuer(SERVICE_TOKEN_ISSUER)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setSubject('orders')
      .setIssuedAt()
      .setExpirationTime(`${SERVICE_TOKEN_TTL_SECONDS}s`)
      .sign(key.privateKey);
    cached = { token, renewAt: now + (SERVICE_TOKEN_TTL_SECONDS * 1000 * 2) / 3 };
    return token;
  };
}

/** True when `authorization` carries a valid orders service token with the reservation scope. */
export type ServiceTokenVerifier = (authorization: string | undefined) => Promise<boolean>;

export async function createServiceTokenVerifier(publicKey: CryptoKey | JWK): Promise<ServiceTokenVerifier> {
  const key = 'kty' in publicKey ? await importJWK(publicKey, SIGNING_ALG) : publicKey;
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
    if (!match?.[1]) return false;
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms: [SIGNING_ALG],
        issuer: SERVICE_TOKEN_ISSUER,
        audience: SERVICE_TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: '5m',
        clockTolerance: 5,
      });
      return typeof payload.scope === 'string' && payload.scope.split(' ').includes(RESERVATION_SCOPE);
    } catch {
      return false;
    }
  };
}

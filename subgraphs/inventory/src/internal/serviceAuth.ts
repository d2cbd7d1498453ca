import type { webcrypto } from 'node:crypto';
import { importJWK, type JWK, jwtVerify } from 'jose';

type CryptoKey = webcrypto.CryptoKey;

/**
 * Inventory's internal commands are for the orders service only. It proves itself with a short-lived
 * EdDSA JWT signed with the orders service key (only orders holds the private half); a gateway
 * identity header would not do, since any signed-in viewer's request carries one. The same
 * constants live in subgraphs/orders/src/inventory/serviceToken.ts (a subgraph never imports
 * another); moving both into @switchyard/auth is the follow-up.
 */
export const SERVICE_TOKEN_ISSUER = 'switchyard-orders';
export const SERVICE_TOKEN_AUDIENCE = 'switchyard-inventory';
export const RESERVATION_SCOPE = 'inventory:reservations';

/** True when `authorization` carries a valid orders service token with the reservation scope. */
export type ServiceTokenVerifier = (authorization: string | undefined) => Promise<boolean>;

export async function createServiceTokenVerifier(publicKey: CryptoKey | JWK): Promise<ServiceTokenVerifier> {
  const key = 'kty' in publicKey ? await importJWK(publicKey, 'EdDSA') : publicKey;
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
    if (!match?.[1]) return false;
    try {
      const { payload } = await jwtVerify(match[1], key, {
        algorithms: ['EdDSA'],
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

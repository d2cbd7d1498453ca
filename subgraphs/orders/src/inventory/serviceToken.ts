import type { webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';

type CryptoKey = webcrypto.CryptoKey;

/**
 * The orders service's own identity toward inventory's internal commands: a short-lived EdDSA JWT
 * signed with the orders service key, which only orders holds; inventory verifies it with the
 * public half. A caller without that key cannot forge one (a gateway identity header would not do:
 * any viewer's request carries one). The same constants live in
 * subgraphs/inventory/src/internal/serviceAuth.ts (a subgraph never imports another); moving both
 * into @switchyard/auth is the follow-up.
 */
export const SERVICE_TOKEN_ISSUER = 'switchyard-orders';
export const SERVICE_TOKEN_AUDIENCE = 'switchyard-inventory';
export const RESERVATION_SCOPE = 'inventory:reservations';
export const SERVICE_TOKEN_TTL_SECONDS = 60;

/** Signs service tokens, reusing one until it has less than a third of its life left. */
export function createServiceTokenSigner(key: { privateKey: CryptoKey; kid: string }): () => Promise<string> {
  let cached: { token: string; renewAt: number } | null = null;
  return async () => {
    const now = Date.now();
    if (cached && now < cached.renewAt) return cached.token;
    const token = await new SignJWT({ scope: RESERVATION_SCOPE })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
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

import { ROLE_SCOPES, SIGNING_ALG, type SigningKey } from '@switchyard/auth';
import { SignJWT } from 'jose';
import type { UserRow } from './repository.js';

export interface TokenIssuerOptions {
  /** The users service's own signing key; its public half is served as the JWKS. */
  key: SigningKey;
  /** `iss`. @default switchyard-users */
  issuer: string;
  /** `aud`. @default switchyard */
  audience: string;
  /** Lifetime in seconds. @default 3600 */
  ttlSeconds: number;
}

/** Signs bearer tokens: `sub`, `role`, `scope`, `iat`, `exp`, `iss`, `aud`, EdDSA with a `kid`. */
export function createTokenIssuer(options: TokenIssuerOptions) {
  return async (user: UserRow): Promise<{ token: string; expiresAt: Date }> => {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = new Date((issuedAt + options.ttlSeconds) * 1000);
    const token = await new SignJWT({ role: user.role, scope: ROLE_SCOPES[user.role].join(' ') })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: options.key.kid, typ: 'JWT' })
      .setSubject(String(user.id))
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.ttlSeconds)
      .sign(options.key.privateKey);
    return { token, expiresAt };
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;

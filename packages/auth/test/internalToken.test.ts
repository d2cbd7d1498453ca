import { ManualClock } from '@switchyard/testing';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  createIdentitySigner,
  createIdentityVerifier,
  createServiceTokenSigner,
  createServiceTokenVerifier,
  generateSigningJwk,
  INTERNAL_AUDIENCE,
  INTERNAL_ISSUER,
  importSigningKey,
  RESERVATION_SCOPE,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
  SIGNING_ALG,
  type SigningKey,
} from '../src/index.js';

const CUSTOMER = { viewer: { id: 7, role: 'CUSTOMER' as const, scopes: ['orders:read'] }, clientIp: '10.0.0.1' };

let key: SigningKey;
beforeAll(async () => {
  key = await importSigningKey(await generateSigningJwk());
});

/** A gateway identity token issued `issuedIn` seconds from the clock's now, valid 60 s from then. */
function identityToken(clock: ManualClock, issuedIn: number): Promise<string> {
  const iat = Math.floor(clock.now() / 1000) + issuedIn;
  return new SignJWT({ role: 'CUSTOMER', scope: 'orders:read' })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setSubject('7')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .sign(key.privateKey);
}

describe('the gateway identity token', () => {
  it('carries the viewer and the client address from signer to verifier', async () => {
    const clock = new ManualClock();
    const verify = await createIdentityVerifier(key.publicKey, { clock });
    const token = await createIdentitySigner(key, { clock })(CUSTOMER);
    expect(await verify(token)).toEqual({ ...CUSTOMER, rejected: false });
  });

  it('is refused when issued 10 minutes in the future, beyond the 5 s tolerance', async () => {
    const clock = new ManualClock();
    const verify = await createIdentityVerifier(key.publicKey, { clock });
    expect(await verify(await identityToken(clock, 600))).toEqual({ ...ANONYMOUS, rejected: true });
  });

  it('is accepted when issued 3 s in the future, within the 5 s tolerance', async () => {
    const clock = new ManualClock();
    const verify = await createIdentityVerifier(key.publicKey, { clock });
    expect(await verify(await identityToken(clock, 3))).toEqual({ ...CUSTOMER, clientIp: null, rejected: false });
  });

  it('is refused once expired, also after a verification was cached', async () => {
    const clock = new ManualClock();
    const verify = await createIdentityVerifier(key.publicKey, { clock });
    const token = await identityToken(clock, 0);
    expect((await verify(token)).rejected).toBe(false);
    // exp = iat + 60; refused after exp + 5 s tolerance: 66 s on.
    clock.advance(66_000);
    expect(await verify(token)).toEqual({ ...ANONYMOUS, rejected: true });
  });

  it('is reused by the signer for half its lifetime (30 s), then signed anew', async () => {
    const clock = new ManualClock();
    const sign = createIdentitySigner(key, { clock });
    const first = await sign(CUSTOMER);
    clock.advance(29_000);
    expect(await sign(CUSTOMER)).toBe(first);
    clock.advance(1_000); // 30 s: REUSE_MS = 60 s / 2
    expect(await sign(CUSTOMER)).not.toBe(first);
  });

  it('is not reused across identities', async () => {
    const sign = createIdentitySigner(key);
    expect(await sign(CUSTOMER)).not.toBe(await sign({ ...CUSTOMER, clientIp: '10.0.0.2' }));
  });
});

describe('the orders service token', () => {
  const serviceToken = (issuedIn: number) => {
    const iat = Math.floor(Date.now() / 1000) + issuedIn;
    return new SignJWT({ scope: RESERVATION_SCOPE })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
      .setIssuer(SERVICE_TOKEN_ISSUER)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setSubject('orders')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(key.privateKey);
  };

  it('is accepted from the signer', async () => {
    const verify = await createServiceTokenVerifier(key.publicKey);
    expect(await verify(`Bearer ${await createServiceTokenSigner(key)()}`)).toBe(true);
  });

  it('is refused when issued 10 minutes in the future (maxTokenAge makes jose check iat)', async () => {
    const verify = await createServiceTokenVerifier(key.publicKey);
    expect(await verify(`Bearer ${await serviceToken(600)}`)).toBe(false);
  });

  it('is accepted when issued 3 s in the future, within the 5 s tolerance', async () => {
    const verify = await createServiceTokenVerifier(key.publicKey);
    expect(await verify(`Bearer ${await serviceToken(3)}`)).toBe(true);
  });
});

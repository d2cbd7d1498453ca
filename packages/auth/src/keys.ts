import type { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

type CryptoKey = webcrypto.CryptoKey;

/** The one signature algorithm our tokens use; verifiers pin it. */
export const SIGNING_ALG = 'EdDSA';

export interface SigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public half as a JWK with `kid`, `alg` and `use`, for a JWKS. */
  publicJwk: JWK;
  kid: string;
}

/** A new Ed25519 key pair, as a private JWK (with `kid`). */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
}

/** Imports a private Ed25519 JWK (JSON text or object). */
export async function importSigningKey(jwk: JWK | string): Promise<SigningKey> {
  const parsed: JWK = typeof jwk === 'string' ? (JSON.parse(jwk) as JWK) : jwk;
  if (parsed.kty !== 'OKP' || parsed.crv !== 'Ed25519' || !parsed.d) {
    throw new Error('signing key: expected a private Ed25519 JWK (kty OKP, crv Ed25519, d)');
  }
  const { d: _d, ...publicPart } = parsed;
  const kid = parsed.kid ?? (await calculateJwkThumbprint(publicPart));
  const publicJwk: JWK = { ...publicPart, kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    privateKey: (await importJWK(parsed, SIGNING_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    publicJwk,
    kid,
  };
}

/**
 * The development key kept at `path`: read when it exists, created (mode 0600) when it does not.
 * Two processes starting together may both try to create it; the exclusive create lets one win
 * and the other reads the winner's key. Production passes keys through configuration instead.
 */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  try {
    return await importSigningKey(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, JSON.stringify(await generateSigningJwk()), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return importSigningKey(await readFile(path, 'utf8'));
}

/** Where development keys live when configuration names none. */
export const DEV_INTERNAL_KEY_FILE = 'internal-signing.json';

/**
 * The gateway's key for identity headers: `privateJwk` (INTERNAL_JWT_PRIVATE_KEY) when set, else
 * the development key in `keysDir`, created on first use.
 */
export function internalSigningKey(options: { privateJwk?: string | undefined; keysDir: string }): Promise<SigningKey> {
  return configuredSigningKey(options.privateJwk, options.keysDir, DEV_INTERNAL_KEY_FILE);
}

/** A private JWK from configuration when given, else the development key `fileName` in `keysDir`. */
export function configuredSigningKey(
  privateJwk: string | undefined,
  keysDir: string,
  fileName: string,
): Promise<SigningKey> {
  return privateJwk ? importSigningKey(privateJwk) : loadOrCreateSigningKey(join(keysDir, fileName));
}

/**
 * What a subgraph verifies identity headers with: `publicJwk` (INTERNAL_JWT_PUBLIC_KEY) when set,
 * else the public half of the development key in `keysDir`.
 */
export async function internalVerifyingKey(options: { publicJwk?: string | undefined; keysDir: string }): Promise<JWK> {
  if (options.publicJwk) return JSON.parse(options.publicJwk) as JWK;
  return (await internalSigningKey({ keysDir: options.keysDir })).publicJwk;
}

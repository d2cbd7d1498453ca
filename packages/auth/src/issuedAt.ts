import type { JWTPayload } from 'jose';

/**
 * Milliseconds since the epoch. A `Clock` from `@switchyard/service` fits (that package depends on
 * this one, so the type is restated here rather than imported).
 */
export interface TimeSource {
  now(): number;
}

/**
 * Throws when a token's `iat` lies further ahead than the clock tolerance. jose checks `iat` only
 * when `maxTokenAge` is given; without it a token "issued" an hour from now is accepted, which is
 * what a key holder with a wrong clock, or one minting tokens to use later, produces.
 */
export function assertIssuedInThePast(payload: JWTPayload, nowMs: number, toleranceSeconds: number): void {
  if (typeof payload.iat !== 'number' || payload.iat > nowMs / 1000 + toleranceSeconds) {
    throw new Error(`"iat" ${String(payload.iat)} lies in the future (now ${Math.floor(nowMs / 1000)})`);
  }
}

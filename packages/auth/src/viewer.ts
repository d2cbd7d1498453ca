/**
 * Who is asking. The gateway builds it from a verified bearer token and hands it to the subgraphs
 * in a signed internal token (`internalToken.ts`); a subgraph never trusts anything else.
 */

export type Role = 'CUSTOMER' | 'ADMIN';

/** Scopes a role grants; `@requiresScopes` in the SDLs names these. */
export const ROLE_SCOPES: Readonly<Record<Role, readonly string[]>> = {
  CUSTOMER: ['orders:read:own', 'orders:write:own', 'reviews:write:own', 'users:read:own'],
  ADMIN: [
    'orders:read:own',
    'orders:write:own',
    'reviews:write:own',
    'users:read:own',
    'orders:read:any',
    'orders:write:any',
    'users:read:any',
    'inventory:write',
  ],
};

export interface Viewer {
  /** The user's id (the token's `sub`). */
  id: number;
  role: Role;
  scopes: readonly string[];
}

/** True when the viewer is signed in and is `userId` or an admin. */
export function canActFor(viewer: Viewer | null, userId: number): boolean {
  return viewer !== null && (viewer.id === userId || viewer.role === 'ADMIN');
}

/** True when the viewer holds every scope in `scopes`. */
export function hasScopes(viewer: Viewer | null, scopes: readonly string[]): boolean {
  return viewer !== null && scopes.every((scope) => viewer.scopes.includes(scope));
}

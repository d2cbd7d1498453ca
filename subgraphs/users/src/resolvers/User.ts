import { canActFor, type Viewer } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import type { UserResolvers } from '../__generated__/resolvers.js';

/**
 * Ownership is checked where the data lives: the gateway only knows the viewer is signed in. The
 * user themself and admins pass; anyone else gets UNAUTHENTICATED or FORBIDDEN (ADR 0010).
 */
function assertOwnerOrAdmin(viewer: Viewer | null, userId: number, field: string): void {
  if (!viewer) throw appError('UNAUTHENTICATED', `Sign in to see User.${field}`);
  if (!canActFor(viewer, userId)) throw appError('FORBIDDEN', `Only the account's owner and admins see User.${field}`);
}

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.userById.load(key);
  },
  email: (user, _args, { viewer }) => {
    assertOwnerOrAdmin(viewer, user.id, 'email');
    return user.email;
  },
  // Who the admins are is not public (ADR 0010).
  role: (user, _args, { viewer }) => {
    assertOwnerOrAdmin(viewer, user.id, 'role');
    return user.role;
  },
};

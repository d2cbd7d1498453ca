import { canActFor } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import type { UserResolvers } from '../__generated__/resolvers.js';

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.userById.load(key);
  },
  // Ownership is checked where the data lives: the gateway only knows the viewer is signed in.
  email: (user, _args, { viewer }) => {
    if (!viewer) throw appError('UNAUTHENTICATED', 'Sign in to see User.email');
    if (!canActFor(viewer, user.id)) throw appError('FORBIDDEN', "Only the account's owner and admins see User.email");
    return user.email;
  },
};

import { parseId } from '@switchyard/db';
import type { UserResolvers } from '../__generated__/resolvers.js';

export const User: UserResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.userById.load(key);
  },
};

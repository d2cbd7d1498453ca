import { parseId } from '@switchyard/db';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewerId, loaders }) => (viewerId === null ? null : loaders.userById.load(viewerId)),
  user: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.userById.load(key);
  },
};

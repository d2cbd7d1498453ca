import { hasScopes } from '@switchyard/auth';
import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import { pageRequest, toConnection } from '@switchyard/service';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewer, loaders }) => (viewer === null ? null : loaders.userById.load(viewer.id)),
  user: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.userById.load(key);
  },
  users: async (_parent, args, { viewer, repository }) => {
    // The gateway enforces @requiresScopes; checked again here for requests that reach the
    // subgraph some other way.
    if (!hasScopes(viewer, ['users:read:any']))
      throw appError('FORBIDDEN', 'Listing accounts needs the scope users:read:any');
    const page = pageRequest('users', args);
    return toConnection('users', await repository.list(page.limit + 1, page.afterId), page.limit);
  },
};

import { parseId } from '@switchyard/db';
import type { CategoryResolvers } from '../__generated__/resolvers.js';

export const Category: CategoryResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.categoryById.load(key);
  },
  id: (category) => String(category.id),
  parent: (category, _args, { loaders }) =>
    category.parentId === null ? null : loaders.categoryById.load(category.parentId),
  children: (category, _args, { loaders }) => loaders.categoriesByParentId.load(category.id),
};

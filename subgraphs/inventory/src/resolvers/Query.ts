import { parseId } from '@switchyard/db';
import type { QueryResolvers } from '../__generated__/resolvers.js';

export const Query: QueryResolvers = {
  warehouses: (_parent, _args, { repository }) => repository.listWarehouses(),
  warehouse: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.warehouseById.load(key);
  },
};

import { parseId } from '@switchyard/db';
import type { WarehouseResolvers } from '../__generated__/resolvers.js';

export const Warehouse: WarehouseResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.warehouseById.load(key);
  },
};

import { parseId } from '@switchyard/db';
import type { ProductResolvers } from '../__generated__/resolvers.js';

export const Product: ProductResolvers = {
  // Products are owned by the products subgraph: any well-formed id is a product as far as
  // inventory is concerned, so the reference itself costs no SQL.
  __resolveReference: (reference) => {
    const key = parseId(reference.id);
    return key === null ? null : { id: String(key) };
  },
  inventory: (product, _args, { loaders }) => {
    const key = parseId(product.id);
    return key === null ? null : loaders.inventoryByProductId.load(key);
  },
};

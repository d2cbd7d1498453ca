import { parseId } from '@switchyard/db';
import type { ProductResolvers } from '../__generated__/resolvers.js';
import type { CategoryRow } from '../repository.js';

/** A product always has a category (a foreign key); a missing one is a broken database. */
function present(category: CategoryRow | null, productId: number): CategoryRow {
  if (category === null) throw new Error(`product ${productId} refers to a category that does not exist`);
  return category;
}

export const Product: ProductResolvers = {
  __resolveReference: (reference, { loaders }) => {
    const key = parseId(reference.id);
    return key === null ? null : loaders.productById.load(key);
  },
  id: (product) => String(product.id),
  category: async (product, _args, { loaders }) =>
    present(await loaders.categoryById.load(product.categoryId), product.id),
  categoryPath: async (product, _args, { loaders }) =>
    present(await loaders.categoryById.load(product.categoryId), product.id).path,
  prices: (product, _args, { loaders }) => loaders.pricesByProductId.load(product.id),
  price: async (product, { currency }, { loaders }) =>
    (await loaders.pricesByProductId.load(product.id)).find((price) => price.currency === currency) ?? null,
  images: (product, _args, { loaders }) => loaders.imagesByProductId.load(product.id),
};

import { parseId } from '@switchyard/db';
import { appError } from '@switchyard/errors';
import { pageRequest, toConnection } from '@switchyard/service';
import type { QueryResolvers } from '../__generated__/resolvers.js';

/** The cursor kind of the product listing (cursors of other lists are refused). */
export const PRODUCTS_CURSOR_KIND = 'products';

/** The longest search text accepted, in characters. */
export const MAX_SEARCH_TEXT_LENGTH = 200;

export const Query: QueryResolvers = {
  product: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.productById.load(key);
  },

  products: async (_parent, { filter, first, after }, { repository }) => {
    const page = pageRequest(PRODUCTS_CURSOR_KIND, { first, after });
    const text = filter?.text ?? null;
    if (text !== null && text.length > MAX_SEARCH_TEXT_LENGTH) {
      throw appError(
        'INVALID_ARGUMENT',
        `"filter.text" must be at most ${MAX_SEARCH_TEXT_LENGTH} characters, got ${text.length}`,
        { argument: 'filter.text', max: MAX_SEARCH_TEXT_LENGTH, received: text.length },
      );
    }
    let categoryId: number | null = null;
    if (filter?.category != null) {
      categoryId = parseId(filter.category);
      // No such category, so nothing is listed in it.
      if (categoryId === null) return toConnection(PRODUCTS_CURSOR_KIND, [], page.limit);
    }
    const rows = await repository.listProducts({
      // Text without a letter or digit has no words to match: it narrows nothing.
      text: text !== null && /[\p{L}\p{N}]/u.test(text) ? text : null,
      categoryId,
      afterId: page.afterId,
      limit: page.limit + 1,
    });
    return toConnection(PRODUCTS_CURSOR_KIND, rows, page.limit);
  },

  categories: (_parent, _args, { repository }) => repository.findRootCategories(),

  category: (_parent, { id }, { loaders }) => {
    const key = parseId(id);
    return key === null ? null : loaders.categoryById.load(key);
  },
};

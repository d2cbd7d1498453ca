import { parseId } from '@switchyard/db';
import { type Connection, type PageArgs, pageRequest, toConnection } from '@switchyard/service';
import type DataLoader from 'dataloader';
import type { ReviewPageKey } from '../loaders.js';
import type { ReviewRow } from '../repository.js';

/** The cursor kind of review lists (Product.reviews, User.reviews). */
export const REVIEWS_CURSOR_KIND = 'reviews';

/** Page sizes of review lists, as the SDL documents them. */
const REVIEW_PAGE_LIMITS = { defaultSize: 10, maxSize: 100 };

/**
 * One page of an owner's reviews, newest first. Arguments are validated before anything loads
 * (INVALID_PAGE_SIZE, INVALID_CURSOR); an owner id that cannot be an id has no reviews.
 */
export async function loadReviewPage(
  loader: DataLoader<ReviewPageKey, ReviewRow[], string>,
  ownerId: string,
  args: PageArgs,
): Promise<Connection<ReviewRow>> {
  const { limit, afterId } = pageRequest(REVIEWS_CURSOR_KIND, args, REVIEW_PAGE_LIMITS);
  const id = parseId(ownerId);
  const rows = id === null ? [] : await loader.load({ ownerId: id, limit, afterId });
  return toConnection(REVIEWS_CURSOR_KIND, rows, limit);
}

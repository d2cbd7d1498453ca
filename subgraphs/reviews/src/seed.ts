import { between, type Database, insertRows, pick, rng, SEED } from '@switchyard/db';

/** Share of each star rating, 1 to 5: skewed positive like most shops' reviews (mean ≈ 4). */
const RATING_WEIGHTS = [0.05, 0.07, 0.13, 0.3, 0.45] as const;

const OPENERS: Record<number, readonly string[]> = {
  1: ['Very disappointed.', 'Would not buy again.', 'Sent it back.', 'Not what I expected at all.'],
  2: ['Meh.', 'Below my expectations.', 'Could be a lot better.', 'Not great, not terrible.'],
  3: ['It does the job.', 'Decent for the price.', 'Mixed feelings.', 'Average overall.'],
  4: ['Pretty happy with it.', 'Good purchase.', 'Solid choice.', 'Works well.'],
  5: ['Absolutely love it!', 'Five stars, no question.', 'Best purchase this year.', 'Exceeded expectations.'],
};
const ASPECTS = [
  'The build quality',
  'Delivery',
  'The packaging',
  'Value for money',
  'Setup',
  'The finish',
  'The instructions',
  'Customer support',
];
const GOOD = ['is excellent', 'is better than I hoped', 'is spot on', 'deserves a mention', 'is very good'];
const BAD = ['is poor', 'let me down', 'needs work', 'is below par', 'could be better'];
const CLOSERS = [
  'Would recommend to a friend.',
  'Will update after a few months of use.',
  'My second one from this shop.',
  'Bought it as a gift.',
  '',
];

/** Spacing of seeded reviews in time: 5,000 reviews span about 21 months before the epoch. */
const STEP_MS = 3 * 3_600_000;

function seedRating(next: () => number): number {
  let u = next();
  for (const [index, weight] of RATING_WEIGHTS.entries()) {
    if (u < weight) return index + 1;
    u -= weight;
  }
  return RATING_WEIGHTS.length;
}

function seedBody(next: () => number, rating: number): string {
  const opener = pick(next, OPENERS[rating] ?? []);
  const verdict = pick(next, rating >= 3 ? GOOD : BAD);
  const closer = pick(next, CLOSERS);
  return [opener, `${pick(next, ASPECTS)} ${verdict}.`, closer].filter((part) => part !== '').join(' ');
}

/**
 * 5,000 reviews with ids 1..5,000 over products 1..1,000 by customers 2..200 (user 1 is the admin).
 * Product ids are drawn as 1 + ⌊1000·u²⌋, so low ids are popular (product 1 gets ~150 reviews)
 * and high ids rare (many get none). Timestamps increase with id and end before the seed epoch.
 * Does nothing when reviews exist already.
 */
export async function seedReviews(db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews.review');
  if ((existing?.n ?? 0) > 0) return;
  const next = rng(5);
  const rows: unknown[][] = [];
  for (let id = 1; id <= SEED.reviews; id++) {
    const productId = 1 + Math.floor(SEED.products * next() ** 2);
    const authorId = between(next, 2, SEED.users);
    const rating = seedRating(next);
    const body = seedBody(next, rating);
    // One review every STEP_MS, jittered within its step so the order by id is kept.
    const createdAt = new Date(SEED.epoch - (SEED.reviews - id + 1) * STEP_MS + between(next, 0, STEP_MS - 1));
    rows.push([id, productId, authorId, rating, body, createdAt]);
  }
  await db.transaction(async (tx) => {
    await insertRows(tx, 'reviews.review', ['id', 'product_id', 'author_id', 'rating', 'body', 'created_at'], rows);
    // Explicit ids leave the identity sequence behind; move it past them.
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('reviews.review', 'id'), (SELECT max(id) FROM reviews.review))`,
    );
  });
}

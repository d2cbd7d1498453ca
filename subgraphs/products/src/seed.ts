import { between, type Database, insertRows, pick, rng, SEED, seedPriceMinor } from '@switchyard/db';
import { CURRENCIES } from './repository.js';

/** A leaf category of the seed tree and what its products are called. */
interface SeedLeaf {
  name: string;
  /** Product nouns ("Mouse", "Keyboard"). */
  nouns: readonly string[];
}

/** A root category of the seed tree with its leaves and the adjectives its product names use. */
interface SeedRoot {
  name: string;
  adjectives: readonly string[];
  leaves: readonly SeedLeaf[];
}

/** Five roots of four leaves each; products are listed in the leaves only. */
const TREE: readonly SeedRoot[] = [
  {
    name: 'Electronics',
    adjectives: ['Wireless', 'Compact', 'Smart', 'Portable', 'Pro', 'Ultra-Slim'],
    leaves: [
      { name: 'Accessories', nouns: ['Mouse', 'Keyboard', 'USB-C Hub', 'Charger', 'Laptop Stand', 'Power Bank'] },
      { name: 'Audio', nouns: ['Headphones', 'Earbuds', 'Speaker', 'Soundbar', 'Microphone'] },
      { name: 'Cameras', nouns: ['Action Camera', 'Webcam', 'Tripod', 'Camera Bag', 'Lens Kit'] },
      { name: 'Computers', nouns: ['Laptop', 'Monitor', 'Mini PC', 'Tablet', 'Docking Station'] },
    ],
  },
  {
    name: 'Home',
    adjectives: ['Classic', 'Modern', 'Rustic', 'Nordic', 'Deluxe', 'Everyday'],
    leaves: [
      { name: 'Kitchen', nouns: ['Chef Knife', 'Frying Pan', 'Kettle', 'Cutting Board', 'Coffee Grinder'] },
      { name: 'Furniture', nouns: ['Armchair', 'Bookshelf', 'Side Table', 'Desk', 'Stool'] },
      { name: 'Lighting', nouns: ['Desk Lamp', 'Floor Lamp', 'Pendant Light', 'String Lights', 'Night Light'] },
      { name: 'Bedding', nouns: ['Duvet', 'Pillow', 'Blanket', 'Sheet Set', 'Mattress Topper'] },
    ],
  },
  {
    name: 'Sports',
    adjectives: ['Lightweight', 'Trail', 'Performance', 'All-Weather', 'Training', 'Endurance'],
    leaves: [
      { name: 'Cycling', nouns: ['Helmet', 'Bike Light', 'Saddle', 'Cycling Gloves', 'Bottle Cage'] },
      { name: 'Fitness', nouns: ['Yoga Mat', 'Kettlebell', 'Resistance Band', 'Jump Rope', 'Foam Roller'] },
      { name: 'Outdoor', nouns: ['Tent', 'Sleeping Bag', 'Backpack', 'Headlamp', 'Camping Stove'] },
      { name: 'Team Sports', nouns: ['Football', 'Basketball', 'Shin Guards', 'Goalkeeper Gloves', 'Whistle'] },
    ],
  },
  {
    name: 'Fashion',
    adjectives: ['Vintage', 'Slim-Fit', 'Organic', 'Waterproof', 'Casual', 'Tailored'],
    leaves: [
      { name: 'Bags', nouns: ['Tote Bag', 'Messenger Bag', 'Wallet', 'Duffel Bag', 'Belt Bag'] },
      { name: 'Footwear', nouns: ['Sneakers', 'Boots', 'Sandals', 'Loafers', 'Running Shoes'] },
      { name: 'Outerwear', nouns: ['Rain Jacket', 'Parka', 'Fleece', 'Vest', 'Trench Coat'] },
      { name: 'Watches', nouns: ['Field Watch', 'Dive Watch', 'Smartwatch', 'Chronograph', 'Watch Strap'] },
    ],
  },
  {
    name: 'Toys',
    adjectives: ['Colourful', 'Wooden', 'Educational', 'Giant', 'Mini', 'Family'],
    leaves: [
      { name: 'Board Games', nouns: ['Strategy Game', 'Card Game', 'Party Game', 'Chess Set', 'Dice Set'] },
      { name: 'Puzzles', nouns: ['Jigsaw Puzzle', 'Puzzle Cube', 'Brain Teaser', 'Floor Puzzle', '3D Puzzle'] },
      { name: 'Building Sets', nouns: ['Brick Set', 'Marble Run', 'Robot Kit', 'Train Set', 'Magnet Tiles'] },
      { name: 'Outdoor Play', nouns: ['Kite', 'Water Blaster', 'Frisbee', 'Scooter', 'Sandbox Set'] },
    ],
  },
];

const COLOURS = ['graphite', 'white', 'navy', 'forest green', 'sand', 'red', 'charcoal', 'sky blue'];
const QUALITIES = [
  'built to last',
  'designed for everyday use',
  'made with recycled materials',
  'backed by a two-year warranty',
  'easy to clean',
  'loved by our customers',
];
const VIEWS = ['front view', 'side view', 'in use'];

/** The seeded SKU of a product id: SY-000123. */
export function seedSku(id: number): string {
  return `SY-${String(id).padStart(6, '0')}`;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The catalog: 5 root categories of 4 leaves (ids 1..25, roots first), 1,000 products with ids
 * 1..1000 in the leaves, their prices in USD, EUR and GBP (`seedPriceMinor`, shared with orders)
 * and 1 to 3 images each. Does nothing when products exist already.
 */
export async function seedProducts(db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM products.product');
  if ((existing?.n ?? 0) > 0) return;

  const roots: unknown[][] = [];
  const children: unknown[][] = [];
  const leaves: { id: number; root: SeedRoot; leaf: SeedLeaf }[] = [];
  let nextCategoryId = TREE.length + 1;
  TREE.forEach((root, index) => {
    const rootId = index + 1;
    roots.push([rootId, null, root.name, slugify(root.name)]);
    for (const leaf of root.leaves) {
      const id = nextCategoryId++;
      children.push([id, rootId, leaf.name, `${slugify(root.name)}-${slugify(leaf.name)}`]);
      leaves.push({ id, root, leaf });
    }
  });

  const next = rng(2);
  const products: unknown[][] = [];
  const prices: unknown[][] = [];
  const images: unknown[][] = [];
  for (let id = 1; id <= SEED.products; id++) {
    const { id: categoryId, root, leaf } = pick(next, leaves);
    const noun = pick(next, leaf.nouns);
    const name = `${pick(next, root.adjectives)} ${noun}`;
    const description = `A ${pick(next, COLOURS)} ${noun.toLowerCase()} from our ${leaf.name.toLowerCase()} range, ${pick(next, QUALITIES)}.`;
    // Twelve hours apart, the last one twelve hours before the seed epoch: ids follow listing order.
    const createdAt = new Date(SEED.epoch - (SEED.products - id + 1) * 43_200_000);
    products.push([id, seedSku(id), name, description, categoryId, createdAt]);
    for (const currency of CURRENCIES) prices.push([id, currency, seedPriceMinor(id, currency)]);
    const count = between(next, 1, VIEWS.length);
    for (let position = 1; position <= count; position++) {
      images.push([id, position, `products/${id}/${position}`, `${name}, ${VIEWS[position - 1]}`]);
    }
  }

  await db.transaction(async (tx) => {
    // Roots before children: a child's path is derived from its parent's row.
    await insertRows(tx, 'products.category', ['id', 'parent_id', 'name', 'slug'], roots);
    await insertRows(tx, 'products.category', ['id', 'parent_id', 'name', 'slug'], children);
    await insertRows(
      tx,
      'products.product',
      ['id', 'sku', 'name', 'description', 'category_id', 'created_at'],
      products,
    );
    await insertRows(tx, 'products.price', ['product_id', 'currency', 'amount_minor'], prices);
    await insertRows(tx, 'products.image', ['product_id', 'position', 'key', 'alt'], images);
    // Explicit ids leave the identity sequences behind; move them past them.
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('products.category', 'id'), (SELECT max(id) FROM products.category))`,
    );
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('products.product', 'id'), (SELECT max(id) FROM products.product))`,
    );
  });
}

import { type Database, insertRows, pick, rng, SEED } from '@switchyard/db';
import { hashPassword } from './passwords.js';

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Sophie',
  'John',
  'Katherine',
  'Donald',
  'Hedy',
  'Niklaus',
  'Annie',
  'Guido',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Berners-Lee',
  'Wilson',
  'McCarthy',
  'Johnson',
  'Knuth',
  'Lamarr',
  'Wirth',
  'Easley',
  'Rossum',
];

/**
 * The seeded admin (id 1) and the README's customer (id 2), with passwords, for local sign-in and
 * tests. The other seeded accounts have no password and cannot sign in (hashing 200 passwords
 * with scrypt would slow every fresh start by seconds).
 */
export const SEED_ADMIN_EMAIL = 'admin@switchyard.dev';
export const SEED_ADMIN_PASSWORD = 'switchyard-admin';
export const SEED_CUSTOMER_EMAIL = 'customer@switchyard.dev';
export const SEED_CUSTOMER_PASSWORD = 'switchyard-customer';

/**
 * 200 accounts with ids 1..200: id 1 the admin, id 2 the README's customer, the rest customers
 * with deterministic names. Does nothing when accounts exist already.
 */
export async function seedUsers(db: Database): Promise<void> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users.account');
  if ((existing?.n ?? 0) > 0) {
    await setMissingSeedPasswords(db);
    return;
  }
  const next = rng(1);
  const rows: unknown[][] = [];
  for (let id = 1; id <= SEED.users; id++) {
    const first = pick(next, FIRST);
    const last = pick(next, LAST);
    const email =
      id === 1 ? SEED_ADMIN_EMAIL : id === 2 ? SEED_CUSTOMER_EMAIL : `${first}.${last}.${id}@example.com`.toLowerCase();
    const name = id === 1 ? 'Shop Admin' : `${first} ${last}`;
    // One account a day, the last one a day before the seed epoch.
    const createdAt = new Date(SEED.epoch - (SEED.users - id + 1) * 86_400_000);
    rows.push([id, email, name, id === 1 ? 'ADMIN' : 'CUSTOMER', createdAt]);
  }
  const [adminHash, customerHash] = await Promise.all([
    hashPassword(SEED_ADMIN_PASSWORD),
    hashPassword(SEED_CUSTOMER_PASSWORD),
  ]);
  for (const row of rows) row.push(row[0] === 1 ? adminHash : row[0] === 2 ? customerHash : null);
  await db.transaction(async (tx) => {
    await insertRows(tx, 'users.account', ['id', 'email', 'name', 'role', 'created_at', 'password_hash'], rows);
    // Explicit ids leave the identity sequence behind; move it past them.
    await tx.query(`SELECT setval(pg_get_serial_sequence('users.account', 'id'), (SELECT max(id) FROM users.account))`);
  });
}

/**
 * A database seeded before accounts had passwords: give the seeded admin and customer theirs,
 * so the README's sign-in works on an existing dev database. Leaves any set password alone.
 */
async function setMissingSeedPasswords(db: Database): Promise<void> {
  const missing = await db.query<{ email: string }>(
    'SELECT email FROM users.account WHERE email = ANY($1::text[]) AND password_hash IS NULL',
    [[SEED_ADMIN_EMAIL, SEED_CUSTOMER_EMAIL]],
  );
  for (const { email } of missing) {
    const password = email === SEED_ADMIN_EMAIL ? SEED_ADMIN_PASSWORD : SEED_CUSTOMER_PASSWORD;
    await db.query('UPDATE users.account SET password_hash = $1 WHERE email = $2 AND password_hash IS NULL', [
      await hashPassword(password),
      email,
    ]);
  }
}

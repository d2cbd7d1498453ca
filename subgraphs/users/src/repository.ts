import type { Queryable } from '@switchyard/db';

/** An account as the graph sees it (the password hash never leaves the repository). */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: 'CUSTOMER' | 'ADMIN';
  createdAt: Date;
}

const COLUMNS = `id, email, name, role, created_at AS "createdAt"`;

/** All SQL of the users domain: rows in, rows out. */
export function createUsersRepository(db: Queryable) {
  return {
    /** The accounts with these ids, in any order; missing ids are simply absent. */
    async findByIds(ids: readonly number[]): Promise<UserRow[]> {
      return db.query<UserRow>(`SELECT ${COLUMNS} FROM users.account WHERE id = ANY($1::int[])`, [ids]);
    },
    /** An account with its password hash, for sign-in; undefined when there is none. */
    async findCredentials(email: string): Promise<(UserRow & { passwordHash: string | null }) | undefined> {
      const [row] = await db.query<UserRow & { passwordHash: string | null }>(
        `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users.account WHERE email = $1`,
        [email],
      );
      return row;
    },
    /** Creates a customer account; undefined when the email is taken. */
    async insertCustomer(input: { email: string; name: string; passwordHash: string }): Promise<UserRow | undefined> {
      const [row] = await db.query<UserRow>(
        `INSERT INTO users.account (email, name, role, password_hash) VALUES ($1, $2, 'CUSTOMER', $3)
         ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
        [input.email, input.name, input.passwordHash],
      );
      return row;
    },
    /** Up to `limit` accounts after `afterId`, in id order. */
    async list(limit: number, afterId: number | null): Promise<UserRow[]> {
      return db.query<UserRow>(`SELECT ${COLUMNS} FROM users.account WHERE id > $1 ORDER BY id LIMIT $2`, [
        afterId ?? 0,
        limit,
      ]);
    },
    async count(): Promise<number> {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users.account');
      return row?.n ?? 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;

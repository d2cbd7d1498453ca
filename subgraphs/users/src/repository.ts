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
    async count(): Promise<number> {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users.account');
      return row?.n ?? 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;

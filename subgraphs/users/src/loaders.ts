import { byKey, LOADER_MAX_BATCH_SIZE } from '@switchyard/service';
import DataLoader from 'dataloader';
import type { UserRow, UsersRepository } from './repository.js';

/** The DataLoaders of one request: every load by key in this subgraph goes through them. */
export function createLoaders(repository: UsersRepository) {
  return {
    /** Accounts by id: one statement per batch, `null` for an unknown id. */
    userById: new DataLoader<number, UserRow | null>(
      async (ids) => byKey(ids, await repository.findByIds(ids), (row) => row.id),
      { maxBatchSize: LOADER_MAX_BATCH_SIZE },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

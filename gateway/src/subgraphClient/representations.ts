/**
 * Entity representations without repeats. The query planner sends one representation per entity
 * occurrence: a page of 20 products whose 40 reviews have 25 distinct authors asks the users
 * subgraph for 40 `User`s. `dedupeRepresentations` keeps the first of each, and `expandEntities`
 * puts the subgraph's answer back in the gateway's order, so the executor sees what it asked for.
 */
import type { GraphQLFormattedError } from 'graphql';

export interface DedupedRepresentations {
  unique: unknown[];
  /** For each original representation, the index of its copy in `unique`. */
  indexOf: number[];
}

/**
 * The representations without repeats, or undefined when there are none to drop. Two are equal
 * when they serialise alike; the planner builds every representation of a type from the same
 * selection, so equal keys serialise in the same order.
 */
export function dedupeRepresentations(representations: readonly unknown[]): DedupedRepresentations | undefined {
  if (representations.length < 2) return undefined;
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const indexOf: number[] = new Array(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const representation = representations[i];
    const key = JSON.stringify(representation);
    let at = seen.get(key);
    if (at === undefined) {
      at = unique.length;
      seen.set(key, at);
      unique.push(representation);
    }
    indexOf[i] = at;
  }
  return unique.length === representations.length ? undefined : { unique, indexOf };
}

/** A deep copy of JSON data (the executor merges into entities, so repeats must not share objects). */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * `_entities` and its errors in the original order: entity i is the answer to unique entity
 * `indexOf[i]` (a copy for every repeat), and an error at `_entities[u]` is reported at every i
 * with `indexOf[i] === u`.
 */
export function expandEntities(
  deduped: DedupedRepresentations,
  entities: readonly unknown[],
  errors: readonly GraphQLFormattedError[] | undefined,
): { entities: unknown[]; errors: GraphQLFormattedError[] | undefined } {
  const used = new Uint8Array(entities.length);
  const expanded = deduped.indexOf.map((u) => {
    const entity = entities[u] ?? null;
    if (used[u]) return copyJson(entity);
    used[u] = 1;
    return entity;
  });
  if (!errors) return { entities: expanded, errors: undefined };
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const path = error.path;
    if (path?.[0] !== '_entities' || typeof path[1] !== 'number') {
      out.push(error);
      continue;
    }
    deduped.indexOf.forEach((u, i) => {
      if (u === path[1]) out.push({ ...error, path: ['_entities', i, ...path.slice(2)] });
    });
  }
  return { entities: expanded, errors: out };
}

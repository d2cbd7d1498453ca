import { GraphQLError } from 'graphql';
import { type Denial, PLACEHOLDER_KEY } from './authorize.js';

/**
 * How a denied field is answered (HTTP responses and subscription events alike): `null` where it
 * would have stood and an UNAUTHENTICATED or FORBIDDEN error at each such place. `authorize.ts`
 * decides what is denied; this file only shapes the answer.
 */

const MESSAGES = {
  UNAUTHENTICATED: (d: Denial) => `Sign in to see ${d.coordinate}`,
  FORBIDDEN: (d: Denial) =>
    `Your account may not see ${d.coordinate}: it needs the scope ${(d.requiredScopes ?? [])
      .map((group) => group.map((set) => set.join(' and ')).join(' or '))
      .join(', and ')}`,
};

/** Removes the placeholder fields that kept emptied selections valid. */
function stripPlaceholders(data: unknown): void {
  if (Array.isArray(data)) {
    for (const item of data) stripPlaceholders(item);
  } else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    delete record[PLACEHOLDER_KEY];
    for (const value of Object.values(record)) stripPlaceholders(value);
  }
}

/** Sets `null` where a denied field would have stood, in every object the path reaches. */
function nullOut(
  data: unknown,
  path: readonly string[],
  concrete: (string | number)[],
  hits: (string | number)[][],
): void {
  if (data === null || data === undefined) return;
  if (Array.isArray(data)) {
    for (const [index, item] of data.entries()) nullOut(item, path, [...concrete, index], hits);
    return;
  }
  if (typeof data !== 'object') return;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const record = data as Record<string, unknown>;
  if (rest.length === 0) {
    record[head] = null;
    hits.push([...concrete, head]);
    return;
  }
  nullOut(record[head], rest, [...concrete, head], hits);
}

/** The error that answers `denial` at `path`. */
export function denialError(denial: Denial, path: readonly (string | number)[] = denial.path): GraphQLError {
  return new GraphQLError(MESSAGES[denial.code](denial), { path, extensions: { code: denial.code } });
}

/**
 * Answers denials in a result executed without the denied fields: removes the placeholders,
 * sets `null` where each denied field would have stood, and returns the errors with one per place
 * (HTTP responses and subscription events alike). Mutates `data`.
 */
export function answerDenials(
  data: Record<string, unknown> | null,
  errors: readonly GraphQLError[],
  denials: readonly Denial[],
): GraphQLError[] {
  stripPlaceholders(data);
  const answered = [...errors];
  for (const denial of denials) {
    const hits: (string | number)[][] = [];
    nullOut(data, denial.path, [], hits);
    // Under a parent that came back null there is nothing to deny; with no data at all, say it anyway.
    for (const path of hits.length > 0 ? hits : data === null ? [denial.path] : []) {
      answered.push(denialError(denial, path));
    }
  }
  return answered;
}

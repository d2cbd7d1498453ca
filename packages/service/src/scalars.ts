import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  }
  return date.toISOString();
}

/** `DateTime`: ISO-8601 in UTC with milliseconds; accepts Date or timestamp strings from the database. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant in time, as an ISO-8601 string in UTC with milliseconds (2026-01-01T12:00:00.000Z).',
  serialize: toIso,
  parseValue: (value) => new Date(toIso(value)),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return new Date(toIso(ast.value));
  },
});

/**
 * Minor units per major unit: 100 for every currency the shop sells in (USD, EUR, GBP all have
 * ISO 4217 exponent 2). `Money.amount` in every subgraph that has Money is `minorUnits / this`.
 */
export const MINOR_UNITS_PER_MAJOR = 100;

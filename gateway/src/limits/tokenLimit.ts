import { requestError } from '@switchyard/errors';
import { type GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/*
 * The token limit is graphql-js's own `maxTokens` (Apollo Server's `parseOptions`, and the
 * graphql-ws parse): the parser stops at the first token over it. graphql-js reports that as any
 * syntax error; these tell it apart and give it its code.
 */

/**
 * The lexical tokens of `source`, counted as graphql-js's parser counts them for `maxTokens`
 * (comments aside), up to `stopAfter + 1`; -1 when the source does not lex that far.
 */
export function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    return -1;
  }
  return count;
}

/** The token limit's error: graphql-js stops at the first token over it, so `max` is all it knows. */
export function tokenLimitExceeded(max: number): GraphQLError {
  const message = `The document has more than ${max} tokens; the gateway parses at most ${max}.`;
  return requestError('TOKEN_LIMIT_EXCEEDED', message, { max });
}

/**
 * The errors of a failed parse with `maxTokens: max`: TOKEN_LIMIT_EXCEEDED when the document has
 * more tokens than that (graphql-js reports it as any syntax error), else `errors` as they are.
 */
export function withTokenLimit<E>(source: string, max: number, errors: readonly E[]): readonly (E | GraphQLError)[] {
  return countTokens(source, max) > max ? [tokenLimitExceeded(max)] : errors;
}

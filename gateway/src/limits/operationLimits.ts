import {
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ListSize } from '../cost/directives.js';
import { fragmentsOf } from '../operations.js';

/**
 * The gateway's static limits on an operation: what it refuses by looking at the document and
 * its variables alone, after validation and before planning, so a refused request reaches no
 * subgraph (issue 10, "Static limits"). This folder owns the pure checks (this file; the token
 * limit's in tokenLimit.ts) and no Apollo or transport code: the Apollo Server plugin that applies
 * them is plugins/operationLimits.ts, the graphql-ws path subscriptions/prepare.ts and server.ts.
 */
export interface OperationLimitOptions {
  /**
   * Lexical tokens a document may have (graphql-js `maxTokens`): the parser stops at the next
   * one, so a 100k-bracket document is refused before it recurses. It is the only bound Apollo
   * Server's validation runs under (before every other check here): the worst document for
   * validation is one field repeated with the same response key, which OverlappingFieldsCanBeMerged
   * compares pairwise until its own budget (graphql 16.15: 500,000 comparisons) aborts it.
   * Measured on the 2-core development machine under load (validation of `product(id: "1") { name }`
   * repeated up to the limit, 9 tokens each, median of 5): 2,000 tokens (222 fields) 76 ms,
   * 5,000 tokens 214 ms, 10,000 tokens 142 ms (aborted by that budget). The largest operation
   * in this repository (the playground's place-order example) has 90 tokens and graphql-js's
   * introspection query (GraphiQL's) 163: 2,000 leaves a 12-fold margin. @default 2000
   */
  maxTokens?: number;
  /**
   * Nesting of fields, counted through fragment spreads and inline fragments (which add no
   * level): `{ a { b } }` is 2. The deepest operation in the repository is 8 (`products > edges >
   * node > reviews > edges > node > author > name`), GraphiQL's introspection query 15 (its
   * `ofType` chain). Issue 10's 248-byte query is 16 deep: 20 leaves it to the cost limit, whose
   * refusal says what it would cost; depth stops the nesting no cost bound sees (61 levels of
   * single objects). @default 20
   */
  maxDepth?: number;
  /**
   * Aliased fields in the operation, every use of a fragment counting its own: aliases are how
   * one request asks for the same resolver many times (1,000 `product(id:)` ran 4.3 s). The
   * shop's pages use none; 30 covers a page that shows a few lists side by side. @default 30
   */
  maxAliases?: number;
  /**
   * Distinct root fields (response keys) of the operation: each is a separate entry point, often a
   * separate subgraph fetch. @default 20
   */
  maxRootFields?: number;
  /** Directives on one field, fragment spread or inline fragment (`@skip`, `@include`, ...). @default 5 */
  maxDirectivesPerField?: number;
  /**
   * The largest value of a slicing argument the supergraph names (`@listSize(slicingArguments:)`,
   * `first`), literal or variable (or the variable's default). The subgraphs refuse more than 100
   * (INVALID_PAGE_SIZE) only after the gateway has planned and fetched everything around it.
   * @default 100
   */
  maxListSize?: number;
}

export type ResolvedOperationLimits = Required<OperationLimitOptions>;

/** All the defaults, in one place. */
export function resolveOperationLimits(options: OperationLimitOptions = {}): ResolvedOperationLimits {
  return {
    maxTokens: options.maxTokens ?? 2_000,
    maxDepth: options.maxDepth ?? 20,
    maxAliases: options.maxAliases ?? 30,
    maxRootFields: options.maxRootFields ?? 20,
    maxDirectivesPerField: options.maxDirectivesPerField ?? 5,
    maxListSize: options.maxListSize ?? 100,
  };
}

export type LimitCode =
  | 'DEPTH_LIMIT_EXCEEDED'
  | 'ALIAS_LIMIT_EXCEEDED'
  | 'ROOT_FIELD_LIMIT_EXCEEDED'
  | 'DIRECTIVE_LIMIT_EXCEEDED'
  | 'LIST_SIZE_LIMIT_EXCEEDED';

/** The first limit an operation exceeds, with what the client should see. */
export interface LimitViolation {
  code: LimitCode;
  message: string;
  details: { max: number; received: number; argument?: string };
}

/** What the checks read of the supergraph. */
export interface LimitSchema {
  /** The API schema operations are validated against. */
  schema: GraphQLSchema;
  /** `@listSize` by `Type.field` (`readCostDirectives(supergraphSdl).listSizes`). */
  listSizes: ReadonlyMap<string, ListSize>;
}

interface Summary {
  depth: number;
  aliases: number;
}

const NOTHING: Summary = { depth: 0, aliases: 0 };

/** Counts can grow with fragments spread many times; the reported number stays an exact integer. */
function reported(value: number): number {
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

function fieldOf(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
}

/**
 * Checks `operation` (of `document`) against the limits: depth, aliases, root fields, directives
 * per field, then list size; the first one exceeded is returned, none: undefined. Linear in the
 * document: each fragment is walked once and its counts reused at every spread; a fragment cycle
 * (which validation refuses anyway) is cut where it closes.
 */
export function checkOperationLimits(
  { schema, listSizes }: LimitSchema,
  limits: ResolvedOperationLimits,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): LimitViolation | undefined {
  const fragments = fragmentsOf(document);
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const summaries = new Map<string, Summary>();
  const walking = new Set<string>();
  let directives: LimitViolation | undefined;
  let listSize: LimitViolation | undefined;

  const intValue = (node: ValueNode): number | undefined => {
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind !== Kind.VARIABLE) return undefined;
    const name = node.name.value;
    if (Object.hasOwn(variables, name)) {
      const value = variables[name];
      return typeof value === 'number' ? value : undefined;
    }
    const fallback = variableDefaults.get(name);
    return fallback ? intValue(fallback) : undefined;
  };

  const checkDirectives = (nodes: readonly DirectiveNode[] | undefined) => {
    const count = nodes?.length ?? 0;
    if (directives || count <= limits.maxDirectivesPerField) return;
    directives = {
      code: 'DIRECTIVE_LIMIT_EXCEEDED',
      message: `A selection carries ${count} directives; the gateway allows at most ${limits.maxDirectivesPerField} per field.`,
      details: { max: limits.maxDirectivesPerField, received: count },
    };
  };

  const checkListSize = (
    parent: GraphQLNamedType,
    field: { name: string; args: readonly { name: { value: string }; value: ValueNode }[] },
  ) => {
    if (listSize) return;
    const sized = listSizes.get(`${parent.name}.${field.name}`);
    if (!sized) return;
    for (const argument of field.args) {
      if (!sized.slicingArguments.includes(argument.name.value)) continue;
      const value = intValue(argument.value);
      if (value === undefined || value <= limits.maxListSize) continue;
      listSize = {
        code: 'LIST_SIZE_LIMIT_EXCEEDED',
        message: `"${argument.name.value}" of ${parent.name}.${field.name} asks for ${value} items; the gateway allows at most ${limits.maxListSize}.`,
        details: { argument: argument.name.value, max: limits.maxListSize, received: reported(value) },
      };
      return;
    }
  };

  const fragmentSummary = (name: string): Summary => {
    const known = summaries.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // An unknown fragment or one that spreads itself: validation refuses both; counted as nothing.
    if (!fragment || walking.has(name)) return NOTHING;
    walking.add(name);
    const summary = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
    walking.delete(name);
    summaries.set(name, summary);
    return summary;
  };

  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Summary => {
    let depth = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      checkDirectives(selection.directives);
      let inner: Summary;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        const name = selection.name.value;
        if (parent) checkListSize(parent, { name, args: selection.arguments ?? [] });
        const field = fieldOf(parent, name);
        inner = selection.selectionSet
          ? walk(selection.selectionSet, field ? getNamedType(field.type) : undefined)
          : NOTHING;
        depth = Math.max(depth, inner.depth + 1);
      } else {
        inner =
          selection.kind === Kind.INLINE_FRAGMENT
            ? walk(
                selection.selectionSet,
                selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? undefined) : parent,
              )
            : fragmentSummary(selection.name.value);
        depth = Math.max(depth, inner.depth);
      }
      aliases += inner.aliases;
    }
    return { depth, aliases };
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  const { depth, aliases } = walk(operation.selectionSet, root);
  if (depth > limits.maxDepth) {
    return {
      code: 'DEPTH_LIMIT_EXCEEDED',
      message: `The operation nests ${reported(depth)} levels deep; the gateway allows at most ${limits.maxDepth}.`,
      details: { max: limits.maxDepth, received: reported(depth) },
    };
  }
  if (aliases > limits.maxAliases) {
    return {
      code: 'ALIAS_LIMIT_EXCEEDED',
      message: `The operation uses ${reported(aliases)} aliases; the gateway allows at most ${limits.maxAliases}.`,
      details: { max: limits.maxAliases, received: reported(aliases) },
    };
  }
  const rootFields = rootResponseKeys(operation.selectionSet, fragments);
  if (rootFields > limits.maxRootFields) {
    return {
      code: 'ROOT_FIELD_LIMIT_EXCEEDED',
      message: `The operation selects ${rootFields} root fields; the gateway allows at most ${limits.maxRootFields}.`,
      details: { max: limits.maxRootFields, received: rootFields },
    };
  }
  return directives ?? listSize;
}

/**
 * The distinct response keys at the root, through fragments: repeated fields with one key merge
 * into one execution (GraphQL spec, CollectFields), so only distinct keys are separate work.
 */
function rootResponseKeys(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): number {
  const keys = new Set<string>();
  const spread = new Set<string>();
  const collect = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) keys.add((selection.alias ?? selection.name).value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(set);
  return keys.size;
}

import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isInputObjectType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { fragmentsOf, operationOf } from '../operations.js';
import type { CostDirectives, ListSize } from './directives.js';

/**
 * The static cost of an operation, as Apollo Router's demand control estimates it (the IBM
 * GraphQL cost directive spec, with Apollo's choices where the two differ), walked over the
 * client's operation and the supergraph's API schema before anything is planned or fetched.
 * Pure: the same inputs always give the same number.
 *
 * - A field weighs its `@cost`, else its type's `@cost`, else 1 for an object, interface or union
 *   and 0 for a scalar or enum (`__typename` is free). Its selection's cost is added to that.
 * - A list field multiplies (its weight + its selection's cost) by its size: the size its
 *   parent's `@listSize(sizedFields:)` gives it, else the largest of its own slicing arguments
 *   (literal, variable, or the argument's schema default), else its `assumedSize`, else
 *   `defaultListSize`. Apollo multiplies once, whatever the list's nesting depth.
 * - Arguments add their cost: an input object 1 (or its `@cost`) plus its fields', a list the
 *   sum of its items, a scalar or enum its `@cost` or 0 (Apollo's rule; the IBM text leaves it
 *   open). A variable is scored by the value it was given.
 * - A mutation adds 10; queries and subscriptions add nothing.
 * - Every alias and every use of a fragment counts; fragments on the possible types of an
 *   abstract field are added up (an upper bound, as Apollo does). `@skip(if: true)` and
 *   `@include(if: false)` with a literal remove a field; with a variable it counts.
 */
export interface CostOptions {
  /** The size assumed for a list field no `@listSize` sizes. @default 10 (Apollo Router's `list_size`) */
  defaultListSize?: number;
}

/** Apollo Router's default `list_size`. */
export const DEFAULT_LIST_SIZE = 10;
/** What a mutation costs before its fields (Apollo Router, IBM spec "mutation base cost"). */
export const MUTATION_BASE_COST = 10;

interface Walk {
  schema: GraphQLSchema;
  directives: CostDirectives;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  defaultListSize: number;
  /** Fragments being expanded (validation refuses cycles; the walk stays safe regardless). */
  expanding: Set<string>;
}

/** The operation's estimated cost; throws when the document has no such operation. */
export function estimateCost(
  schema: GraphQLSchema,
  directives: CostDirectives,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Readonly<Record<string, unknown>> = {},
  options: CostOptions = {},
): number {
  const operation = operationOf(document, operationName);
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const fragments = fragmentsOf(document);
  const walk: Walk = {
    schema,
    directives,
    fragments,
    variables,
    defaultListSize: options.defaultListSize ?? DEFAULT_LIST_SIZE,
    expanding: new Set(),
  };
  const base = operation.operation === 'mutation' ? MUTATION_BASE_COST : 0;
  return base + selectionSetCost(walk, operation.selectionSet, root, undefined);
}

/** The cost of a selection set on `parent`; `sized` is the parent field's `@listSize`, for its sized fields. */
function selectionSetCost(
  walk: Walk,
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLNamedType,
  sized: { listSize: ListSize; size: number | undefined } | undefined,
): number {
  let cost = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(walk, selection, parent, sized);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      cost += selectionSetCost(walk, selection.selectionSet, on ?? parent, sized);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || walk.expanding.has(name)) continue;
      walk.expanding.add(name);
      const on = walk.schema.getType(fragment.typeCondition.name.value) ?? parent;
      cost += selectionSetCost(walk, fragment.selectionSet, on, sized);
      walk.expanding.delete(name);
    }
  }
  return cost;
}

function fieldCost(
  walk: Walk,
  node: FieldNode,
  parent: GraphQLNamedType,
  sized: { listSize: ListSize; size: number | undefined } | undefined,
): number {
  const name = node.name.value;
  if (name === '__typename' || removedByLiteral(node)) return 0;
  const definition = fieldOf(parent, name);
  // Introspection fields and fields of types the API schema does not have: validation refused
  // the latter; the former cost nothing here (introspection has limits of its own).
  if (!definition) return 0;
  const coordinate = `${parent.name}.${name}`;
  const type = getNamedType(definition.type);
  const listSize = walk.directives.listSizes.get(coordinate);
  const ownSize = listSize ? expectedSize(walk, listSize, node, definition) : undefined;
  const isList = isListType(getNullableType(definition.type));
  const count = !isList
    ? 1
    : sized?.listSize.sizedFields.includes(name) && sized.size !== undefined
      ? sized.size
      : (ownSize ?? walk.defaultListSize);
  const weight =
    walk.directives.weights.get(coordinate) ??
    walk.directives.weights.get(type.name) ??
    (isObjectType(type) || isAbstractType(type) ? 1 : 0);
  const selections = selectionSetCost(
    walk,
    node.selectionSet,
    type,
    listSize ? { listSize, size: ownSize } : undefined,
  );
  return count * (weight + selections) + argumentsCost(walk, node, definition, coordinate);
}

/**
 * What a field's arguments add, by the rules above; the actual cost (`actual.ts`) adds the same.
 * `coordinate` is the field's `Type.field`.
 */
export function argumentsCost(
  walk: Pick<Walk, 'directives' | 'variables'>,
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  coordinate: string,
): number {
  let cost = 0;
  for (const arg of node.arguments ?? []) {
    const argDefinition = definition.args.find((a) => a.name === arg.name.value);
    if (argDefinition) cost += argumentCost(walk, arg.value, argDefinition, `${coordinate}(${arg.name.value})`);
  }
  return cost;
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!('getFields' in parent) || isInputObjectType(parent)) return undefined;
  return parent.getFields()[name];
}

/** True when `@skip(if: true)` or `@include(if: false)` with a literal takes the field out. */
function removedByLiteral(node: FieldNode): boolean {
  for (const directive of node.directives ?? []) {
    const condition = directive.arguments?.find((a) => a.name.value === 'if')?.value;
    if (condition?.kind !== Kind.BOOLEAN) continue;
    if (directive.name.value === 'skip' && condition.value) return true;
    if (directive.name.value === 'include' && !condition.value) return true;
  }
  return false;
}

/** The largest slicing argument's value (literal, variable, schema default), else `assumedSize`. */
function expectedSize(
  walk: Walk,
  listSize: ListSize,
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
): number | undefined {
  let largest: number | undefined;
  for (const name of listSize.slicingArguments) {
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    let value: unknown;
    if (given?.kind === Kind.INT) value = Number(given.value);
    else if (given?.kind === Kind.VARIABLE) value = walk.variables[given.name.value];
    if (given === undefined || value === undefined || value === null) {
      value = definition.args.find((a) => a.name === name)?.defaultValue;
    }
    if (typeof value === 'number' && Number.isInteger(value)) largest = Math.max(largest ?? value, value);
  }
  return largest ?? listSize.assumedSize;
}

/** An argument's (or input field's) cost for the value it was given. */
function argumentCost(
  walk: Pick<Walk, 'directives' | 'variables'>,
  value: ValueNode,
  definition: Pick<GraphQLArgument, 'type'>,
  coordinate: string,
): number {
  if (value.kind === Kind.VARIABLE)
    return variableCost(walk, walk.variables[value.name.value], definition.type, coordinate);
  if (value.kind === Kind.NULL) return 0;
  const type = getNamedType(definition.type);
  const own = walk.directives.weights.get(coordinate) ?? walk.directives.weights.get(type.name);
  if (value.kind === Kind.LIST) {
    let cost = own ?? 0;
    for (const item of value.values) cost += argumentCost(walk, item, definition, coordinate);
    return cost;
  }
  if (value.kind === Kind.OBJECT && isInputObjectType(type)) {
    let cost = own ?? 1;
    const fields = type.getFields();
    for (const field of value.fields) {
      const fieldDefinition = fields[field.name.value];
      if (fieldDefinition) {
        cost += argumentCost(walk, field.value, fieldDefinition, `${type.name}.${field.name.value}`);
      }
    }
    return cost;
  }
  return own ?? 0;
}

/** The same rules for a variable's JSON value. */
function variableCost(
  walk: Pick<Walk, 'directives' | 'variables'>,
  value: unknown,
  type: GraphQLInputType,
  coordinate: string,
): number {
  if (value === undefined || value === null) return 0;
  const named = getNamedType(type);
  const own = walk.directives.weights.get(coordinate) ?? walk.directives.weights.get(named.name);
  if (Array.isArray(value)) {
    let cost = own ?? 0;
    for (const item of value) cost += variableCost(walk, item, type, coordinate);
    return cost;
  }
  if (typeof value === 'object' && isInputObjectType(named)) {
    let cost = own ?? 1;
    const fields = named.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (field) cost += variableCost(walk, item, field.type, `${named.name}.${key}`);
    }
    return cost;
  }
  return own ?? 0;
}

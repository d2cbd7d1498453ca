import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CostDirectives } from './directives.js';
import { argumentsCost, MUTATION_BASE_COST } from './estimate.js';

/**
 * The cost of what an operation actually returned, as Apollo Router's demand control computes
 * its "actual" cost (`ResponseCostCalculator`, which walks the response alongside the operation):
 * the estimate's rules (`estimate.ts`), with each list counted at the length it came back with
 * instead of its slicing argument or assumed size. Pure.
 *
 * - An object in the response weighs the field's `@cost`, else its type's, else 1, plus what its
 *   selection returned; a scalar or enum weighs the field's or its type's `@cost`, else 0.
 * - A list costs the sum of its items: an empty list costs nothing, and the weight of a list
 *   field is charged once per item, as in the estimate's `size x (weight + selection)`.
 * - A field absent from the response (skipped, not included, on another type) costs nothing; a
 *   null costs only the field's own `@cost` (Apollo: a null is scored like a scalar).
 * - Arguments add their cost once per place the field appears in the response.
 * - A mutation adds its base cost of 10 when it returned data. Apollo's response walk adds none;
 *   we add it so that a mutation that returned what it was estimated to return costs its estimate
 *   (the issue asks for the actual cost "computed the same way").
 * - A fragment on a type applies to an object whose `__typename` is that type (or one of its
 *   possible types); without `__typename` in the response it applies, and the fields absent from
 *   the object cost nothing anyway.
 */
export function actualCost(
  schema: GraphQLSchema,
  directives: CostDirectives,
  document: DocumentNode,
  operationName: string | undefined | null,
  variables: Readonly<Record<string, unknown>> | undefined,
  data: Readonly<Record<string, unknown>> | null | undefined,
): number {
  if (!data) return 0;
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) throw new Error(`the document has no operation ${operationName ? `named ${operationName}` : ''}`);
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { schema, directives, fragments, variables: variables ?? {}, expanding: new Set() };
  const base = operation.operation === 'mutation' ? MUTATION_BASE_COST : 0;
  return base + selectionSetCost(walk, operation.selectionSet, root, data);
}

interface Walk {
  schema: GraphQLSchema;
  directives: CostDirectives;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  /** Fragments being expanded (validation refuses cycles; the walk stays safe regardless). */
  expanding: Set<string>;
}

function selectionSetCost(
  walk: Walk,
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLNamedType,
  object: Readonly<Record<string, unknown>>,
): number {
  let cost = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value === '__typename' || !(key in object)) continue;
      const definition = fieldOf(parent, selection.name.value);
      if (!definition) continue;
      const weights = weightsOf(walk.directives, parent, definition);
      cost += valueCost(walk, selection, weights, object[key]);
      if (selection.arguments?.length) cost += argumentsCost(walk, selection, definition, weights.coordinate);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (on && applies(walk.schema, on, object)) cost += selectionSetCost(walk, selection.selectionSet, on, object);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || walk.expanding.has(name)) continue;
      const on = walk.schema.getType(fragment.typeCondition.name.value);
      if (!on || !applies(walk.schema, on, object)) continue;
      walk.expanding.add(name);
      cost += selectionSetCost(walk, fragment.selectionSet, on, object);
      walk.expanding.delete(name);
    }
  }
  return cost;
}

/** What a field's values weigh, worked out once per field and set of directives. */
interface FieldWeights {
  coordinate: string;
  type: GraphQLNamedType;
  /** A null's weight: the field's own `@cost`, else 0. */
  nullWeight: number;
  /** A scalar's or enum's weight, or an object's. */
  valueWeight: number;
}

/**
 * By field definition, per set of directives: graphql-js's type predicates (`instanceOf`) were
 * most of the walk's time when called for every value of a response (a shop page: 300 µs).
 */
const fieldWeights = new WeakMap<CostDirectives, WeakMap<GraphQLField<unknown, unknown>, FieldWeights>>();

function weightsOf(
  directives: CostDirectives,
  parent: GraphQLNamedType,
  definition: GraphQLField<unknown, unknown>,
): FieldWeights {
  let known = fieldWeights.get(directives);
  if (!known) {
    known = new WeakMap();
    fieldWeights.set(directives, known);
  }
  let weights = known.get(definition);
  if (!weights) {
    const coordinate = `${parent.name}.${definition.name}`;
    const type = getNamedType(definition.type);
    const own = directives.weights.get(coordinate);
    const composite = isObjectType(type) || isAbstractType(type);
    weights = {
      coordinate,
      type,
      nullWeight: own ?? 0,
      valueWeight: own ?? directives.weights.get(type.name) ?? (composite ? 1 : 0),
    };
    known.set(definition, weights);
  }
  return weights;
}

/** The cost of one value a field returned: a list item by item, an object with its selection. */
function valueCost(walk: Walk, node: FieldNode, weights: FieldWeights, value: unknown): number {
  if (Array.isArray(value)) {
    let cost = 0;
    for (const item of value) cost += valueCost(walk, node, weights, item);
    return cost;
  }
  if (value === null || value === undefined) return weights.nullWeight;
  if (typeof value !== 'object') return weights.valueWeight;
  return (
    weights.valueWeight + selectionSetCost(walk, node.selectionSet, weights.type, value as Record<string, unknown>)
  );
}

/** Whether a fragment on `on` applies to `object`, by its `__typename` when the response has it. */
function applies(schema: GraphQLSchema, on: GraphQLNamedType, object: Readonly<Record<string, unknown>>): boolean {
  const typename = object.__typename;
  if (typeof typename !== 'string' || typename === on.name) return true;
  const runtime = schema.getType(typename);
  return isAbstractType(on) && isObjectType(runtime) && schema.isSubType(on, runtime);
}

/**
 * The walk only reaches object and interface types (through output fields and type conditions),
 * so a type with fields is one of them; graphql-js's predicates cost more than the lookup here.
 */
function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!('getFields' in parent)) return undefined;
  return (parent as GraphQLObjectType).getFields()[name];
}

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
  type SelectionSetNode,
} from 'graphql';
import { fragmentsOf, operationOf } from '../operations.js';
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
  const operation = operationOf(document, operationName);
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const fragments = fragmentsOf(document);
  // Without variables, what the walk compiles depends only on the document: Apollo hands the same
  // DocumentNode to every request of an operation it has seen (its document store), so the
  // compiled fields and selection sets are kept with it.
  const reusable = !variables || Object.keys(variables).length === 0;
  const compiled = reusable ? compiledOf(directives, document) : { fields: new Map(), sets: new Map() };
  const walk: Walk = {
    schema,
    directives,
    fragments,
    variables: variables ?? {},
    expanding: new Set(),
    fields: compiled.fields,
    sets: compiled.sets,
  };
  const base = operation.operation === 'mutation' ? MUTATION_BASE_COST : 0;
  return base + selectionSetCost(walk, operation.selectionSet, root, data);
}

// Read once: the gateway's bundle reaches graphql's exports through re-export getters, which
// cost measurable time when read per field of a response (bench/README.md).
const FIELD = Kind.FIELD;
const INLINE_FRAGMENT = Kind.INLINE_FRAGMENT;

/** Compiled walks of variable-free operations, by directives and document (both live as long as the gateway). */
const compiledWalks = new WeakMap<CostDirectives, WeakMap<DocumentNode, Pick<Walk, 'fields' | 'sets'>>>();

function compiledOf(directives: CostDirectives, document: DocumentNode): Pick<Walk, 'fields' | 'sets'> {
  let byDocument = compiledWalks.get(directives);
  if (!byDocument) {
    byDocument = new WeakMap();
    compiledWalks.set(directives, byDocument);
  }
  let compiled = byDocument.get(document);
  if (!compiled) {
    compiled = { fields: new Map(), sets: new Map() };
    byDocument.set(document, compiled);
  }
  return compiled;
}

interface Walk {
  schema: GraphQLSchema;
  directives: CostDirectives;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  /** Fragments being expanded (validation refuses cycles; the walk stays safe regardless). */
  expanding: Set<string>;
  /**
   * What each field of the operation resolves to, worked out on its first value: the walk visits
   * a field once per item of every list above it (a shop page: thousands of times), and looking
   * its definition, weights and arguments up each time was most of the walk's CPU.
   */
  fields: Map<FieldNode, FieldPlan>;
  /** Selection sets compiled for the walk, the same way. */
  sets: Map<SelectionSetNode, CompiledSet>;
}

/** A field of the operation, on one parent type, as the walk charges it. */
interface FieldPlan {
  parent: GraphQLNamedType;
  definition: GraphQLField<unknown, unknown> | undefined;
  weights: FieldWeights | undefined;
  /** Its arguments' cost (the variables are fixed for the request). */
  argumentCost: number;
}

function planOf(walk: Walk, node: FieldNode, parent: GraphQLNamedType): FieldPlan {
  const known = walk.fields.get(node);
  if (known && known.parent === parent) return known;
  const definition = fieldOf(parent, node.name.value);
  const weights = definition ? weightsOf(walk.directives, parent, definition) : undefined;
  const plan: FieldPlan = {
    parent,
    definition,
    weights,
    argumentCost:
      definition && weights && node.arguments?.length ? argumentsCost(walk, node, definition, weights.coordinate) : 0,
  };
  walk.fields.set(node, plan);
  return plan;
}

/** A selection set on one parent type, compiled for the walk (`compiledSet`). */
interface CompiledSet {
  parent: GraphQLNamedType;
  /** The fields that can cost something, with what they cost beside their values. */
  fields: { key: string; node: FieldNode; weights: FieldWeights; argumentCost: number }[];
  /** Inline fragments and spreads, applied per object by its `__typename`. */
  fragments: { on: GraphQLNamedType; selectionSet: SelectionSetNode; name?: string }[];
}

/**
 * The selection set's fields and fragments, worked out once per request: the walk visits it once
 * per object of every list above it. A leaf field (scalar or enum) without any `@cost` or
 * argument cost always costs 0 and is left out: most of a response's values are such leaves.
 */
function compiledSet(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType): CompiledSet {
  const known = walk.sets.get(selectionSet);
  if (known && known.parent === parent) return known;
  const compiled: CompiledSet = { parent, fields: [], fragments: [] };
  for (const selection of selectionSet.selections) {
    if (selection.kind === FIELD) {
      if (selection.name.value === '__typename') continue;
      const plan = planOf(walk, selection, parent);
      const weights = plan.weights;
      if (!weights) continue;
      if (weights.leaf && weights.nullWeight === 0 && weights.valueWeight === 0 && plan.argumentCost === 0) continue;
      const key = selection.alias?.value ?? selection.name.value;
      compiled.fields.push({ key, node: selection, weights, argumentCost: plan.argumentCost });
    } else if (selection.kind === INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (on) compiled.fragments.push({ on, selectionSet: selection.selectionSet });
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      const on = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      if (fragment && on) compiled.fragments.push({ on, selectionSet: fragment.selectionSet, name });
    }
  }
  walk.sets.set(selectionSet, compiled);
  return compiled;
}

function selectionSetCost(
  walk: Walk,
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLNamedType,
  object: Readonly<Record<string, unknown>>,
): number {
  if (!selectionSet) return 0;
  const compiled = compiledSet(walk, selectionSet, parent);
  let cost = 0;
  for (const field of compiled.fields) {
    if (!(field.key in object)) continue;
    cost += valueCost(walk, field.node, field.weights, object[field.key]) + field.argumentCost;
  }
  for (const fragment of compiled.fragments) {
    if (!applies(walk.schema, fragment.on, object)) continue;
    if (fragment.name !== undefined) {
      if (walk.expanding.has(fragment.name)) continue;
      walk.expanding.add(fragment.name);
      cost += selectionSetCost(walk, fragment.selectionSet, fragment.on, object);
      walk.expanding.delete(fragment.name);
    } else {
      cost += selectionSetCost(walk, fragment.selectionSet, fragment.on, object);
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
  /** A scalar or enum: its values have no selection. */
  leaf: boolean;
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
      leaf: !composite,
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

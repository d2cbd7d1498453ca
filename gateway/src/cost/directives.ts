import { type ConstDirectiveNode, type ConstValueNode, Kind, parse } from 'graphql';

/**
 * What the supergraph says about cost (the IBM cost directive spec as federation 2.9 composes it,
 * `https://specs.apollo.dev/cost/v0.1`): `@cost(weight)` on fields, arguments, input fields, object
 * types, scalars and enums, and `@listSize` on list fields. Read once from the supergraph SDL, by
 * schema coordinate, for the estimator (`estimate.ts`).
 */
export interface ListSize {
  /** The size to assume when no slicing argument says otherwise. */
  assumedSize: number | undefined;
  /** Arguments whose value is the size of the list (the largest one given wins). */
  slicingArguments: readonly string[];
  /** Fields of the (connection) type this field returns that the size applies to (`edges`). */
  sizedFields: readonly string[];
}

export interface CostDirectives {
  /** `@cost` weights: `Type` (object, scalar, enum), `Type.field`, `Type.field(arg)`, `Input.field`. */
  weights: ReadonlyMap<string, number>;
  /** `@listSize` by `Type.field`. */
  listSizes: ReadonlyMap<string, ListSize>;
}

const COST_SPEC = 'https://specs.apollo.dev/cost/';

function intValue(node: ConstValueNode | undefined): number | undefined {
  if (node?.kind !== Kind.INT) return undefined;
  return Number(node.value);
}

function stringList(node: ConstValueNode | undefined): string[] {
  if (node?.kind !== Kind.LIST) return [];
  return node.values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : []));
}

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

/**
 * The names the supergraph gives `@cost` and `@listSize`: composition writes them as imported by
 * the cost spec's `@link` (`import: ["@listSize"]` or `{ name, as }`), else namespaced
 * (`cost__listSize`); `@cost` also comes in unprefixed from the federation spec.
 */
function directiveNames(sdl: ReturnType<typeof parse>): { cost: Set<string>; listSize: Set<string> } {
  const cost = new Set(['cost', 'cost__cost', 'federation__cost']);
  const listSize = new Set(['listSize', 'cost__listSize', 'federation__listSize']);
  for (const definition of sdl.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const url = argument(link, 'url');
      if (link.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.startsWith(COST_SPEC)) continue;
      const namespace = argument(link, 'as');
      if (namespace?.kind === Kind.STRING) {
        cost.add(`${namespace.value}__cost`);
        listSize.add(`${namespace.value}__listSize`);
      }
      const imports = argument(link, 'import');
      for (const entry of imports?.kind === Kind.LIST ? imports.values : []) {
        if (entry.kind !== Kind.OBJECT) continue;
        const name = entry.fields.find((f) => f.name.value === 'name')?.value;
        const alias = entry.fields.find((f) => f.name.value === 'as')?.value;
        if (name?.kind !== Kind.STRING || alias?.kind !== Kind.STRING) continue;
        const target = name.value === '@cost' ? cost : name.value === '@listSize' ? listSize : undefined;
        target?.add(alias.value.replace(/^@/, ''));
      }
    }
  }
  return { cost, listSize };
}

/** Every `@cost` and `@listSize` of a supergraph (or any SDL that uses them). */
export function readCostDirectives(supergraphSdl: string): CostDirectives {
  const document = parse(supergraphSdl);
  const names = directiveNames(document);
  const weights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined): number | undefined => {
    const directive = directives?.find((d) => names.cost.has(d.name.value));
    return directive ? intValue(argument(directive, 'weight')) : undefined;
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const type = definition.name.value;
    const own = weightOf(definition.directives as readonly ConstDirectiveNode[] | undefined);
    if (own !== undefined) weights.set(type, own);
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION) continue;
    if (!('fields' in definition)) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${type}.${field.name.value}`;
      const weight = weightOf(field.directives);
      if (weight !== undefined) weights.set(coordinate, weight);
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      for (const arg of field.arguments ?? []) {
        const argWeight = weightOf(arg.directives);
        if (argWeight !== undefined) weights.set(`${coordinate}(${arg.name.value})`, argWeight);
      }
      const listSize = field.directives?.find((d) => names.listSize.has(d.name.value));
      if (listSize) {
        listSizes.set(coordinate, {
          assumedSize: intValue(argument(listSize, 'assumedSize')),
          slicingArguments: stringList(argument(listSize, 'slicingArguments')),
          sizedFields: stringList(argument(listSize, 'sizedFields')),
        });
      }
    }
  }
  return { weights, listSizes };
}

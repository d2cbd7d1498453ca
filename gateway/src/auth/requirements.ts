import { FeatureUrl } from '@apollo/federation-internals';
import { type ConstArgumentNode, type ConstValueNode, Kind, parse, print, visit } from 'graphql';

/**
 * Who may read a field: signed in, and for every group in `scopeGroups`, holding every scope of
 * at least one of the group's sets. One `@requiresScopes(scopes: [["a", "b"], ["c"]])` is one
 * group, "a and b, or c"; a field and its return type that both require scopes give two groups.
 */
export interface Requirement {
  authenticated: boolean;
  scopeGroups: string[][][];
}

/** The security features this gateway enforces itself (authorize.ts), by spec URL and version. */
export const ENFORCED_SECURITY_FEATURES = new Set([
  'https://specs.apollo.dev/authenticated/v0.1',
  'https://specs.apollo.dev/requiresScopes/v0.1',
]);

/**
 * The security features @apollo/gateway 2.14 enforces on its own, so a supergraph may link them
 * unchanged: `@inaccessible`, whose elements its API schema (the one clients introspect and are
 * validated against, `Schema.toAPISchema`) leaves out. These are the `for: SECURITY` entries of the
 * features it accepts (`DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES` in @apollo/federation-internals'
 * supergraphs.js); a test checks they stay among them. Every other `for: SECURITY` link would make
 * it refuse the supergraph.
 */
export const GATEWAY_ENFORCED_SECURITY_FEATURES = new Set([
  'https://specs.apollo.dev/inaccessible/v0.1',
  'https://specs.apollo.dev/inaccessible/v0.2',
]);

export class UnsupportedSecurityFeatureError extends Error {
  readonly code = 'UNSUPPORTED_SECURITY_FEATURE';
}

export interface SecurityRequirements {
  /** By "Type.field"; a field also inherits its named return type's requirement (see `forField`). */
  fields: Map<string, Requirement>;
  types: Map<string, Requirement>;
  /** The supergraph with `for: SECURITY` removed from the features enforced here (see below). */
  executableSupergraph: string;
}

function stringValue(node: ConstValueNode | undefined): string | undefined {
  return node?.kind === Kind.STRING ? node.value : undefined;
}

function argument(args: readonly ConstArgumentNode[] | undefined, name: string): ConstValueNode | undefined {
  return args?.find((a) => a.name.value === name)?.value;
}

/**
 * The name a linked spec's own directive has in the supergraph, as `@link` defines it (and
 * @apollo/federation-internals' `CoreFeature.directiveNameInSchema` computes it): the `as` of its
 * import, its name when imported as is, else the link's `as` (by default the spec's name). A name
 * misread here would leave the fields it marks unprotected.
 */
function directiveNameInSchema(link: readonly ConstArgumentNode[], feature: string): string {
  const imports = argument(link, 'import');
  for (const entry of imports?.kind === Kind.LIST ? imports.values : []) {
    if (stringValue(entry) === `@${feature}`) return feature;
    if (entry.kind !== Kind.OBJECT) continue;
    const field = (name: string) => stringValue(entry.fields.find((f) => f.name.value === name)?.value);
    if (field('name') === `@${feature}`) return field('as')?.replace(/^@/, '') ?? feature;
  }
  return stringValue(argument(link, 'as')) ?? feature;
}

/**
 * Reads `@authenticated` and `@requiresScopes` from a supergraph, failing closed: a supergraph that
 * links any other feature `for: SECURITY` that nobody here enforces (`@policy`, `@context`, a future
 * spec, a version we do not know) is refused. @apollo/gateway refuses every such link except the
 * ones it enforces itself (`GATEWAY_ENFORCED_SECURITY_FEATURES`, left as they are); for the two we
 * enforce the link is rewritten without `for: SECURITY` so the gateway accepts the supergraph, and
 * only those two.
 */
export function readSecurityRequirements(supergraphSdl: string): SecurityRequirements {
  const document = parse(supergraphSdl);
  const directiveNames = new Map<string, 'authenticated' | 'requiresScopes'>();
  const unsupported: string[] = [];
  const rewritten = visit(document, {
    Directive(node) {
      if (node.name.value !== 'link') return undefined;
      const url = stringValue(argument(node.arguments as ConstArgumentNode[], 'url'));
      const purpose = argument(node.arguments as ConstArgumentNode[], 'for');
      if (!url || purpose?.kind !== Kind.ENUM || purpose.value !== 'SECURITY') return undefined;
      // Compared as the gateway compares them (spec URL and version, nothing after); a URL that does
      // not parse is unsupported, never ignored.
      const base = FeatureUrl.maybeParse(url)?.base.toString();
      if (base !== undefined && GATEWAY_ENFORCED_SECURITY_FEATURES.has(base)) return undefined;
      if (base === undefined || !ENFORCED_SECURITY_FEATURES.has(base)) {
        unsupported.push(url);
        return undefined;
      }
      const feature = base.includes('/authenticated/') ? 'authenticated' : 'requiresScopes';
      directiveNames.set(directiveNameInSchema(node.arguments as ConstArgumentNode[], feature), feature);
      return { ...node, arguments: node.arguments?.filter((a) => a.name.value !== 'for') };
    },
  });
  if (unsupported.length > 0) {
    throw new UnsupportedSecurityFeatureError(
      `the supergraph links security features this gateway does not enforce: ${unsupported.join(', ')}; ` +
        'refusing to start rather than serve those fields unprotected',
    );
  }

  const fields = new Map<string, Requirement>();
  const types = new Map<string, Requirement>();
  const requirementOf = (
    directives: readonly { name: { value: string }; arguments?: readonly ConstArgumentNode[] }[] = [],
  ) => {
    let requirement: Requirement | undefined;
    for (const directive of directives) {
      const feature = directiveNames.get(directive.name.value);
      if (!feature) continue;
      requirement ??= { authenticated: false, scopeGroups: [] };
      requirement.authenticated = true;
      if (feature === 'requiresScopes') {
        const value = argument(directive.arguments, 'scopes');
        const sets = value?.kind === Kind.LIST ? value.values : [];
        requirement.scopeGroups.push(
          sets.map((set) =>
            set.kind === Kind.LIST
              ? set.values.map((v) => stringValue(v)).filter((v): v is string => v !== undefined)
              : [],
          ),
        );
      }
    }
    return requirement;
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    const own = requirementOf(definition.directives as never);
    if (own) types.set(typeName, own);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        const requirement = requirementOf(field.directives as never);
        if (requirement) fields.set(`${typeName}.${field.name.value}`, requirement);
      }
    }
  }
  return { fields, types, executableSupergraph: print(rewritten) };
}

/** The combined requirement of a field: its own and that of the type it returns. */
export function forField(
  requirements: SecurityRequirements,
  parentType: string,
  field: string,
  returnType: string,
): Requirement | undefined {
  const own = requirements.fields.get(`${parentType}.${field}`);
  const ofType = requirements.types.get(returnType);
  if (!own) return ofType;
  if (!ofType) return own;
  return { authenticated: true, scopeGroups: [...own.scopeGroups, ...ofType.scopeGroups] };
}

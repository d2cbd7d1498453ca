import type { Viewer } from '@switchyard/auth';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { fragmentsOf } from '../operations.js';
import { forField, type Requirement, type SecurityRequirements } from './requirements.js';

export type DenialCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

/** A field taken out of the operation: where it stood (response keys, no list indices) and why. */
export interface Denial {
  path: string[];
  code: DenialCode;
  /** The field, as Type.field, for the message. */
  coordinate: string;
  /** The scope sets that would have allowed it (FORBIDDEN only). */
  requiredScopes?: string[][][];
}

export interface AuthorizedOperation {
  /** The operation without the denied fields (the input itself when nothing was denied). */
  document: DocumentNode;
  denials: Denial[];
}

/** Whether `viewer` meets `requirement`; the code to answer with when not. */
export function check(requirement: Requirement, viewer: Viewer | null): DenialCode | null {
  if (!viewer) return 'UNAUTHENTICATED';
  const held = new Set(viewer.scopes);
  const satisfied = requirement.scopeGroups.every((group) => group.some((set) => set.every((s) => held.has(s))));
  return satisfied ? null : 'FORBIDDEN';
}

/** The response key of the `__typename` that keeps an emptied selection valid; removed again after execution. */
export const PLACEHOLDER_KEY = 'switchyardDeniedPlaceholder';
const PLACEHOLDER: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER_KEY },
  name: { kind: Kind.NAME, value: '__typename' },
};

/** Named fragments spread as inline fragments, so each field has one place in the response. */
function inlineFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const seen = new Set<string>();
  const inline = (node: OperationDefinitionNode | FragmentDefinitionNode): typeof node =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        // Validation already refused unknown and cyclic fragments; stay safe regardless.
        if (!fragment || seen.has(fragment.name.value)) return null;
        seen.add(fragment.name.value);
        const body = inline(fragment) as FragmentDefinitionNode;
        seen.delete(fragment.name.value);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: spread.directives ?? [],
          selectionSet: body.selectionSet,
        };
      },
    });
  return inline(operation) as OperationDefinitionNode;
}

/**
 * Takes out of `operation` every field the viewer may not read, before any subgraph is called:
 * the way Apollo Router applies `@authenticated` and `@requiresScopes`. The caller answers each
 * denial with `null` and an error at its path, and the rest of the response is served as usual.
 * Pure: the same inputs give the same output.
 */
export function authorizeOperation(
  schema: GraphQLSchema,
  requirements: SecurityRequirements,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  viewer: Viewer | null,
): AuthorizedOperation {
  if (requirements.fields.size === 0 && requirements.types.size === 0) return { document, denials: [] };
  const fragments = fragmentsOf(document);
  const typeInfo = new TypeInfo(schema);
  const denials: Denial[] = [];
  const path: string[] = [];
  const filtered = visit(
    inlineFragments(operation, fragments),
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parent = typeInfo.getParentType();
          const fieldType = typeInfo.getType();
          const key = node.alias?.value ?? node.name.value;
          if (parent && fieldType) {
            const requirement = forField(requirements, parent.name, node.name.value, getNamedType(fieldType).name);
            const code = requirement ? check(requirement, viewer) : null;
            if (requirement && code) {
              denials.push({
                path: [...path, key],
                code,
                coordinate: `${parent.name}.${node.name.value}`,
                ...(code === 'FORBIDDEN' ? { requiredScopes: requirement.scopeGroups } : {}),
              });
              return null;
            }
          }
          path.push(key);
          return undefined;
        },
        leave() {
          path.pop();
        },
      },
      SelectionSet: {
        leave(node): SelectionSetNode | undefined {
          // A selection emptied by denials still needs one field to be valid.
          return node.selections.length === 0 ? { ...node, selections: [PLACEHOLDER] } : undefined;
        },
      },
    }),
  );
  if (denials.length === 0) return { document, denials };
  return { document: { kind: Kind.DOCUMENT, definitions: [filtered] }, denials };
}

import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * What the gateway's walks over an operation (authorization, limits, cost estimate, actual cost)
 * all need of its document: the operation by name, and the fragments by name.
 */

/** The named fragments of a document. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The operation `operationName` names (or the only one); throws when there is none such. */
export function operationOf(document: DocumentNode, operationName: string | undefined | null): OperationDefinitionNode {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    throw new Error(`the document has no operation ${operationName ? `named ${operationName}` : 'to walk'}`);
  }
  return operation;
}

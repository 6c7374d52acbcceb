import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';

/** What a walk of selections needs from the operation. */
export interface SelectionScope {
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variableValues: Readonly<Record<string, unknown>>;
  /** Set when an @skip/@include took a variable: what was found holds for these variables only. */
  dependsOnVariables: boolean;
}

/**
 * The fields these selection sets ask for, by field name (aliases merged: two aliases of one
 * field are two places, and either one's selection counts), each with its own selection sets:
 * directly, or inside inline fragments and named fragment spreads, unless `@skip`/`@include` leave
 * them out. Type conditions are not checked: a valid document's fragments all fit the type, and
 * on an abstract type a fragment on any of its types counts. A wrong "asked" costs a read nobody
 * uses, never a wrong answer.
 */
export function fieldsOf(selectionSets: readonly (SelectionSetNode | undefined)[], scope: SelectionScope): Map<string, SelectionSetNode[]> {
  const fields = new Map<string, SelectionSetNode[]>();
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection, scope)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const sets = fields.get(selection.name.value) ?? [];
          if (selection.selectionSet) sets.push(selection.selectionSet);
          fields.set(selection.name.value, sets);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          walk(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const fragment = scope.fragments[selection.name.value];
          if (!fragment || visited.has(selection.name.value)) break;
          visited.add(selection.name.value);
          walk(fragment.selectionSet);
          break;
        }
        default: {
          const unexpected: never = selection;
          throw new Error(`Unexpected selection ${String(unexpected)}`);
        }
      }
    }
  };
  selectionSets.forEach(walk);
  return fields;
}

/** What graphql-js's collectFields decides for @skip and @include, with the request's variables. */
function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, scope: SelectionScope): boolean {
  if (!node.directives?.length) return true;
  if (node.directives.some((directive) => directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE))) scope.dependsOnVariables = true;
  if (getDirectiveValues(GraphQLSkipDirective, node, scope.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, scope.variableValues)?.if !== false;
}

import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Answers already worked out, by the field nodes they were worked out for and the field asked
 * about. graphql-js hands every row of a list the same `fieldNodes` array (its collectSubfields is
 * memoised per execution), and a graphql-jit compiled query the same one on every request, so 20
 * projects walk the selection once. Keyed on the array, not on `fieldNodes[0]`: a field reached
 * through a fragment shares its first node with other places that merge different siblings into it.
 */
const answers = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

interface Walk {
  readonly info: GraphQLResolveInfo;
  readonly field: string;
  readonly visited: Set<string>;
  /** Set when an @skip/@include took a variable: the answer then holds for these variables only. */
  dependsOnVariables: boolean;
}

/**
 * Whether the selection of the field being resolved asks for `field` of the type the field returns:
 * directly, under an alias, or inside inline fragments and named fragment spreads, unless
 * `@skip`/`@include` leave it out. Type conditions are not checked: a valid document's fragments
 * all fit the field's type, and on an abstract type a fragment on any of its types counts.
 *
 * For reading a relation level ahead (`Project.stages` asking whether its stages will be asked
 * their `owner`). A wrong `true` costs a read nobody uses, never a wrong answer: the next level's
 * resolvers still run and still load what they need.
 */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  let known = answers.get(info.fieldNodes);
  const cached = known?.get(field);
  if (cached !== undefined) return cached;
  const walk: Walk = { info, field, visited: new Set(), dependsOnVariables: false };
  const answer = info.fieldNodes.some((node) => asks(node.selectionSet, walk));
  if (!walk.dependsOnVariables) {
    if (!known) answers.set(info.fieldNodes, (known = new Map()));
    known.set(field, answer);
  }
  return answer;
}

function asks(selectionSet: SelectionSetNode | undefined, walk: Walk): boolean {
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(selection, walk)) continue;
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value === walk.field) return true;
        break;
      case Kind.INLINE_FRAGMENT:
        if (asks(selection.selectionSet, walk)) return true;
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = walk.info.fragments[name];
        if (!fragment || walk.visited.has(name)) break;
        walk.visited.add(name);
        if (asks(fragment.selectionSet, walk)) return true;
        break;
      }
      default: {
        const unexpected: never = selection;
        throw new Error(`Unexpected selection ${String(unexpected)}`);
      }
    }
  }
  return false;
}

/** What graphql-js's collectFields decides for @skip and @include, with the request's variables. */
function included(node: FieldNode | InlineFragmentNode | FragmentSpreadNode, walk: Walk): boolean {
  if (!node.directives?.length) return true;
  if (node.directives.some((directive) => directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE))) walk.dependsOnVariables = true;
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.info.variableValues)?.if !== false;
}

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
 * Answers already worked out, by the field nodes they were worked out for and the path asked
 * about. graphql-js hands every row of a list the same `fieldNodes` array (its collectSubfields is
 * memoised per execution), and a graphql-jit compiled query the same one on every request, so 20
 * projects walk the selection once. Keyed on the array, not on `fieldNodes[0]`: a field reached
 * through a fragment shares its first node with other places that merge different siblings into it.
 */
const answers = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

interface Walk {
  readonly info: GraphQLResolveInfo;
  readonly path: readonly string[];
  /** Fragments already walked, by name and depth: a fragment's answer at a depth is always the same. */
  readonly visited: Set<string>;
  /** Set when an @skip/@include took a variable: the answer then holds for these variables only. */
  dependsOnVariables: boolean;
}

/**
 * Whether the selection of the field being resolved asks for `field` of the type the field returns
 * (and, given more names, whether that field's selection asks for the next, and so on down):
 * directly, under an alias, or inside inline fragments and named fragment spreads, unless
 * `@skip`/`@include` leave it out. Type conditions are not checked: a valid document's fragments
 * all fit the field's type, and on an abstract type a fragment on any of its types counts.
 *
 * For reading a relation level ahead (`Project.stages` asking whether its stages will be asked
 * their `owner`; `Query.projects` whether its nodes will be asked their `stages`). A wrong `true`
 * costs a read nobody uses, never a wrong answer: the next level's resolvers still run and still
 * load what they need.
 */
export function selectsField(info: GraphQLResolveInfo, field: string, ...below: string[]): boolean {
  const path = [field, ...below];
  const key = path.join('.');
  let known = answers.get(info.fieldNodes);
  const cached = known?.get(key);
  if (cached !== undefined) return cached;
  const walk: Walk = { info, path, visited: new Set(), dependsOnVariables: false };
  const answer = info.fieldNodes.some((node) => asks(node.selectionSet, 0, walk));
  if (!walk.dependsOnVariables) {
    if (!known) answers.set(info.fieldNodes, (known = new Map()));
    known.set(key, answer);
  }
  return answer;
}

/**
 * Whether a connection field's selection asks its nodes for `field` (and below, as
 * {@link selectsField}), through `nodes` or through `edges { node }`.
 */
export function selectsOfNodes(info: GraphQLResolveInfo, field: string, ...below: string[]): boolean {
  return selectsField(info, 'nodes', field, ...below) || selectsField(info, 'edges', 'node', field, ...below);
}

/** Whether `selectionSet` asks for `walk.path` from `depth` on. */
function asks(selectionSet: SelectionSetNode | undefined, depth: number, walk: Walk): boolean {
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(selection, walk)) continue;
    switch (selection.kind) {
      case Kind.FIELD:
        // Two aliases of one field are two places: either one asking the rest of the path counts.
        if (selection.name.value === walk.path[depth] && (depth === walk.path.length - 1 || asks(selection.selectionSet, depth + 1, walk))) return true;
        break;
      case Kind.INLINE_FRAGMENT:
        if (asks(selection.selectionSet, depth, walk)) return true;
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const fragment = walk.info.fragments[name];
        const visit = `${depth}:${name}`;
        if (!fragment || walk.visited.has(visit)) break;
        walk.visited.add(visit);
        if (asks(fragment.selectionSet, depth, walk)) return true;
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

import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type SelectionSetNode } from 'graphql';
import { AppError } from '../errors';

/** One place of the response: a response key under its parent's place. */
interface Place {
  /** Field selections that fill this place (from every selection set merged here). */
  count: number;
  readonly children: Map<string, Place>;
  /** Fragments already spread here: a second spread adds nothing (graphql-js merges it too). */
  spread?: Set<string>;
}

const place = (): Place => ({ count: 0, children: new Map() });

/**
 * A check of the parsed document that runs before validation, in time linear in the document,
 * for the two shapes that make validation itself expensive:
 *
 * - **Repeated fields.** graphql-js's OverlappingFieldsCanBeMergedRule compares every two fields
 *   that fill the same place of the response (same response key under the same parent, whether
 *   written side by side, in inline fragments or in spread fragments), and their sub-selections
 *   pairwise: `{ viewer { user { id } } ... }` 300 times, or `a: id a: name` 450 times, is a few
 *   hundred thousand comparisons (40-240 ms) before any other rule refuses it. Here each place's
 *   fields are counted (fragments expanded where they are spread, each once per place) and more
 *   than `maxRepeats` at one place is refused: the rule then makes at most `maxRepeats / 2`
 *   comparisons per field.
 * - **Expansion.** Counting with fragments expanded is also what the selection limit does
 *   (selection-limit.ts, a validation rule): the walk stops past `2 * maxSelections` steps and
 *   refuses, as that rule would, so a fragment bomb costs nothing here either.
 *
 * Every operation and every fragment that no operation spreads is walked. Returns the refusal
 * (GRAPHQL_VALIDATION_FAILED, HTTP 400), or null.
 */
export function fieldRepeatsProblem(document: DocumentNode, maxRepeats: number, maxSelections: number): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
  }
  const reached = new Set<string>();
  const inProgress = new Set<string>();
  const budget = 2 * maxSelections;
  let steps = 0;
  let problem: GraphQLError | null = null;

  const refuse = (message: string, extensions: Record<string, unknown> = {}): false => {
    problem = new AppError('GRAPHQL_VALIDATION_FAILED', message, { ...extensions, http: { status: 400 } });
    return false;
  };

  /** Counts `set` into `at`; false once a limit is passed (`problem` says which). */
  const walk = (set: SelectionSetNode, at: Place): boolean => {
    for (const selection of set.selections) {
      if (++steps > budget) return refuse(`Operation asks for more than ${maxSelections} fields once fragments are expanded.`);
      if (selection.kind === Kind.FIELD) {
        const key = (selection.alias ?? selection.name).value;
        let child = at.children.get(key);
        if (!child) at.children.set(key, (child = place()));
        if (++child.count > maxRepeats) {
          return refuse(`"${key.slice(0, 100)}" is asked for more than ${maxRepeats} times at one place of the response (fragments included).`, {
            maximumRepeats: maxRepeats,
          });
        }
        if (selection.selectionSet && !walk(selection.selectionSet, child)) return false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!walk(selection.selectionSet, at)) return false;
      } else {
        const name = selection.name.value;
        reached.add(name);
        const fragment = fragments.get(name);
        // Unknown fragments and cycles are validation's to report (KnownFragmentNames, NoFragmentCycles).
        if (!fragment || inProgress.has(name) || at.spread?.has(name)) continue;
        (at.spread ??= new Set()).add(name);
        inProgress.add(name);
        const within = walk(fragment.selectionSet, at);
        inProgress.delete(name);
        if (!within) return false;
      }
    }
    return true;
  };

  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && !walk(definition.selectionSet, place())) return problem;
  }
  // A fragment no operation uses is refused by validation (NoUnusedFragments), after comparing its fields.
  for (const [name, fragment] of fragments) {
    if (!reached.has(name) && !walk(fragment.selectionSet, place())) return problem;
  }
  return null;
}

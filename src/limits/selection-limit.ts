import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * A validation rule that counts field selections as execution would see them, every fragment
 * spread expanded where it is used, and refuses an operation with more than `max`.
 *
 * Fragments are counted once each and their totals reused, so the count itself takes time linear in
 * the document even for a fragment bomb (`fragment F0 on Query { ...F1 ...F1 }` ... `F20`), whose
 * expansion (2^20 fields) is what would otherwise reach the cost analysis and the resolvers.
 * Fragment cycles count as nothing here; graphql-js's NoFragmentCyclesRule reports them.
 */
export function maxSelectionsRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragmentTotals = new Map<string, number>();
    const inProgress = new Set<string>();

    const countFragment = (name: string): number => {
      const known = fragmentTotals.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const total = countSet(fragment.selectionSet);
      inProgress.delete(name);
      fragmentTotals.set(name, total);
      return total;
    };

    const countSet = (set: SelectionSetNode | undefined): number => {
      let total = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) total += 1 + countSet(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += countSet(selection.selectionSet);
        else total += countFragment(selection.name.value);
        // Past the limit the exact number no longer matters; stop before it grows further.
        if (total > max) return total;
      }
      return total;
    };

    return {
      OperationDefinition(operation) {
        const count = countSet(operation.selectionSet);
        if (count > max) {
          context.reportError(new GraphQLError(`Operation asks for more than ${max} fields once fragments are expanded.`, { nodes: [operation] }));
        }
      },
    };
  };
}

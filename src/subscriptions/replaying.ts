import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { Extensions } from 'type-graphql';

/** Where {@link Replays} keeps its declaration: the subscription field's extensions in the schema. */
const REPLAYS = 'replays';

/** How a subscription replays history (see {@link Replays}). */
export interface ReplayDeclaration {
  /**
   * The argument that carries the position to replay after: given (and not null), the subscription
   * replays; absent or null, it only goes live and may share. Without one, it always replays.
   */
  cursor?: string;
}

/**
 * Declares that a subscription field replays history before it goes live, so that it never shares
 * an execution (src/subscriptions/shared-subscriptions.ts): a late joiner of a shared execution
 * would miss the replay. Put it beside `@Subscription` on every subscription that replays.
 */
export function Replays(declaration: ReplayDeclaration = {}): MethodDecorator {
  return Extensions({ [REPLAYS]: declaration });
}

function declarationOf(field: GraphQLField<unknown, unknown>): ReplayDeclaration | undefined {
  return field.extensions?.[REPLAYS] as ReplayDeclaration | undefined;
}

/**
 * Checks every {@link Replays} declaration against the schema: a cursor that names no argument of
 * its field would never be seen, and the subscription would share. Throws, naming the field.
 */
export function assertReplayDeclarations(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const cursor = declarationOf(field)?.cursor;
    if (cursor !== undefined && !field.args.some((argument) => argument.name === cursor)) {
      throw new Error(`Subscription.${field.name} declares it replays after argument "${cursor}", which it does not have`);
    }
  }
}

/** The root fields a selection set asks for, through its fragments. */
function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/** What decides whether a subscription operation replays. */
export interface SubscriptionOperation {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/**
 * Whether `operation` asks a subscription field declared with {@link Replays} for its history:
 * its cursor argument is given, after variables and defaults are applied as execution will apply
 * them. Operations that will fail (unknown operation, invalid variables) count as replaying: an
 * execution of their own costs nothing, and shares no error.
 */
export function replaysHistory(schema: GraphQLSchema, operation: SubscriptionOperation): boolean {
  const definition = getOperationAST(operation.document, operation.operationName);
  const subscriptionType = schema.getSubscriptionType();
  if (!definition || !subscriptionType) return true;
  const variables = getVariableValues(schema, definition.variableDefinitions ?? [], operation.variableValues ?? {});
  if (variables.errors) return true;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const node of operation.document.definitions) if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, node);
  return rootFields(definition.selectionSet, fragments).some((node) => {
    const field = subscriptionType.getFields()[node.name.value];
    const declaration = field && declarationOf(field);
    if (!declaration) return false;
    if (declaration.cursor === undefined) return true;
    try {
      return getArgumentValues(field, node, variables.coerced)[declaration.cursor] != null;
    } catch {
      return true;
    }
  });
}

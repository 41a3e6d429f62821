import { type ASTVisitor, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from "graphql";

const MAX_FRAGMENT_DEPTH = 20;

function loginFields(selectionSet: SelectionSetNode, context: ValidationContext, depth: number): number {
  if (depth > MAX_FRAGMENT_DEPTH) return 0;
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "login") count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += loginFields(selection.selectionSet, context, depth + 1);
    } else {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += loginFields(fragment.selectionSet, context, depth + 1);
    }
  }
  return count;
}

/**
 * One `login` per operation: aliases would otherwise let one request try many
 * passwords (each an scrypt) past the per-request view of the throttle. Counted
 * through fragments and regardless of @skip/@include; refused at validation,
 * before anything runs.
 */
export function singleLoginRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== "mutation") return;
      if (loginFields(node.selectionSet, context, 0) > 1) {
        context.reportError(new GraphQLError("Only one login is allowed per request.", { nodes: node }));
      }
    },
  };
}

import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  type ValueNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
} from "graphql";
import { MAX_PAGE_SIZE } from "../common/connection";

/** What a connection asked with no `first` returns (common/connection.ts `pageSize`). */
export const DEFAULT_PAGE_COST = 20;
/** A list that takes no `first` (an account's aliases, a group's members) is counted as this many items. */
export const UNPAGINATED_LIST_ITEMS = 10;
/** Each mutation root field, on top of what it selects: a write costs more than a read of one object. */
export const MUTATION_COST = 10;

/**
 * The static cost of an operation, before it runs (Shopify's and GitHub's
 * rule): every object costs 1 (a connection's edge wrapper 0), scalars and enums 0; a list of objects costs
 * its item count × (1 + the item's selection), where the count is the `first`
 * of the connection it sits in (default 20, at most 100), or 10 for lists
 * that take no `first`; each mutation root field adds 10. Introspection
 * fields (`__schema`, `__type`, `__typename`) are free. `@skip`/`@include`
 * are ignored, so the estimate never falls below what can run.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const firstOf = (value: ValueNode | undefined): number => {
    let n: unknown = DEFAULT_PAGE_COST;
    if (value?.kind === Kind.INT) n = Number(value.value);
    else if (value?.kind === Kind.VARIABLE) n = variables[value.name.value] ?? DEFAULT_PAGE_COST;
    return typeof n === "number" && Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_COST;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | null, seen: Set<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += selectionCost(selection.selectionSet, type, pageSize, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        // A fragment spread inside itself is refused by validation; `seen` only keeps this walk finite.
        if (fragment && type && isCompositeType(type) && !seen.has(name))
          total += selectionCost(fragment.selectionSet, type, pageSize, new Set([...seen, name]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith("__") || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[name];
      const named = field && getNamedType(field.type);
      if (!field || !named || !isCompositeType(named) || !selection.selectionSet) continue;
      const paginated = field.args.some((a) => a.name === "first");
      const childPage = paginated ? firstOf(selection.arguments?.find((a) => a.name.value === "first")?.value) : null;
      const items = isListType(getNullableType(field.type)) ? (pageSize ?? UNPAGINATED_LIST_ITEMS) : 1;
      // Edges and nodes of a connection are priced by its `first`, deeper lists by their own; an edge itself is free.
      const own = named.name.endsWith("Edge") ? 0 : 1;
      total += items * (own + selectionCost(selection.selectionSet, named, childPage, seen));
    }
    return total;
  };

  let cost = selectionCost(operation.selectionSet, root, null, new Set());
  if (operation.operation === "mutation") cost += MUTATION_COST * operation.selectionSet.selections.length;
  return cost;
}

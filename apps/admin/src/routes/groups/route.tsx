import { GroupPageDocument, GroupsListDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { DEFAULT_PAGE_SIZE, searchText, validatePaging } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";

export interface GroupsSearch extends PagingSearch {
  /** Part of the name or the address. */
  q?: string;
}

/**
 * Admins list every group of the organization; an owner who is not an admin
 * lists the groups it owns (the API answers only those).
 */
export const groupsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "groups",
  validateSearch: (search: Record<string, unknown>): GroupsSearch => ({
    ...validatePaging(search),
    ...(searchText(search.q) ? { q: searchText(search.q) } : {}),
  }),
  loaderDeps: ({ search }) => ({ org: search.org, q: search.q, size: search.size, after: search.after }),
  loader: ({ context, deps }) => {
    const organizationId = organizationScope(context.viewer, deps.org);
    if (!organizationId) return;
    return preload(context.apolloClient, GroupsListDocument, {
      organizationId,
      first: deps.size ?? DEFAULT_PAGE_SIZE,
      after: deps.after ?? null,
      search: deps.q ?? null,
    });
  },
  component: lazyRouteComponent(() => import("./GroupsPage"), "GroupsPage"),
});

/** One group: owners and members apart, add and remove members, recipients, who may send, delete. */
export const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "groups/$groupId",
  validateSearch: validatePaging,
  loaderDeps: ({ search }) => ({ size: search.size, after: search.after }),
  loader: ({ context, params, deps }) =>
    preload(context.apolloClient, GroupPageDocument, { id: params.groupId, first: deps.size ?? DEFAULT_PAGE_SIZE, after: deps.after ?? null }),
  component: lazyRouteComponent(() => import("./GroupPage"), "GroupPage"),
});

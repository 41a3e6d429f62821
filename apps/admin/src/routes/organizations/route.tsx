import { OrganizationDocument, OrganizationsDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { DEFAULT_PAGE_SIZE, type PagingSearch, validatePaging } from "../../components/paging";

/** Page size, the cursor the shown page starts after, and the cursors before it. */
export type OrganizationsSearch = PagingSearch;

/** Operators only: everyone else belongs to one organization. */
const operatorOnly = ({ context }: { context: { viewer: { role: string } } }) => {
  if (context.viewer.role !== "OPERATOR") throw redirect({ to: "/" });
};

export const organizationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "organizations",
  validateSearch: validatePaging,
  beforeLoad: operatorOnly,
  loaderDeps: ({ search }) => ({ size: search.size ?? DEFAULT_PAGE_SIZE, after: search.after }),
  loader: ({ context, deps }) => preload(context.apolloClient, OrganizationsDocument, { first: deps.size, after: deps.after ?? null }),
  component: lazyRouteComponent(() => import("./OrganizationsPage"), "OrganizationsPage"),
});

export const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "organizations/$organizationId",
  beforeLoad: operatorOnly,
  loader: ({ context, params }) => preload(context.apolloClient, OrganizationDocument, { id: params.organizationId }),
  component: lazyRouteComponent(() => import("./OrganizationPage"), "OrganizationPage"),
});

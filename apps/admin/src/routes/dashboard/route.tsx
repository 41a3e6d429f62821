import { DashboardDocument, DomainsDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";

/** Admins' and operators' start page; everyone else starts on their own account. */
export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  beforeLoad: ({ context }) => {
    if (context.viewer.role !== "OPERATOR" && context.viewer.role !== "ADMIN") throw redirect({ to: "/me" });
  },
  loaderDeps: ({ search }) => ({ org: search.org }),
  loader: async ({ context, deps }) => {
    const organizationId = organizationScope(context.viewer, deps.org) ?? null;
    await Promise.all([
      preload(context.apolloClient, DashboardDocument, { organizationId }),
      organizationId ? preload(context.apolloClient, DomainsDocument, { organizationId }) : undefined,
    ]);
  },
  component: lazyRouteComponent(() => import("./DashboardPage"), "DashboardPage"),
});

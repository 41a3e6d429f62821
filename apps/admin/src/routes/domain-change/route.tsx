import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../app/route";

export interface DomainChangeSearch {
  from?: string;
  to?: string;
}

/** `/domain-change?from=…&to=…`: a dry run lists every conflict before anything changes. */
export const domainChangeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "domain-change",
  validateSearch: (search: Record<string, unknown>): DomainChangeSearch => ({
    ...(typeof search.from === "string" && search.from ? { from: search.from } : {}),
    ...(typeof search.to === "string" && search.to ? { to: search.to } : {}),
  }),
  component: lazyRouteComponent(() => import("./DomainChangePage"), "DomainChangePage"),
});

import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { appRoute } from "../app/route";

export interface OffboardingSearch {
  /** The account of the person leaving. */
  leaver?: string;
  /** The colleague who receives their mail. */
  colleague?: string;
}

/** `/offboarding?leaver=…&colleague=…`: the choice survives a reload; nothing changes before the confirm. */
export const offboardingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "offboarding",
  validateSearch: (search: Record<string, unknown>): OffboardingSearch => ({
    ...(typeof search.leaver === "string" && search.leaver ? { leaver: search.leaver } : {}),
    ...(typeof search.colleague === "string" && search.colleague ? { colleague: search.colleague } : {}),
  }),
  component: lazyRouteComponent(() => import("./OffboardingPage"), "OffboardingPage"),
});

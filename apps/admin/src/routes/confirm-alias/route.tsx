import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { rootRoute } from "../root/route";
import { CONFIRM_ALIAS_PATH } from "./path";

/**
 * Opened by whoever owns the alias address, usually someone without a
 * Postroom session: no viewer is asked for and nothing is preloaded.
 */
export const confirmAliasRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: CONFIRM_ALIAS_PATH,
  component: lazyRouteComponent(() => import("./ConfirmAliasPage"), "ConfirmAliasScreen"),
});

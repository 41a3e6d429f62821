import { createRoute } from "@tanstack/react-router";
import { rootRoute } from "../root/route";
import { CONFIRM_ALIAS_PATH, ConfirmAliasPage } from "./ConfirmAliasPage";

/**
 * Opened by whoever owns the alias address, usually someone without a
 * Postroom session: no viewer is asked for and nothing is preloaded.
 */
export const confirmAliasRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: CONFIRM_ALIAS_PATH,
  component: () => (
    <main className="console-standalone">
      <p className="console-brand">Postroom</p>
      <ConfirmAliasPage />
    </main>
  ),
});

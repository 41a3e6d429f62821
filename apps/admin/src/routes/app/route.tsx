import { createRoute, redirect, retainSearchParams } from "@tanstack/react-router";
import { rootRoute } from "../root/route";
import { AppShell } from "./AppShell";
import { ShellError } from "./ShellError";
import { loadViewer } from "./viewer";

export interface AppSearch {
  /** The operator's chosen organization; kept on every link inside the console. */
  org?: string;
}

/**
 * The signed-in console: every page below needs a viewer. Without a session
 * the user goes to sign-in and comes back here afterwards.
 */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "_app",
  validateSearch: (search: Record<string, unknown>): AppSearch => (typeof search.org === "string" && search.org !== "" ? { org: search.org } : {}),
  search: { middlewares: [retainSearchParams(["org"])] },
  beforeLoad: async ({ context, location }) => {
    const viewer = await loadViewer(context.apolloClient);
    if (!viewer) throw redirect({ to: "/sign-in", search: { next: location.href } });
    return { viewer };
  },
  component: AppShell,
  errorComponent: ShellError,
});

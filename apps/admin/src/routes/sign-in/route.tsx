import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { safeNext } from "../../session";
import { rootRoute } from "../root/route";
import { loadViewer } from "../app/viewer";

export interface SignInSearch {
  /** Where to go back to after signing in (a path on this site). */
  next?: string;
}

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "sign-in",
  validateSearch: (search: Record<string, unknown>): SignInSearch => (typeof search.next === "string" ? { next: search.next } : {}),
  // Someone already signed in has nothing to do here.
  beforeLoad: async ({ context, search }) => {
    const viewer = await loadViewer(context.apolloClient, true).catch(() => null);
    if (viewer) throw redirect({ href: safeNext(search.next) });
  },
  component: lazyRouteComponent(() => import("./SignInPage"), "SignInPage"),
});

import { MyAccountDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";

/** A signed-in account's own page: its addresses and alias requests. Operators have no account. */
export const meRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "me",
  beforeLoad: ({ context }) => {
    if (!context.viewer.account) throw redirect({ to: "/" });
  },
  loader: ({ context }) => (context.viewer.account ? preload(context.apolloClient, MyAccountDocument, { id: context.viewer.account.id }) : undefined),
  component: lazyRouteComponent(() => import("./MyAccountPage"), "MyAccountPage"),
});

import { OutboxListDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { DEFAULT_PAGE_SIZE, validatePaging } from "../../components/paging";
import { preload } from "../../preload";
import { appRoute } from "../app/route";

/** Operators only: the mail the embedded default kept instead of sending (no SMTP_URL). */
export const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "outbox",
  validateSearch: validatePaging,
  beforeLoad: ({ context }) => {
    if (context.viewer.role !== "OPERATOR") throw redirect({ to: "/" });
  },
  loaderDeps: ({ search }) => ({ size: search.size, after: search.after }),
  loader: ({ context, deps }) => preload(context.apolloClient, OutboxListDocument, { first: deps.size ?? DEFAULT_PAGE_SIZE, after: deps.after ?? null }),
  component: lazyRouteComponent(() => import("./OutboxPage"), "OutboxPage"),
});

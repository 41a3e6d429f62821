import { JobsListDocument } from "@postroom/schema";
import type { JobState } from "@postroom/schema";
import { createRoute, lazyRouteComponent, redirect } from "@tanstack/react-router";
import { JOB_STATE } from "../../components/labels";
import { DEFAULT_PAGE_SIZE, searchText, validatePaging } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";

export interface JobsSearch extends PagingSearch {
  state?: JobState;
  /** Only jobs concerning this account: the account page links here. */
  account?: string;
}

export const staffOnly = ({ context }: { context: { viewer: { role: string } } }) => {
  if (context.viewer.role !== "OPERATOR" && context.viewer.role !== "ADMIN") throw redirect({ to: "/" });
};

export const jobsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "jobs",
  validateSearch: (search: Record<string, unknown>): JobsSearch => {
    const state = typeof search.state === "string" && search.state in JOB_STATE ? (search.state as JobState) : undefined;
    const account = searchText(search.account);
    return { ...validatePaging(search), ...(state ? { state } : {}), ...(account ? { account } : {}) };
  },
  beforeLoad: staffOnly,
  loaderDeps: ({ search }) => ({ org: search.org, state: search.state, account: search.account, size: search.size, after: search.after }),
  loader: ({ context, deps }) =>
    preload(context.apolloClient, JobsListDocument, {
      organizationId: organizationScope(context.viewer, deps.org) ?? null,
      state: deps.state ?? null,
      accountId: deps.account ?? null,
      first: deps.size ?? DEFAULT_PAGE_SIZE,
      after: deps.after ?? null,
    }),
  component: lazyRouteComponent(() => import("./JobsPage"), "JobsPage"),
});

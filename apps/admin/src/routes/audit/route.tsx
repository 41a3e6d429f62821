import { AuditListDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { DEFAULT_PAGE_SIZE, searchText, validatePaging } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";
import { staffOnly } from "../jobs/route";
import { auditVariables } from "./variables";

export interface AuditSearch extends PagingSearch {
  action?: string;
  actor?: string;
  /** An account, group, domain… id: the account, group and domain pages link here. */
  target?: string;
  /** Dates (YYYY-MM-DD), inclusive, in the browser's time zone. */
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "audit",
  validateSearch: (search: Record<string, unknown>): AuditSearch => {
    const out: AuditSearch = validatePaging(search);
    for (const key of ["action", "actor", "target"] as const) {
      const value = searchText(search[key]);
      if (value) out[key] = value;
    }
    for (const key of ["from", "to"] as const) {
      const value = searchText(search[key]);
      if (value && DATE.test(value)) out[key] = value;
    }
    return out;
  },
  beforeLoad: staffOnly,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    preload(context.apolloClient, AuditListDocument, auditVariables(organizationScope(context.viewer, deps.org) ?? null, deps, deps.size ?? DEFAULT_PAGE_SIZE)),
  component: lazyRouteComponent(() => import("./AuditPage"), "AuditPage"),
});

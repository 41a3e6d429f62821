import type { ApolloClient } from "@apollo/client";
import { AccountAuditTrailDocument, AccountDocument, AccountsDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { PROFILE_LABELS, ACCOUNT_STATUS } from "../../components/labels";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import type { Viewer } from "../app/viewer";
import { AUDIT_PAGE_SIZE, accountsVariables, isAdministrator } from "./variables";
import type { AccountsSearch } from "./variables";
import { validatePaging } from "../../components/paging";

function oneOf<T extends string>(value: unknown, allowed: Record<T, unknown>): T | undefined {
  return typeof value === "string" && Object.hasOwn(allowed, value) ? (value as T) : undefined;
}

function validate(search: Record<string, unknown>): AccountsSearch {
  const q = typeof search.q === "string" ? search.q.trim() : "";
  const profile = oneOf(search.profile, PROFILE_LABELS);
  const status = oneOf(search.status, ACCOUNT_STATUS);
  return {
    ...(q ? { q } : {}),
    ...(profile ? { profile } : {}),
    ...(status ? { status } : {}),
    ...validatePaging(search),
  };
}

export const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "accounts",
  validateSearch: validate,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }: { context: { viewer: Viewer; apolloClient: ApolloClient }; deps: AccountsSearch & { org?: string } }) =>
    preload(context.apolloClient, AccountsDocument, accountsVariables(context.viewer, deps)),
  component: lazyRouteComponent(() => import("./AccountsPage"), "AccountsPage"),
});

export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "accounts/$accountId",
  loader: ({ context, params }) =>
    Promise.all([
      preload(context.apolloClient, AccountDocument, { id: params.accountId }),
      // The audit trail is for administrators; an account reading its own page is not asked.
      isAdministrator(context.viewer)
        ? preload(context.apolloClient, AccountAuditTrailDocument, { targetId: params.accountId, first: AUDIT_PAGE_SIZE, after: null })
        : undefined,
    ]),
  component: lazyRouteComponent(() => import("./AccountPage"), "AccountPage"),
});

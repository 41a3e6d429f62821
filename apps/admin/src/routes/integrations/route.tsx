import { ApiKeysDocument, WebhookDeliveriesDocument, WebhookEndpointDocument, WebhookEndpointsDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { DEFAULT_PAGE_SIZE, validatePaging } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";
import { staffOnly } from "../jobs/route";

export type IntegrationsTab = "keys" | "webhooks";

export interface IntegrationsSearch extends PagingSearch {
  /** The webhooks tab; the API keys tab is the default. Paging applies to the tab shown. */
  tab?: "webhooks";
}

/** API keys and webhook endpoints of the organization: its administrators, and operators for the chosen organization. */
export const integrationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "integrations",
  validateSearch: (search: Record<string, unknown>): IntegrationsSearch => ({
    ...(search.tab === "webhooks" ? { tab: "webhooks" as const } : {}),
    ...validatePaging(search),
  }),
  beforeLoad: staffOnly,
  loaderDeps: ({ search }) => ({ org: search.org, tab: search.tab, size: search.size, after: search.after }),
  loader: ({ context, deps }) => {
    const organizationId = organizationScope(context.viewer, deps.org);
    // An operator who has not chosen an organization is asked to choose first.
    if (!organizationId) return;
    const variables = { organizationId, first: deps.size ?? DEFAULT_PAGE_SIZE, after: deps.after ?? null };
    return deps.tab === "webhooks"
      ? preload(context.apolloClient, WebhookEndpointsDocument, variables)
      : preload(context.apolloClient, ApiKeysDocument, variables);
  },
  component: lazyRouteComponent(() => import("./IntegrationsPage"), "IntegrationsPage"),
});

/** One webhook endpoint with its delivery log (paged newest first). */
export const webhookEndpointRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "integrations/webhooks/$endpointId",
  validateSearch: validatePaging,
  beforeLoad: staffOnly,
  loaderDeps: ({ search }) => ({ size: search.size, after: search.after }),
  loader: ({ context, params, deps }) =>
    Promise.all([
      preload(context.apolloClient, WebhookEndpointDocument, { id: params.endpointId }),
      preload(context.apolloClient, WebhookDeliveriesDocument, {
        endpointId: params.endpointId,
        first: deps.size ?? DEFAULT_PAGE_SIZE,
        after: deps.after ?? null,
      }),
    ]),
  component: lazyRouteComponent(() => import("./WebhookEndpointPage"), "WebhookEndpointPage"),
});

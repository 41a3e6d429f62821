import type { ApolloClient } from "@apollo/client";
import { ViewerDocument } from "@postroom/schema";
import { createRouter } from "@tanstack/react-router";
import { onSessionExpired } from "./session";
import { accountRoute, accountsRoute } from "./routes/accounts/route";
import { appRoute } from "./routes/app/route";
import { auditRoute } from "./routes/audit/route";
import { confirmAliasRoute } from "./routes/confirm-alias/route";
import { dashboardRoute } from "./routes/dashboard/route";
import { domainChangeRoute } from "./routes/domain-change/route";
import { domainRoute, domainsRoute } from "./routes/domains/route";
import { groupRoute, groupsRoute } from "./routes/groups/route";
import { integrationsRoute, webhookEndpointRoute } from "./routes/integrations/route";
import { jobsRoute } from "./routes/jobs/route";
import { meRoute } from "./routes/me/route";
import { offboardingRoute } from "./routes/offboarding/route";
import { organizationRoute, organizationsRoute } from "./routes/organizations/route";
import { outboxRoute } from "./routes/outbox/route";
import { rootRoute } from "./routes/root/route";
import { searchRoute } from "./routes/search/route";
import { signInRoute } from "./routes/sign-in/route";

const routeTree = rootRoute.addChildren([
  signInRoute,
  confirmAliasRoute,
  appRoute.addChildren([
    dashboardRoute,
    organizationsRoute,
    organizationRoute,
    domainsRoute,
    domainRoute,
    searchRoute,
    accountsRoute,
    accountRoute,
    groupsRoute,
    groupRoute,
    offboardingRoute,
    domainChangeRoute,
    meRoute,
    jobsRoute,
    auditRoute,
    integrationsRoute,
    webhookEndpointRoute,
    outboxRoute,
  ]),
]);

export function createAppRouter(apolloClient: ApolloClient) {
  const router = createRouter({
    routeTree,
    context: { apolloClient },
    // Loaders fill the Apollo cache, which is the one cache: the router keeps
    // no copy of its own, so a page always renders what Apollo holds.
    defaultPreloadStaleTime: 0,
    defaultPreload: "intent",
    scrollRestoration: true,
  });

  // Any UNAUTHENTICATED answer: forget the viewer and send the user to sign in,
  // remembering where they were.
  onSessionExpired(() => {
    // The latest location is where the user was going (history moves before loaders run).
    const location = router.latestLocation;
    if (location.pathname === "/sign-in" || location.pathname === "/confirm-alias") return;
    apolloClient.cache.writeQuery({ query: ViewerDocument, data: { viewer: null } });
    void router.navigate({ to: "/sign-in", search: { next: location.href } });
  });
  return router;
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

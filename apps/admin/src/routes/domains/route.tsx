import type { ApolloClient } from "@apollo/client";
import { DomainsDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";
import type { Viewer } from "../app/viewer";

interface LoaderArgs {
  context: { viewer: Viewer; apolloClient: ApolloClient };
  deps: { org?: string };
}

const loadDomains = ({ context, deps }: LoaderArgs) => {
  const organizationId = organizationScope(context.viewer, deps.org);
  // An operator who has not chosen an organization is asked to choose first.
  if (!organizationId) return;
  return preload(context.apolloClient, DomainsDocument, { organizationId });
};

export const domainsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "domains",
  loaderDeps: ({ search }) => ({ org: search.org }),
  loader: loadDomains,
  component: lazyRouteComponent(() => import("./DomainsPage"), "DomainsPage"),
});

/** The same page with one domain opened: its TXT record, Check now, mail service, remove. */
export const domainRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "domains/$domainId",
  loaderDeps: ({ search }) => ({ org: search.org }),
  loader: loadDomains,
  component: lazyRouteComponent(() => import("./DomainsPage"), "DomainsPage"),
});

import { AddressAvailabilityDocument, ResolveAddressDocument } from "@postroom/schema";
import { createRoute, lazyRouteComponent } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { organizationScope } from "../app/viewer";

export interface SearchSearch {
  address?: string;
}

/** `/search?address=…`: the header search's answer, so it deep-links and survives a reload. */
export const searchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "search",
  validateSearch: (search: Record<string, unknown>): SearchSearch =>
    typeof search.address === "string" && search.address.trim() !== "" ? { address: search.address.trim() } : {},
  loaderDeps: ({ search }) => ({ address: search.address, org: search.org }),
  loader: async ({ context, deps }) => {
    if (!deps.address) return;
    const client = context.apolloClient;
    await preload(client, ResolveAddressDocument, { address: deps.address });
    const resolved = client.readQuery({ query: ResolveAddressDocument, variables: { address: deps.address } });
    const organizationId = organizationScope(context.viewer, deps.org);
    if (resolved && resolved.resolveAddress === null && (organizationId || context.viewer.role !== "OPERATOR")) {
      await preload(client, AddressAvailabilityDocument, { address: deps.address, organizationId });
    }
  },
  component: lazyRouteComponent(() => import("./SearchPage"), "SearchPage"),
});

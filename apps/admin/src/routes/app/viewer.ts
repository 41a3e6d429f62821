import type { ApolloClient } from "@apollo/client";
import { ViewerDocument } from "@postroom/schema";
import type { ViewerPage_ViewerFragment } from "@postroom/schema";

export type Viewer = ViewerPage_ViewerFragment;

/**
 * The signed-in viewer, or null without a session: from the cache when known,
 * or asked of the server when `fresh` (the session may have ended since).
 */
export async function loadViewer(client: ApolloClient, fresh = false): Promise<Viewer | null> {
  const { data } = await client.query({ query: ViewerDocument, fetchPolicy: fresh ? "network-only" : "cache-first" });
  return data?.viewer ?? null;
}

/**
 * Which organization a page works on: an operator's choice in the URL
 * (`?org=`), everyone else's own organization.
 */
export function organizationScope(viewer: Viewer, org: string | undefined): string | undefined {
  return viewer.role === "OPERATOR" ? org : (viewer.organization?.id ?? undefined);
}

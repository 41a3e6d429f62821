import type { ApolloClient, OperationVariables, TypedDocumentNode } from "@apollo/client";

/**
 * A route loader's fetch: puts the page's query into the Apollo cache so the
 * page renders from it. A failure is left for the page's own query to show
 * (with Retry), so a loader never throws for a refusal.
 */
export async function preload<TData, TVariables extends OperationVariables>(
  client: ApolloClient,
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<void> {
  try {
    await client.query({ query, variables } as ApolloClient.QueryOptions<TData, TVariables>);
  } catch {
    // Shown by the page.
  }
}

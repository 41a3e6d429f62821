import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";

export function createApolloClient() {
  return new ApolloClient({
    // The session lives in an httpOnly cookie; same-origin sends it without
    // exposing a token to JavaScript.
    link: new HttpLink({ uri: "/graphql", credentials: "same-origin" }),
    cache: new InMemoryCache({
      typePolicies: {
        // The viewer has no id but there is exactly one per session, so it is
        // stored as a singleton and updates merge instead of replacing it.
        Viewer: { keyFields: [] },
      },
    }),
  });
}

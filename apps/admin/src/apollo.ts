import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { ErrorLink } from "@apollo/client/link/error";
import { sessionExpired } from "./session";

// Login answers UNAUTHENTICATED for a wrong password: that is a form error, not an expiry.
const NOT_AN_EXPIRY = new Set(["Login", "Logout"]);

const expiryLink = new ErrorLink(({ error, operation }) => {
  if (NOT_AN_EXPIRY.has(operation.operationName ?? "")) return;
  if (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) {
    sessionExpired();
  }
});

export function createApolloClient() {
  return new ApolloClient({
    link: ApolloLink.from([
      expiryLink,
      // The session lives in an httpOnly cookie; same-origin sends it without
      // exposing a token to JavaScript.
      new HttpLink({ uri: "/graphql", credentials: "same-origin" }),
    ]),
    cache: new InMemoryCache({
      typePolicies: {
        // The viewer has no id but there is exactly one per session, so it is
        // stored as a singleton and updates merge instead of replacing it.
        Viewer: { keyFields: [] },
      },
    }),
  });
}

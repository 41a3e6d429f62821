import type { ApolloClient } from "@apollo/client";
import { createRootRouteWithContext } from "@tanstack/react-router";
import { NotFoundPage } from "../not-found/NotFoundPage";
import { RootLayout } from "./RootLayout";

export interface RouterContext {
  apolloClient: ApolloClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFoundPage,
});

import { ApolloProvider } from "@apollo/client/react";
import "@postroom/ui/src/styles.css";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { I18nProvider } from "react-aria-components";
import { createRoot } from "react-dom/client";
import { createApolloClient } from "./apollo";
import { createAppRouter } from "./router";
import "./console.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const apolloClient = createApolloClient();
const router = createAppRouter(apolloClient);

createRoot(root).render(
  <StrictMode>
    <I18nProvider locale="en-US">
      <ApolloProvider client={apolloClient}>
        <RouterProvider router={router} />
      </ApolloProvider>
    </I18nProvider>
  </StrictMode>,
);

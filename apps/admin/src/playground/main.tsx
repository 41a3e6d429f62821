// Registers Monaco's workers before GraphiQL creates its first editor.
import "./monaco-workers";
import { GraphiQL } from "graphiql";
import { getOperationAST, parse } from "graphql";
import type { GraphiQLProps } from "graphiql";
import "graphiql/style.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { EXAMPLE_TABS } from "./examples";
import { scrubbingStorage } from "./scrub-storage";

/**
 * GraphiQL can send the operation name of what the editor held a moment ago
 * (a tab's example) with a document that no longer defines it; a document
 * with one operation then runs that one, as the user expects.
 */
function currentOperationName(query: string, operationName: string | null | undefined): string | undefined {
  if (!operationName) return undefined;
  try {
    const document = parse(query);
    if (getOperationAST(document, operationName)) return operationName;
    return getOperationAST(document) ? undefined : operationName;
  } catch {
    return operationName;
  }
}

const fetcher: GraphiQLProps["fetcher"] = async (params, options) => {
  const response = await fetch("/graphql", {
    method: "POST",
    // Apollo Server's CSRF prevention accepts only requests with a JSON
    // content type; the session cookie rides along same-origin.
    headers: {
      accept: "application/graphql-response+json, application/json",
      ...options?.headers,
      "content-type": "application/json",
    },
    // The console's httpOnly session cookie: signed in there is signed in here.
    credentials: "same-origin",
    body: JSON.stringify({ ...params, operationName: currentOperationName(params.query, params.operationName) }),
  });
  return response.json();
};

const root = document.getElementById("root");
if (!root) throw new Error("playground.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultTabs={EXAMPLE_TABS} storage={scrubbingStorage(window.localStorage)} />
  </StrictMode>,
);

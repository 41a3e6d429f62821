import { useQuery } from "@apollo/client/react";
import { ViewerDocument } from "@postroom/schema";
import { Alert } from "@postroom/ui";
import { CONFIRM_ALIAS_PATH, ConfirmAliasPage } from "./confirm-alias/ConfirmAliasPage";
import { errorCode, errorMessage } from "./errors";
import { SignInPage } from "./sign-in/SignInPage";
import { ViewerPage } from "./viewer/ViewerPage";

export function App() {
  // The API serves index.html for every page path, so the path picks the page.
  // A confirmation link is opened by whoever owns the alias address, usually
  // someone without a Postroom session, so that page asks for no viewer.
  const path = window.location.pathname.replace(/\/+$/, "");
  return (
    <main className="console-shell">
      <h1 className="console-brand">Postroom</h1>
      {path === CONFIRM_ALIAS_PATH ? <ConfirmAliasPage /> : <Home />}
    </main>
  );
}

function Home() {
  const { data, loading, error } = useQuery(ViewerDocument);

  if (loading) return <p aria-busy="true">Loading…</p>;
  if (error && errorCode(error) !== "UNAUTHENTICATED") {
    return <Alert title="The console could not load">{errorMessage(error)}</Alert>;
  }
  if (data?.viewer) return <ViewerPage viewer={data.viewer} />;
  // No session (or an expired one): the server answers viewer: null.
  return <SignInPage />;
}

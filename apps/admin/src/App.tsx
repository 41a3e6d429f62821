import { useQuery } from "@apollo/client/react";
import { ViewerDocument } from "@postroom/schema";
import { Alert } from "@postroom/ui";
import { errorCode, errorMessage } from "./errors";
import { SignInPage } from "./sign-in/SignInPage";
import { ViewerPage } from "./viewer/ViewerPage";

export function App() {
  const { data, loading, error } = useQuery(ViewerDocument);

  let content;
  if (loading) {
    content = <p aria-busy="true">Loading…</p>;
  } else if (error && errorCode(error) !== "UNAUTHENTICATED") {
    content = <Alert title="The console could not load">{errorMessage(error)}</Alert>;
  } else if (data?.viewer) {
    content = <ViewerPage viewer={data.viewer} />;
  } else {
    // No session (or an expired one): the server answers viewer: null.
    content = <SignInPage />;
  }

  return (
    <main className="console-shell">
      <h1 className="console-brand">Postroom</h1>
      {content}
    </main>
  );
}

import { Alert, Button, Card } from "@postroom/ui";
import { useLayoutEffect, useState } from "react";
import { useConfirmAliasMutation } from "../../mutations/useConfirmAliasMutation";
import { removeFragment, tokenFromFragment } from "./fragment-token";

export const CONFIRM_ALIAS_PATH = "/confirm-alias";

/**
 * Where an alias confirmation link lands. Opening the page changes nothing:
 * mail scanners fetch links before people click them, so only pressing Confirm
 * sends the token (DESIGN.md §7).
 */
export function ConfirmAliasPage() {
  // Reading is kept pure (StrictMode runs initializers twice); the fragment is
  // removed in the layout effect below.
  const [token, setToken] = useState(() => tokenFromFragment(window.location.hash));
  const { confirm, reset, loading, alias, error } = useConfirmAliasMutation();

  // Before the first paint, so the token never shows in the address bar. A
  // second link opened in this tab only changes the fragment: no reload, just
  // a hashchange, and the page starts over with the new token.
  useLayoutEffect(() => {
    removeFragment();
    function onHashChange() {
      const next = tokenFromFragment(window.location.hash);
      if (next === null) return;
      removeFragment();
      reset();
      setToken(next);
    }
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [reset]);

  if (alias) {
    return (
      <Card title="Alias confirmed">
        <Alert tone="success">{alias.unicodeAddress} is now an alias.</Alert>
        <p>Mail sent to this address is delivered to the inbox of the account that asked for it. You can close this page.</p>
      </Card>
    );
  }

  if (!token) {
    return (
      <Card title="Confirm an alias">
        <p>
          This page confirms an alias address, but the link that opened it carries no confirmation
          token. Open the link from the confirmation message again; if your mail program broke it
          over several lines, copy all of it into the address bar.
        </p>
      </Card>
    );
  }

  if (error?.linkInvalid) {
    return (
      <Card title="This link cannot be used">
        <Alert>{error.message}</Alert>
        <p>
          Ask for a new confirmation link: whoever requested this alias can send a fresh one from
          the console.
        </p>
      </Card>
    );
  }

  return (
    <Card
      title="Confirm an alias"
      actions={
        <Button onPress={() => void confirm(token)} disabled={loading}>
          {loading ? "Confirming…" : "Confirm"}
        </Button>
      }
    >
      {error && <Alert>{error.message}</Alert>}
      <p>
        Confirm that you own this address: mail sent to it will be delivered to another account&apos;s
        inbox.
      </p>
      <p>If you did not ask for this, close this page. Nothing changes unless you confirm.</p>
    </Card>
  );
}

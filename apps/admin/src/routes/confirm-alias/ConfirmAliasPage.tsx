import { useQuery } from "@apollo/client/react";
import { AliasClaimPreviewDocument } from "@postroom/schema";
import { Alert, Button, Card } from "@postroom/ui";
import { Link } from "@tanstack/react-router";
import { useLayoutEffect, useState } from "react";
import { formatDate } from "../../components/labels";
import { errorCode } from "../../errors";
import { useConfirmAliasMutation } from "../../mutations/useConfirmAliasMutation";
import { removeFragment, tokenFromFragment } from "./fragment-token";

/**
 * Where an alias confirmation link lands. Opening the page changes nothing:
 * mail scanners fetch links before people click them, so only pressing Confirm
 * sends the token (DESIGN.md §7).
 */
export function ConfirmAliasPage() {
  // Reading is kept pure (StrictMode runs initializers twice); the fragment is
  // removed in the layout effect below.
  const [link, setLink] = useState(() => ({ token: tokenFromFragment(window.location.hash), opened: 0 }));

  // Before the first paint, so the token never shows in the address bar. A
  // second link opened in this tab only changes the fragment: no reload, just
  // a hashchange, and the page starts over (a fresh preview, no earlier outcome).
  useLayoutEffect(() => {
    removeFragment();
    function onHashChange() {
      const next = tokenFromFragment(window.location.hash);
      if (next === null) return;
      removeFragment();
      setLink((current) => ({ token: next, opened: current.opened + 1 }));
    }
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);

  return <ConfirmLink key={link.opened} token={link.token} />;
}

function ConfirmLink({ token }: { token: string | null }) {
  const { confirm, loading, alias, error } = useConfirmAliasMutation();
  // What the link would confirm, asked without using the token up.
  const preview = useQuery(AliasClaimPreviewDocument, { variables: { token: token ?? "" }, skip: !token, fetchPolicy: "network-only" });
  const claim = preview.data?.aliasClaimPreview;
  const deadLink = error?.linkInvalid || errorCode(preview.error) === "INVALID_TOKEN";

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
          This page confirms an alias address, but the link that opened it carries no confirmation token. Open the link from the confirmation message again; if
          your mail program broke it over several lines, copy all of it into the address bar.
        </p>
      </Card>
    );
  }

  if (deadLink) {
    return (
      <Card title="This link cannot be used">
        <Alert>It is invalid, was already used, was replaced by a newer link, or has expired.</Alert>
        <p>To get a working link:</p>
        <ul>
          <li>
            If you asked for this alias yourself: <Link to="/sign-in">sign in to Postroom</Link>, open <strong>My account</strong>, and under{" "}
            <strong>Waiting for confirmation</strong> press <strong>Resend link</strong>. If the request is no longer listed, ask for the alias again with{" "}
            <strong>Request an alias</strong>.
          </li>
          <li>If an administrator asked for it on your behalf, ask them to send the link again.</li>
        </ul>
        <p>Only the newest link works; use the one in the most recent message.</p>
      </Card>
    );
  }

  if (preview.loading && !claim) {
    return (
      <Card title="Confirm an alias">
        <p role="status">Reading the link…</p>
      </Card>
    );
  }

  return (
    <Card
      title="Confirm an alias"
      actions={
        claim && (
          <Button onPress={() => void confirm(token)} disabled={loading}>
            {loading ? "Confirming…" : `Confirm ${claim.unicodeAddress}`}
          </Button>
        )
      }
    >
      {error && <Alert>{error.message}</Alert>}
      {preview.error && !claim && <Alert>The link could not be read. Check your connection, then reload this page.</Alert>}
      {claim && (
        <>
          <p>Confirming makes this address an alias: mail sent to it will be delivered to the inbox of the account below.</p>
          <dl className="console-facts">
            <dt>Address</dt>
            <dd>{claim.unicodeAddress}</dd>
            <dt>Account</dt>
            <dd>{claim.accountDisplayName}</dd>
            <dt>Link works until</dt>
            <dd>{formatDate(claim.expiresAt)}</dd>
          </dl>
          <p>If you did not ask for this, or do not know this account, close this page. Nothing changes unless you confirm.</p>
        </>
      )}
    </Card>
  );
}

/** The page on its own, outside the console's shell (its visitor usually has no session). */
export function ConfirmAliasScreen() {
  return (
    <main className="console-standalone">
      <p className="console-brand">Postroom</p>
      <ConfirmAliasPage />
    </main>
  );
}

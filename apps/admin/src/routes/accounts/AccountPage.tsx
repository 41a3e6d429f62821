import { useQuery } from "@apollo/client/react";
import { AccountDocument } from "@postroom/schema";
import type { AccountPage_AccountFragment } from "@postroom/schema";
import { Alert, Badge, Button, Card, Dialog, DialogTrigger } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { ACCOUNT_STATUS, PROFILE_LABELS, formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { useDisableAccountMutation } from "../../mutations/useDisableAccountMutation";
import { useEnableAccountMutation } from "../../mutations/useEnableAccountMutation";
import { AddressesCard } from "./AddressesCard";
import { AliasClaimsCard } from "./AliasClaimsCard";
import { AuditTrailCard } from "./AuditTrailCard";
import { DeliversHereCard } from "./DeliversHereCard";
import { EditAccountForm } from "./EditAccountForm";
import { GroupsCard } from "./GroupsCard";
import { isAdministrator } from "./variables";
import "../../directory.css";

const route = getRouteApi("/_app/accounts/$accountId");

export function AccountPage() {
  const { accountId } = route.useParams();
  const { viewer } = useRouteContext({ from: "/_app" });
  const { data, loading, error, refetch } = useQuery(AccountDocument, { variables: { id: accountId } });
  const account = data?.account;
  const admin = isAdministrator(viewer);

  return (
    <div className="console-page">
      {admin && (
        <p className="console-crumbs">
          <Link to="/accounts">Accounts</Link>
        </p>
      )}
      <h1 className="console-title">{account?.displayName ?? "Account"}</h1>
      {loading && !account && <Loading what="the account" />}
      {error && !account && <QueryError what="The account" error={error} onRetry={() => void refetch()} />}
      {account && (
        <div className="console-account">
          <AccountSummary account={account} admin={admin} />
          <AddressesCard account={account} admin={admin} />
          {account.pendingAliasClaims && account.pendingAliasClaims.length > 0 && <AliasClaimsCard account={account} />}
          <div className="console-grid">
            <DeliversHereCard account={account} />
            <GroupsCard account={account} />
          </div>
          {admin && <AuditTrailCard accountId={account.id} version={versionOf(account)} />}
        </div>
      )}
    </div>
  );
}

/** What the audit trail records about the account, as one string that changes whenever any of it does. */
function versionOf(account: AccountPage_AccountFragment): string {
  return JSON.stringify([
    account.displayName,
    account.profile,
    account.status,
    account.exchangeEnabled,
    account.addresses?.map((a) => [a.id, a.kind, a.status]),
    account.pendingAliasClaims?.map((c) => [c.id, c.expiresAt]),
  ]);
}

function AccountSummary({ account, admin }: { account: AccountPage_AccountFragment; admin: boolean }) {
  const disable = useDisableAccountMutation();
  const enable = useEnableAccountMutation();
  const status = ACCOUNT_STATUS[account.status];
  const offboarded = account.status === "DISABLED" && !account.primaryAddress;
  const toggle = account.status === "ACTIVE" ? disable : enable;
  return (
    <Card
      title="Account"
      toolbar={
        admin ? (
          <div className="console-actions console-actions--toolbar">
            <DialogTrigger>
              <Button variant="secondary">Edit</Button>
              <Dialog title={`Edit ${account.displayName}`}>{(close) => <EditAccountForm account={account} onDone={close} />}</Dialog>
            </DialogTrigger>
            {!offboarded && (
              <Button
                variant={account.status === "ACTIVE" ? "danger" : "secondary"}
                disabled={toggle.loading}
                onPress={() => void toggle.run({ id: account.id })}
              >
                {account.status === "ACTIVE" ? (disable.loading ? "Disabling…" : "Disable") : enable.loading ? "Enabling…" : "Enable"}
              </Button>
            )}
            {account.status === "ACTIVE" && (
              <Link className="pr-button pr-button--secondary" to="/offboarding" search={{ leaver: account.id }}>
                Offboard…
              </Link>
            )}
          </div>
        ) : undefined
      }
    >
      {toggle.error && <Alert>{toggle.error.message}</Alert>}
      <dl className="console-facts console-facts--wide">
        <dt>Status</dt>
        <dd>
          <Badge tone={status.tone}>{status.label}</Badge>
          {offboarded && <span>Offboarded: its addresses went to a colleague.</span>}
        </dd>
        <dt>Primary address</dt>
        <dd>{account.primaryAddress?.unicodeAddress ?? "None"}</dd>
        <dt>Profile</dt>
        <dd>{PROFILE_LABELS[account.profile]}</dd>
        <dt>Exchange mailbox</dt>
        <dd>{account.exchangeEnabled ? "Yes" : "No"}</dd>
        <dt>Organization</dt>
        <dd>{account.organization.name}</dd>
        <dt>Created</dt>
        <dd>{formatDate(account.createdAt)}</dd>
      </dl>
      {account.formerAddresses && account.formerAddresses.length > 0 && (
        <div className="console-section">
          <h3 className="console-subtitle">Former addresses</h3>
          <ul className="console-links">
            {account.formerAddresses.map((a) => (
              <li key={a.id}>
                {a.unicodeAddress}
                {a.account && (
                  <>
                    {" → now "}
                    <Link to="/accounts/$accountId" params={{ accountId: a.account.id }}>
                      {a.account.displayName}
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

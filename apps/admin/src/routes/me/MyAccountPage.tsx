import { useQuery } from "@apollo/client/react";
import { MyAccountDocument } from "@postroom/schema";
import type { MyAccountQuery } from "@postroom/schema";
import { Alert, Badge, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { useRouteContext } from "@tanstack/react-router";
import { ADDRESS_KIND_LABELS, ADDRESS_STATUS } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { PendingClaims } from "./PendingClaims";
import { RequestAliasForm } from "./RequestAliasForm";

type MyAccount = NonNullable<MyAccountQuery["account"]>;

export function MyAccountPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const id = viewer.account?.id ?? "";
  const { data, loading, error, refetch } = useQuery(MyAccountDocument, { variables: { id } });
  const account = data?.account;

  return (
    <div className="console-page">
      <h1 className="console-title">My account</h1>
      {loading && !account && <Loading what="your account" />}
      {error && <QueryError what="Your account" error={error} onRetry={() => void refetch()} />}
      {account && (
        <>
          <Addresses account={account} />
          {account.profile === "GUEST" ? (
            <GuestExplanation account={account} />
          ) : !account.organization.policy.aliasSelfService && account.profile !== "ADMIN" ? (
            <Card title="Aliases">
              <p>
                The administrators of {account.organization.name} have turned off alias requests by account holders. Ask one of them to add the alias for you.
              </p>
            </Card>
          ) : (
            <>
              <RequestAliasForm account={account} />
              <PendingClaims account={account} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function Addresses({ account }: { account: MyAccount }) {
  const mailbox = account.sendAs ?? account.primaryAddress?.unicodeAddress ?? null;
  const addresses = account.addresses ?? [];
  return (
    <Card title={`${account.displayName}: your addresses`}>
      {account.status === "DISABLED" && <Alert>This account is disabled: mail to these addresses is not delivered.</Alert>}
      <p>Mail to every address below lands in one inbox, your mailbox{mailbox ? ` ${mailbox}` : ""}. Mail you send always leaves from your primary address.</p>
      <Table aria-label="Your addresses">
        <TableHeader>
          <Column id="address" isRowHeader>
            Address
          </Column>
          <Column id="kind">Kind</Column>
          <Column id="status">Status</Column>
          <Column id="goes">Where mail to it goes</Column>
        </TableHeader>
        <TableBody items={addresses}>
          {(address) => (
            <Row id={address.id}>
              <Cell>{address.unicodeAddress}</Cell>
              <Cell>{ADDRESS_KIND_LABELS[address.kind]}</Cell>
              <Cell>
                <Badge tone={ADDRESS_STATUS[address.status].tone}>{ADDRESS_STATUS[address.status].label}</Badge>
              </Cell>
              <Cell>
                {address.status === "PENDING_PROVISIONING"
                  ? "Not yet: the mail system is still setting it up"
                  : address.kind === "PRIMARY"
                    ? "Your mailbox"
                    : `Your mailbox (${mailbox ?? "primary address"})`}
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </Card>
  );
}

function GuestExplanation({ account }: { account: MyAccount }) {
  return (
    <Card title="Aliases">
      <Alert tone="info" title="Aliases need a Professional profile">
        Your account has the Guest profile, which cannot add aliases. To get an alias, ask an administrator of {account.organization.name} to upgrade your
        account to the Professional profile, or to add the alias for you.
      </Alert>
    </Card>
  );
}

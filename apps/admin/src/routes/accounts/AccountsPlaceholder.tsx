import { Card } from "@postroom/ui";
import { getRouteApi } from "@tanstack/react-router";

const accountRouteApi = getRouteApi("/_app/accounts/$accountId");

export function AccountsPlaceholderPage() {
  return (
    <div className="console-page">
      <h1 className="console-title">Accounts</h1>
      <Card title="Not built yet">
        <p>The accounts list (search, filters, paging) comes with the next part of the console.</p>
      </Card>
    </div>
  );
}

export function AccountPlaceholderPage() {
  const { accountId } = accountRouteApi.useParams();
  return (
    <div className="console-page">
      <h1 className="console-title">Account</h1>
      <Card title="Not built yet">
        <p>
          The account page for <code>{accountId}</code> (addresses, claims, groups, audit trail) comes with the next part of
          the console.
        </p>
      </Card>
    </div>
  );
}

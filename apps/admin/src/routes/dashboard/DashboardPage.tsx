import { Card } from "@postroom/ui";
import { Link, useRouteContext } from "@tanstack/react-router";
import { ROLE_LABELS } from "../../components/labels";

/**
 * The start page. Counts, domains needing attention and failed jobs come
 * with a later part of the console; until then it says who is signed in and
 * where the work is.
 */
export function DashboardPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const { operator, account, organization } = viewer;
  const address = account?.primaryAddress;
  const isStaff = viewer.role === "OPERATOR" || viewer.role === "ADMIN";

  return (
    <div className="console-page">
      <h1 className="console-title">Dashboard</h1>
      <div className="console-grid">
        <Card title="Signed in">
          <dl className="console-facts">
            <dt>Role</dt>
            <dd>{ROLE_LABELS[viewer.role]}</dd>
            {operator && (
              <>
                <dt>Operator</dt>
                <dd>{operator.email}</dd>
              </>
            )}
            {account && (
              <>
                <dt>Account</dt>
                <dd>{account.displayName}</dd>
              </>
            )}
            {address && (
              <>
                <dt>Primary address</dt>
                {/* The Unicode form is what people read; the ASCII form is what mail servers see. */}
                <dd title={address.address}>{address.unicodeAddress}</dd>
              </>
            )}
            {organization && (
              <>
                <dt>Organization</dt>
                <dd>{organization.name}</dd>
              </>
            )}
          </dl>
        </Card>
        {isStaff ? (
          <Card title="Daily work">
            <ul className="console-links">
              {viewer.role === "OPERATOR" && (
                <li>
                  <Link to="/organizations">Organizations</Link>: create one, set its alias policy.
                </li>
              )}
              <li>
                <Link to="/domains">Domains</Link>: add, verify with a TXT record, choose the mail service.
              </li>
              <li>
                <Link to="/search">Address search</Link>: who owns an address and where its mail goes. Press{" "}
                <kbd>/</kbd> anywhere to search.
              </li>
            </ul>
          </Card>
        ) : (
          account && (
            <Card title="Your account">
              <p>
                <Link to="/accounts/$accountId" params={{ accountId: account.id }}>
                  Open your account
                </Link>{" "}
                to see your addresses.
              </p>
            </Card>
          )
        )}
      </div>
    </div>
  );
}

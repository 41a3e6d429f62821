import type { AccountPage_AccountFragment } from "@postroom/schema";
import { Card } from "@postroom/ui";
import { Link } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";

/**
 * Every address whose mail ends in this mailbox: the account's own active
 * addresses, and the addresses of the groups it is a member of.
 */
export function DeliversHereCard({ account }: { account: AccountPage_AccountFragment }) {
  const own = (account.addresses ?? []).filter((a) => a.status === "ACTIVE");
  const pending = (account.addresses ?? []).filter((a) => a.status === "PENDING_PROVISIONING");
  const groups = account.groups ?? [];
  return (
    <Card title="Delivers here">
      {account.status === "DISABLED" ? (
        <EmptyState title="Nothing is delivered">A disabled account receives no mail, not even through its groups.</EmptyState>
      ) : (
        <>
          <p className="console-hint">Mail sent to any of these addresses arrives in {account.primaryAddress?.unicodeAddress ?? "this mailbox"}.</p>
          <ul className="console-delivers" aria-label="Addresses delivered here">
            {own.map((a) => (
              <li key={a.id}>
                <Link to="/search" search={{ address: a.address }}>
                  {a.unicodeAddress}
                </Link>
              </li>
            ))}
            {groups.map((g) => (
              <li key={g.id}>
                <Link to="/search" search={{ address: g.address }}>
                  {g.unicodeAddress ?? g.address}
                </Link>{" "}
                <span className="console-muted">
                  (group{" "}
                  <Link to="/groups/$groupId" params={{ groupId: g.id }}>
                    {g.name}
                  </Link>
                  )
                </span>
              </li>
            ))}
          </ul>
          {pending.length > 0 && <p className="console-hint">Once provisioned, also: {pending.map((a) => a.unicodeAddress).join(", ")}.</p>}
        </>
      )}
    </Card>
  );
}

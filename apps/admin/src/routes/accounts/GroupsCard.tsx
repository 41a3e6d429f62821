import type { AccountPage_AccountFragment } from "@postroom/schema";
import { Card } from "@postroom/ui";
import { Link } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";

/** The groups the account is a direct member of. */
export function GroupsCard({ account }: { account: AccountPage_AccountFragment }) {
  const groups = [...(account.groups ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Card title="Groups">
      {groups.length === 0 ? (
        <EmptyState title="Not in any group" />
      ) : (
        <ul className="console-links">
          {groups.map((group) => (
            <li key={group.id}>
              <Link to="/groups/$groupId" params={{ groupId: group.id }}>
                {group.name}
              </Link>{" "}
              <span className="console-muted">{group.unicodeAddress ?? group.address}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

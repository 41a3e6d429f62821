import { Card } from "@postroom/ui";
import { getRouteApi } from "@tanstack/react-router";

const route = getRouteApi("/_app/groups/$groupId");

export function GroupPlaceholderPage() {
  const { groupId } = route.useParams();
  return (
    <div className="console-page">
      <h1 className="console-title">Group</h1>
      <Card title="Not built yet">
        <p>
          The page of group <code>{groupId}</code> (owners, members, recipients) comes with a later part of the console.
        </p>
      </Card>
    </div>
  );
}

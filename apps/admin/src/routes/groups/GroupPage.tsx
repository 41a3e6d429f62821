import { useQuery } from "@apollo/client/react";
import { GroupPageDocument } from "@postroom/schema";
import type { GroupPage_GroupFragment } from "@postroom/schema";
import { Badge, Card } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { SENDER_POLICY, formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";
import { AddMembers } from "./AddMembers";
import { DeleteGroup } from "./DeleteGroup";
import { GroupMembers } from "./GroupMembers";
import { GroupSettings } from "./GroupSettings";
import { Owners } from "./Owners";
import { RecipientsPreview } from "./RecipientsPreview";
import { SenderTest } from "./SenderTest";

const route = getRouteApi("/_app/groups/$groupId");

export function GroupPage() {
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const { viewer } = useRouteContext({ from: "/_app" });
  const isAdmin = viewer.role === "OPERATOR" || viewer.role === "ADMIN";
  // Rosters answer FORBIDDEN to readers who are neither owners nor admins:
  // keep the rest of the answer and say so instead of failing the page.
  const { data, loading, error, refetch } = useQuery(GroupPageDocument, {
    variables: { id: groupId, first: search.size ?? DEFAULT_PAGE_SIZE, after: search.after ?? null },
    errorPolicy: "all",
  });
  const group = data?.group;

  if (loading && !group) return <Loading what="the group" />;
  if (!group) {
    return (
      <div className="console-page">
        <h1 className="console-title">Group</h1>
        {error ? <QueryError what="The group" error={error} onRetry={() => void refetch()} /> : null}
      </div>
    );
  }
  const manages = group.members !== null && group.members !== undefined;
  const organizationId = organizationScope(viewer, search.org);

  return (
    <div className="console-page">
      <nav className="console-crumbs" aria-label="Breadcrumbs">
        <Link to="/groups">Groups</Link> <span aria-hidden="true">›</span> {group.name}
      </nav>
      <h1 className="console-title">{group.name}</h1>
      <GroupFacts group={group} />
      {!manages ? (
        <Card title="Members">
          <p>Only the group&apos;s owners and the organization&apos;s administrators can see and change its members.</p>
        </Card>
      ) : (
        <>
          <div className="console-grid">
            <Owners group={group} isAdmin={isAdmin} organizationId={organizationId} />
            <MemberOf group={group} />
          </div>
          <GroupMembers group={group} members={group.members ?? null} loading={loading} />
          <AddMembers groupId={group.id} memberCount={group.memberCount ?? 0} organizationId={organizationId} isAdmin={isAdmin} />
          <RecipientsPreview groupId={group.id} />
          <GroupSettings key={`${group.name}|${group.senderPolicy}|${group.hiddenFromDirectory}`} group={group} />
          <SenderTest group={group} canTest={isAdmin} />
          {isAdmin && <DeleteGroup group={group} />}
        </>
      )}
    </div>
  );
}

function GroupFacts({ group }: { group: GroupPage_GroupFragment }) {
  return (
    <Card
      title="About this group"
      toolbar={
        <Link to="/audit" search={{ target: group.id }}>
          Audit trail of this group
        </Link>
      }
    >
      <dl className="console-facts">
        <dt>Address</dt>
        <dd title={group.address}>{group.unicodeAddress}</dd>
        {group.description && (
          <>
            <dt>Description</dt>
            <dd>{group.description}</dd>
          </>
        )}
        <dt>Who may send</dt>
        <dd>{SENDER_POLICY[group.senderPolicy].explanation}</dd>
        <dt>Directory</dt>
        <dd>{group.hiddenFromDirectory ? <Badge tone="neutral">Hidden from address lists</Badge> : "Listed in address lists"}</dd>
        <dt>Created</dt>
        <dd>{formatDate(group.createdAt)}</dd>
      </dl>
    </Card>
  );
}

function MemberOf({ group }: { group: GroupPage_GroupFragment }) {
  const parents = group.memberOf ?? [];
  return (
    <Card title="Member of">
      {parents.length === 0 ? (
        <p>No group contains this group.</p>
      ) : (
        <ul className="console-links" aria-label="Groups that contain this group">
          {parents.map((parent) => (
            <li key={parent.id}>
              <Link to="/groups/$groupId" params={{ groupId: parent.id }}>
                {parent.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

import type { GroupMembers_MemberFragment, GroupPage_GroupFragment, GroupPageQuery } from "@postroom/schema";
import { Alert, Badge, Button, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { KeysetPagination } from "../../components/paging";
import { useRemoveGroupMembersMutation } from "../../mutations/useRemoveGroupMembersMutation";

const route = getRouteApi("/_app/groups/$groupId");
type Members = NonNullable<NonNullable<GroupPageQuery["group"]>["members"]>;

const KIND_LABELS = { ACCOUNT: "Account", GROUP: "Group", EXTERNAL: "External address" } as const;

/** How a member reads in lists and messages. */
export function memberLabel(member: GroupMembers_MemberFragment): string {
  if (member.account) return member.account.displayName;
  if (member.group) return member.group.name;
  return member.address ?? "Unknown member";
}

export function GroupMembers({ group, members, loading }: { group: GroupPage_GroupFragment; members: Members | null; loading: boolean }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  if (!members) return null;
  return (
    <Card title={`Members (${members.totalCount})`}>
      <p>Members are accounts, other groups (their members receive the mail too) and external addresses.</p>
      {members.totalCount === 0 ? (
        <EmptyState title="No members yet">Add accounts, groups or external addresses below.</EmptyState>
      ) : (
        <Table aria-label={`Members of ${group.name}`}>
          <TableHeader>
            <Column id="member" isRowHeader>
              Member
            </Column>
            <Column id="kind">Kind</Column>
            <Column id="address">Address</Column>
            <Column id="actions">Actions</Column>
          </TableHeader>
          <TableBody items={members.edges.map((edge) => edge.node)}>
            {(member) => (
              <Row id={member.id}>
                <Cell>
                  <MemberName member={member} />
                </Cell>
                <Cell>
                  {KIND_LABELS[member.kind]}
                  {member.account?.status === "DISABLED" && (
                    <>
                      {" "}
                      <Badge tone="danger">Disabled: not delivered</Badge>
                    </>
                  )}
                </Cell>
                <Cell>{member.account?.primaryAddress?.unicodeAddress ?? member.group?.unicodeAddress ?? member.address ?? "—"}</Cell>
                <Cell>
                  <RemoveMember groupId={group.id} member={member} />
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      <KeysetPagination
        noun="members"
        paging={search}
        totalCount={members.totalCount}
        hasNextPage={members.pageInfo.hasNextPage}
        endCursor={members.pageInfo.endCursor}
        loading={loading}
        onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, ...next }) })}
      />
    </Card>
  );
}

function MemberName({ member }: { member: GroupMembers_MemberFragment }) {
  if (member.account) {
    return (
      <Link to="/accounts/$accountId" params={{ accountId: member.account.id }}>
        {member.account.displayName}
      </Link>
    );
  }
  if (member.group) {
    return (
      <Link to="/groups/$groupId" params={{ groupId: member.group.id }}>
        {member.group.name}
      </Link>
    );
  }
  return <>{member.address}</>;
}

function RemoveMember({ groupId, member }: { groupId: string; member: GroupMembers_MemberFragment }) {
  const label = memberLabel(member);
  const { run, loading, error } = useRemoveGroupMembersMutation(label);
  return (
    <>
      <Button
        variant="secondary"
        aria-label={`Remove ${label}`}
        disabled={loading}
        onPress={() => void run({ groupId, memberIds: [member.id] }).then(() => undefined)}
      >
        {loading ? "Removing…" : "Remove"}
      </Button>
      {error && <Alert>{error.message}</Alert>}
    </>
  );
}

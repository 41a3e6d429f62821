import { useQuery } from "@apollo/client/react";
import { GroupsListDocument } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader, TextField } from "@postroom/ui";
import { getRouteApi, Link, useRouteContext } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { SENDER_POLICY } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";
import { CreateGroupForm } from "./CreateGroupForm";

const route = getRouteApi("/_app/groups");

export function GroupsPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const search = route.useSearch();
  const organizationId = organizationScope(viewer, search.org);
  const isAdmin = viewer.role === "OPERATOR" || viewer.role === "ADMIN";

  return (
    <div className="console-page">
      <h1 className="console-title">Groups</h1>
      {organizationId ? (
        <GroupsOfOrganization organizationId={organizationId} isAdmin={isAdmin} />
      ) : (
        <Card title="Choose an organization">
          <p>Groups belong to one organization. Choose it in the Organization switcher at the top.</p>
        </Card>
      )}
    </div>
  );
}

function GroupsOfOrganization({ organizationId, isAdmin }: { organizationId: string; isAdmin: boolean }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search.q ?? "");
  useEffect(() => setText(search.q ?? ""), [search.q]);
  const { data, loading, error, refetch } = useQuery(GroupsListDocument, {
    variables: { organizationId, first: search.size ?? DEFAULT_PAGE_SIZE, after: search.after ?? null, search: search.q ?? null },
  });
  const connection = data?.groups;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void navigate({ search: (prev) => ({ org: prev.org, q: text.trim() || undefined }) });
  }

  return (
    <Card
      title={isAdmin ? "Groups of the organization" : "Groups you own"}
      toolbar={
        isAdmin && (
          <DialogTrigger>
            <Button>Create group</Button>
            <Dialog title="Create a group">{(close) => <CreateGroupForm organizationId={organizationId} onDone={close} />}</Dialog>
          </DialogTrigger>
        )
      }
    >
      <form role="search" className="console-inline" onSubmit={onSearch}>
        <TextField label="Find a group by name or address" value={text} onChange={setText} />
        <Button type="submit" variant="secondary">
          Find
        </Button>
      </form>
      {loading && !connection && <Loading what="groups" />}
      {error && <QueryError what="The groups" error={error} onRetry={() => void refetch()} />}
      {connection && connection.totalCount === 0 && (
        <EmptyState title={search.q ? `No group matches “${search.q}”` : isAdmin ? "No groups yet" : "You own no groups"}>
          {search.q
            ? "Try part of the name or of the address."
            : isAdmin
              ? "Create a group: its address delivers to every member, nested groups included."
              : "An administrator can make you an owner of a group; you then manage its members here."}
        </EmptyState>
      )}
      {connection && connection.edges.length > 0 && (
        <Table aria-label="Groups">
          <TableHeader>
            <Column id="name" isRowHeader>
              Name
            </Column>
            <Column id="address">Address</Column>
            <Column id="members">Members</Column>
            <Column id="senders">Who may send</Column>
            <Column id="directory">Directory</Column>
          </TableHeader>
          <TableBody items={connection.edges.map((edge) => edge.node)}>
            {(group) => (
              <Row id={group.id}>
                <Cell>
                  <Link to="/groups/$groupId" params={{ groupId: group.id }}>
                    {group.name}
                  </Link>
                </Cell>
                <Cell>{group.unicodeAddress}</Cell>
                <Cell>{group.memberCount ?? "—"}</Cell>
                <Cell>{SENDER_POLICY[group.senderPolicy].label}</Cell>
                <Cell>{group.hiddenFromDirectory ? <Badge tone="neutral">Hidden</Badge> : "Listed"}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      {connection && (
        <KeysetPagination
          noun="groups"
          paging={search}
          totalCount={connection.totalCount}
          hasNextPage={connection.pageInfo.hasNextPage}
          endCursor={connection.pageInfo.endCursor}
          loading={loading}
          onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, q: prev.q, ...next }) })}
        />
      )}
    </Card>
  );
}

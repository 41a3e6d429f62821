import { useQuery } from "@apollo/client/react";
import { OrganizationsDocument } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { CreateOrganizationForm } from "./CreateOrganizationForm";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";

const route = getRouteApi("/_app/organizations");

export function OrganizationsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const size = search.size ?? DEFAULT_PAGE_SIZE;
  const { data, loading, error, refetch } = useQuery(OrganizationsDocument, {
    variables: { first: size, after: search.after ?? null },
  });
  const connection = data?.organizations;

  return (
    <div className="console-page">
      <h1 className="console-title">Organizations</h1>
      <Card
        title="All organizations"
        toolbar={
          <DialogTrigger>
            <Button>Create organization</Button>
            <Dialog title="Create organization">{(close) => <CreateOrganizationForm onDone={close} />}</Dialog>
          </DialogTrigger>
        }
      >
        {loading && !connection && <Loading what="organizations" />}
        {error && <QueryError what="The organizations" error={error} onRetry={() => void refetch()} />}
        {connection && connection.totalCount === 0 && (
          <EmptyState title="No organizations yet">Create the first one: it holds the domains, accounts and groups of one firm.</EmptyState>
        )}
        {connection && connection.edges.length > 0 && (
          <Table aria-label="Organizations">
            <TableHeader>
              <Column id="name" isRowHeader>
                Name
              </Column>
              <Column id="selfService">Alias self-service</Column>
              <Column id="limit">Aliases per account</Column>
              <Column id="created">Created</Column>
            </TableHeader>
            <TableBody items={connection.edges.map((edge) => edge.node)}>
              {(organization) => (
                <Row id={organization.id}>
                  <Cell>
                    <Link to="/organizations/$organizationId" params={{ organizationId: organization.id }}>
                      {organization.name}
                    </Link>
                  </Cell>
                  <Cell>
                    <Badge tone={organization.policy.aliasSelfService ? "success" : "neutral"}>{organization.policy.aliasSelfService ? "On" : "Off"}</Badge>
                  </Cell>
                  <Cell>{organization.policy.maxAliasesPerAccount ?? "No limit"}</Cell>
                  <Cell>{formatDate(organization.createdAt)}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
        {connection && (
          <KeysetPagination
            noun="organizations"
            paging={search}
            totalCount={connection.totalCount}
            hasNextPage={connection.pageInfo.hasNextPage}
            endCursor={connection.pageInfo.endCursor}
            loading={loading}
            onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, ...next }) })}
          />
        )}
      </Card>
    </div>
  );
}

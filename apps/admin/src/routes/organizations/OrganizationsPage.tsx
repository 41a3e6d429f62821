import { useQuery } from "@apollo/client/react";
import { OrganizationsDocument } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Pagination, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { getRouteApi, Link } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { CreateOrganizationForm } from "./CreateOrganizationForm";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "./paging";

const route = getRouteApi("/_app/organizations");

export function OrganizationsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const size = search.size ?? DEFAULT_PAGE_SIZE;
  const back = search.back ?? [];
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
                    <Badge tone={organization.policy.aliasSelfService ? "success" : "neutral"}>
                      {organization.policy.aliasSelfService ? "On" : "Off"}
                    </Badge>
                  </Cell>
                  <Cell>{organization.policy.maxAliasesPerAccount ?? "No limit"}</Cell>
                  <Cell>{formatDate(organization.createdAt)}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
        {connection && connection.totalCount > 0 && (
          <Pagination
            noun="organizations"
            page={back.length + (search.after ? 2 : 1)}
            pageSize={size}
            pageSizes={PAGE_SIZES}
            totalCount={connection.totalCount}
            hasPreviousPage={Boolean(search.after)}
            hasNextPage={connection.pageInfo.hasNextPage}
            isDisabled={loading}
            onPrevious={() =>
              void navigate({
                search: (prev) => ({ ...prev, after: back.at(-1), back: back.length > 1 ? back.slice(0, -1) : undefined }),
              })
            }
            onNext={() =>
              void navigate({
                search: (prev) => ({
                  ...prev,
                  after: connection.pageInfo.endCursor ?? undefined,
                  back: search.after ? [...back, search.after] : back.length ? back : undefined,
                }),
              })
            }
            onPageSizeChange={(next) =>
              void navigate({ search: (prev) => ({ ...prev, size: next, after: undefined, back: undefined }) })
            }
          />
        )}
      </Card>
    </div>
  );
}

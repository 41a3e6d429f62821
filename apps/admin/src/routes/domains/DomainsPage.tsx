import { useQuery } from "@apollo/client/react";
import { DomainsDocument } from "@postroom/schema";
import type { DomainsTable_DomainFragment } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import type { SortDescriptor } from "@postroom/ui";
import { Link, useParams, useRouteContext, useSearch } from "@tanstack/react-router";
import { useMemo, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { DOMAIN_STATUS, MAIL_SERVICE_LABELS } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";
import { organizationScope } from "../app/viewer";
import { AddDomainForm } from "./AddDomainForm";
import { DomainPanel } from "./DomainPanel";

export function DomainsPage() {
  const { viewer } = useRouteContext({ from: "/_app" });
  const { org } = useSearch({ from: "/_app" });
  const { domainId } = useParams({ strict: false });
  const organizationId = organizationScope(viewer, org);

  return (
    <div className="console-page">
      <h1 className="console-title">Domains</h1>
      {organizationId ? (
        <DomainsOfOrganization organizationId={organizationId} selectedId={domainId} />
      ) : (
        <Card title="Choose an organization">
          <p>Domains belong to one organization. Choose it in the Organization switcher at the top, or open it from the Organizations page.</p>
        </Card>
      )}
    </div>
  );
}

/** The whole domain list of one organization is small (tens), so it sorts in the browser. */
function sortDomains(domains: readonly DomainsTable_DomainFragment[], sort: SortDescriptor) {
  const byName = (a: DomainsTable_DomainFragment, b: DomainsTable_DomainFragment) => a.unicodeName.localeCompare(b.unicodeName);
  const key = (d: DomainsTable_DomainFragment) => (sort.column === "status" ? d.status : sort.column === "service" ? d.mailService : d.unicodeName);
  const sorted = [...domains].sort((a, b) => (sort.column === "addresses" ? a.addressCount - b.addressCount : key(a).localeCompare(key(b))) || byName(a, b));
  return sort.direction === "descending" ? sorted.reverse() : sorted;
}

function DomainsOfOrganization({ organizationId, selectedId }: { organizationId: string; selectedId?: string }) {
  const { data, loading, error, refetch } = useQuery(DomainsDocument, { variables: { organizationId } });
  const [sort, setSort] = useState<SortDescriptor>({ column: "name", direction: "ascending" });
  const domains = useMemo(() => (data ? sortDomains(data.domains, sort) : null), [data, sort]);
  const selected = data?.domains.find((d) => d.id === selectedId) ?? null;

  return (
    <div className="console-split">
      <Card
        title="Domains of the organization"
        toolbar={
          <DialogTrigger>
            <Button>Add domain</Button>
            <Dialog title="Add a domain">{(close) => <AddDomainForm organizationId={organizationId} onDone={close} />}</Dialog>
          </DialogTrigger>
        }
      >
        {loading && !data && <Loading what="domains" />}
        {error && <QueryError what="The domains" error={error} onRetry={() => void refetch()} />}
        {domains && domains.length === 0 && (
          <EmptyState title="No domains yet">Add the organization&apos;s mail domain, publish the TXT record it shows, then press Check now.</EmptyState>
        )}
        {domains && domains.length > 0 && (
          <Table aria-label="Domains" sortDescriptor={sort} onSortChange={setSort}>
            <TableHeader>
              <Column id="name" isRowHeader allowsSorting>
                Domain
              </Column>
              <Column id="status" allowsSorting>
                Status
              </Column>
              <Column id="service" allowsSorting>
                Service
              </Column>
              <Column id="addresses" allowsSorting className="console-numeric">
                Addresses
              </Column>
            </TableHeader>
            <TableBody items={domains}>
              {(domain) => (
                <Row id={domain.id} className={domain.id === selectedId ? "is-current" : undefined}>
                  <Cell>
                    <Link to="/domains/$domainId" params={{ domainId: domain.id }} aria-current={domain.id === selectedId ? "page" : undefined}>
                      {domain.unicodeName}
                    </Link>
                  </Cell>
                  <Cell>
                    <Badge tone={DOMAIN_STATUS[domain.status].tone}>{DOMAIN_STATUS[domain.status].label}</Badge>
                  </Cell>
                  <Cell>{MAIL_SERVICE_LABELS[domain.mailService]}</Cell>
                  <Cell className="console-numeric">{domain.addressCount.toLocaleString("en")}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
      </Card>
      {selectedId && data && !selected && (
        <Card title="Domain not found">
          <p>This organization has no such domain. It may have been removed, or it belongs to another organization.</p>
        </Card>
      )}
      {selected && <DomainPanel key={selected.id} domain={selected} organizationId={organizationId} />}
    </div>
  );
}

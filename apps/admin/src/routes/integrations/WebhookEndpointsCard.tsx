import { useQuery } from "@apollo/client/react";
import { WebhookEndpointsDocument } from "@postroom/schema";
import { Badge, Button, Card, Cell, Column, Dialog, DialogTrigger, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { useCreateWebhookEndpointMutation } from "../../mutations/useCreateWebhookEndpointMutation";
import { EventTypeBadges } from "./EventTypeBadges";
import { SecretDialog } from "./SecretDialog";
import type { ShownSecret } from "./SecretDialog";
import { WebhookEndpointForm } from "./WebhookEndpointForm";

interface WebhookEndpointsCardProps {
  organizationId: string;
  paging: PagingSearch;
  onPage: (next: PagingSearch) => void;
}

export const signingDetails = (
  <p>
    Every delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers (Standard Webhooks 1.0): verify
    the signature with this secret, for instance with the <code>standardwebhooks</code> package.
  </p>
);

/** The organization's webhook endpoints, oldest first; each opens its delivery log. */
export function WebhookEndpointsCard({ organizationId, paging, onPage }: WebhookEndpointsCardProps) {
  const { data, loading, error, refetch } = useQuery(WebhookEndpointsDocument, {
    variables: { organizationId, first: paging.size ?? DEFAULT_PAGE_SIZE, after: paging.after ?? null },
  });
  const create = useCreateWebhookEndpointMutation();
  const navigate = useNavigate();
  const [shown, setShown] = useState<{ secret: ShownSecret; endpointId: string } | null>(null);
  const connection = data?.webhookEndpoints;
  const endpoints = connection?.edges.map((e) => e.node) ?? [];

  return (
    <Card
      title="Webhook endpoints"
      toolbar={
        <DialogTrigger onOpenChange={() => create.reset()}>
          <Button>Add endpoint</Button>
          <Dialog title="Add a webhook endpoint" size="wide">
            {(close) => (
              <WebhookEndpointForm
                submitLabel="Add endpoint"
                loading={create.loading}
                error={create.error}
                onSubmit={async (values) => {
                  const data = await create.run({ input: { organizationId, ...values } });
                  if (!data) return;
                  close();
                  const { endpoint, secret } = data.createWebhookEndpoint;
                  setShown({
                    endpointId: endpoint.id,
                    secret: { title: `Signing secret of ${endpoint.url}`, label: "Signing secret", secret, details: signingDetails },
                  });
                }}
              />
            )}
          </Dialog>
        </DialogTrigger>
      }
    >
      <p className="console-hint">
        Postroom POSTs every change in the organization to these URLs, signed, retried for three days until the receiver answers 2xx.
      </p>
      {loading && !connection && <Loading what="webhook endpoints" />}
      {error && <QueryError what="The webhook endpoints" error={error} onRetry={() => void refetch()} />}
      {connection && connection.totalCount === 0 && (
        <EmptyState title="No webhook endpoints yet">Add the URL of a receiver; Send test on its page checks the connection.</EmptyState>
      )}
      {endpoints.length > 0 && (
        <Table aria-label="Webhook endpoints">
          <TableHeader>
            <Column id="url" isRowHeader>
              URL
            </Column>
            <Column id="description">Description</Column>
            <Column id="types">Event types</Column>
            <Column id="status">Status</Column>
            <Column id="created">Added</Column>
          </TableHeader>
          <TableBody items={endpoints}>
            {(endpoint) => (
              <Row id={endpoint.id}>
                <Cell className="integrations-url">
                  <Link to="/integrations/webhooks/$endpointId" params={{ endpointId: endpoint.id }}>
                    {endpoint.url}
                  </Link>
                </Cell>
                <Cell>{endpoint.description || <span className="console-muted">—</span>}</Cell>
                <Cell>
                  <EventTypeBadges types={endpoint.types} label={`Event types of ${endpoint.url}`} />
                </Cell>
                <Cell>
                  <Badge tone={endpoint.enabled ? "success" : "neutral"}>{endpoint.enabled ? "Enabled" : "Disabled"}</Badge>
                </Cell>
                <Cell className="console-nowrap">{formatDate(endpoint.createdAt)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      {connection && (
        <KeysetPagination
          noun="endpoints"
          paging={paging}
          totalCount={connection.totalCount}
          hasNextPage={connection.pageInfo.hasNextPage}
          endCursor={connection.pageInfo.endCursor}
          loading={loading}
          onChange={onPage}
        />
      )}
      <SecretDialog
        shown={shown?.secret ?? null}
        onClose={() => {
          const endpointId = shown?.endpointId;
          setShown(null);
          // Next: send a test from the endpoint's own page.
          if (endpointId) void navigate({ to: "/integrations/webhooks/$endpointId", params: { endpointId } });
        }}
      />
    </Card>
  );
}

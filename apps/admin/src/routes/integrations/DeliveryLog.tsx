import { useQuery } from "@apollo/client/react";
import { WebhookDeliveriesDocument } from "@postroom/schema";
import type { DeliveryLog_DeliveryFragment } from "@postroom/schema";
import { Alert, Badge, Button, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import type { PagingSearch } from "../../components/paging";
import { QueryError } from "../../components/QueryError";
import { useRedeliverWebhookMutation } from "../../mutations/useRedeliverWebhookMutation";
import { deliveryStatus } from "./catalog";

/** How often the log is asked again while a delivery is about to be attempted. */
const POLL_MS = 1500;
/** A pending delivery whose next attempt is further off than this is not waited for. */
const SOON_MS = 30_000;

function dueSoon(deliveries: readonly DeliveryLog_DeliveryFragment[], now = Date.now()): boolean {
  return deliveries.some((d) => d.status === "PENDING" && (typeof d.nextAttemptAt !== "string" || new Date(d.nextAttemptAt).getTime() - now < SOON_MS));
}

interface DeliveryLogProps {
  endpointId: string;
  paging: PagingSearch;
  onPage: (next: PagingSearch) => void;
}

/** One endpoint's deliveries, newest first, paged on the server; refreshes itself while an attempt is due. */
export function DeliveryLog({ endpointId, paging, onPage }: DeliveryLogProps) {
  const variables = { endpointId, first: paging.size ?? DEFAULT_PAGE_SIZE, after: paging.after ?? null };
  const { data, loading, error, refetch } = useQuery(WebhookDeliveriesDocument, { variables });
  const connection = data?.webhookDeliveries;
  const deliveries = connection?.edges.map((e) => e.node) ?? [];
  const waiting = dueSoon(deliveries);
  useQuery(WebhookDeliveriesDocument, { variables, skip: !waiting, pollInterval: POLL_MS, fetchPolicy: "network-only" });
  const redeliver = useRedeliverWebhookMutation();

  return (
    <Card
      title="Delivery log"
      toolbar={
        <Button variant="secondary" onPress={() => void refetch()}>
          Refresh
        </Button>
      }
    >
      {waiting && (
        <p className="console-hint" role="status">
          A delivery is about to be attempted; this log updates by itself.
        </p>
      )}
      {redeliver.error && <Alert title="Not sent again">{redeliver.error.message}</Alert>}
      {loading && !connection && <Loading what="deliveries" />}
      {error && <QueryError what="The delivery log" error={error} onRetry={() => void refetch()} />}
      {connection && connection.totalCount === 0 && (
        <EmptyState title="No deliveries yet">Each change of the types this endpoint wants appears here; Send test adds one now.</EmptyState>
      )}
      {deliveries.length > 0 && (
        <Table aria-label="Deliveries">
          <TableHeader>
            <Column id="event" isRowHeader>
              Event
            </Column>
            <Column id="status">Status</Column>
            <Column id="response">Response</Column>
            <Column id="attempts">Attempts</Column>
            <Column id="time">Time</Column>
            <Column id="actions">Actions</Column>
          </TableHeader>
          <TableBody items={deliveries}>
            {(delivery) => (
              <Row id={delivery.id}>
                <Cell className="integrations-event">
                  <code>{delivery.eventType}</code>
                  <span className="integrations-key__meta">
                    webhook-id <code>{delivery.id}</code>
                  </span>
                </Cell>
                <Cell>
                  <Badge tone={deliveryStatus(delivery).tone}>{deliveryStatus(delivery).label}</Badge>
                </Cell>
                <Cell>
                  {delivery.responseCode !== null ? (
                    <span className="console-nowrap">HTTP {delivery.responseCode}</span>
                  ) : delivery.lastError ? (
                    // No HTTP answer at all: the reason (refused connection, time-out, a refused URL).
                    <span className="integrations-key__meta">{delivery.lastError}</span>
                  ) : (
                    <span className="console-muted">Not yet</span>
                  )}
                </Cell>
                <Cell>{delivery.attempts}</Cell>
                <Cell>
                  <span className="console-nowrap">{formatDate(delivery.createdAt)}</span>
                  {delivery.deliveredAt ? (
                    <span className="integrations-key__meta">delivered {formatDate(delivery.deliveredAt)}</span>
                  ) : delivery.nextAttemptAt ? (
                    <span className="integrations-key__meta">next attempt {formatDate(delivery.nextAttemptAt)}</span>
                  ) : null}
                </Cell>
                <Cell>
                  <Button
                    variant="secondary"
                    disabled={redeliver.loading}
                    aria-label={`Redeliver ${delivery.eventType} of ${formatDate(delivery.createdAt)}`}
                    onPress={() => void redeliver.run({ deliveryId: delivery.id })}
                  >
                    Redeliver
                  </Button>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      {connection && (
        <KeysetPagination
          noun="deliveries"
          paging={paging}
          totalCount={connection.totalCount}
          hasNextPage={connection.pageInfo.hasNextPage}
          endCursor={connection.pageInfo.endCursor}
          loading={loading}
          onChange={onPage}
        />
      )}
    </Card>
  );
}

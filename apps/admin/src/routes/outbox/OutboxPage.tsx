import { useQuery } from "@apollo/client/react";
import { OutboxListDocument } from "@postroom/schema";
import { Card } from "@postroom/ui";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { DEFAULT_PAGE_SIZE, KeysetPagination } from "../../components/paging";
import { QueryError } from "../../components/QueryError";

const route = getRouteApi("/_app/outbox");

export function OutboxPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data, loading, error, refetch } = useQuery(OutboxListDocument, {
    variables: { first: search.size ?? DEFAULT_PAGE_SIZE, after: search.after ?? null },
  });
  const connection = data?.outbox;
  return (
    <div className="console-page">
      <h1 className="console-title">Outbox</h1>
      <p>Without SMTP_URL, Postroom keeps the mail it would have sent here (and prints it to the log). Newest first.</p>
      {loading && !connection && <Loading what="messages" />}
      {error && <QueryError what="The outbox" error={error} onRetry={() => void refetch()} />}
      {connection && connection.totalCount === 0 && <EmptyState title="No messages">Confirmation links and notices appear here when they are sent.</EmptyState>}
      {connection?.edges.map(({ node }) => (
        <Card key={node.id} title={node.subject}>
          <dl className="console-facts">
            <dt>To</dt>
            <dd>{node.recipient}</dd>
            <dt>From</dt>
            <dd>{node.sender}</dd>
            <dt>Kept</dt>
            <dd>{formatDate(node.createdAt)}</dd>
          </dl>
          <pre className="console-mail" aria-label={`Text of “${node.subject}” to ${node.recipient}`} tabIndex={0}>
            {node.textBody}
          </pre>
        </Card>
      ))}
      {connection && (
        <KeysetPagination
          noun="messages"
          paging={search}
          totalCount={connection.totalCount}
          hasNextPage={connection.pageInfo.hasNextPage}
          endCursor={connection.pageInfo.endCursor}
          loading={loading}
          onChange={(next) => void navigate({ search: (prev) => ({ org: prev.org, ...next }) })}
        />
      )}
    </div>
  );
}

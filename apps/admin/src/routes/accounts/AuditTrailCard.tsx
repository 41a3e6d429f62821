import { useQuery } from "@apollo/client/react";
import { AUDIT_PAGE_SIZE } from "./variables";
import { AccountAuditTrailDocument } from "@postroom/schema";
import { Button, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { formatDate } from "../../components/labels";
import { Loading } from "../../components/Loading";
import { QueryError } from "../../components/QueryError";

/** A value of an audit summary as a short phrase: strings as they are, lists joined, objects as key=value. */
function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(show).join(", ");
  if (typeof value === "object")
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join("; ");
  return String(value);
}

/** before/after as "field: old → new" lines, only for the fields that changed; details after them. */
function describeChange(summary: unknown): string[] {
  const s = (summary ?? {}) as Record<string, unknown>;
  const before = (s.before ?? {}) as Record<string, unknown>;
  const after = (s.after ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    lines.push(
      key in before && key in after
        ? `${key}: ${show(before[key])} → ${show(after[key])}`
        : key in after
          ? `${key}: ${show(after[key])}`
          : `${key} was ${show(before[key])}`,
    );
  }
  for (const [key, value] of Object.entries(s)) if (key !== "before" && key !== "after") lines.push(`${key}: ${show(value)}`);
  return lines;
}

/**
 * The account's own audit events, newest first, one keyset page at a time.
 * `version` changes whenever the page changed the account, and the first page
 * is asked again then, so a change just made shows up at the top.
 */
export function AuditTrailCard({ accountId, version }: { accountId: string; version: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const { data, loading, error, refetch } = useQuery(AccountAuditTrailDocument, {
    variables: { targetId: accountId, first: AUDIT_PAGE_SIZE, after },
    fetchPolicy: "cache-and-network",
  });
  const connection = data?.auditEvents;
  const onFirstPage = cursors.length === 1;
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    if (onFirstPage) void refetch();
  }, [version, onFirstPage, refetch]);
  return (
    <Card title="Audit trail">
      {loading && !connection && <Loading what="the audit trail" />}
      {error && <QueryError what="The audit trail" error={error} onRetry={() => void refetch()} />}
      {connection && connection.edges.length === 0 && <EmptyState title="No changes recorded yet" />}
      {connection && connection.edges.length > 0 && (
        <Table aria-label="Audit trail">
          <TableHeader>
            <Column id="when" isRowHeader>
              When
            </Column>
            <Column id="action">Action</Column>
            <Column id="actor">By</Column>
            <Column id="change">Change</Column>
          </TableHeader>
          <TableBody items={connection.edges.map((e) => e.node)}>
            {(event) => (
              <Row id={event.id}>
                <Cell className="console-nowrap">{formatDate(event.occurredAt)}</Cell>
                <Cell className="console-nowrap">
                  <code>{event.action}</code>
                </Cell>
                <Cell>{event.actorLabel}</Cell>
                <Cell>
                  <ul className="console-change">
                    {describeChange(event.summary).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      {connection && (connection.pageInfo.hasNextPage || cursors.length > 1) && (
        <nav className="pr-pagination" aria-label="Pages of the audit trail">
          <p className="pr-pagination__summary">Page {cursors.length}</p>
          <div className="pr-pagination__controls">
            <Button variant="secondary" disabled={loading || cursors.length === 1} onPress={() => setCursors((c) => c.slice(0, -1))}>
              Newer events
            </Button>
            <Button
              variant="secondary"
              disabled={loading || !connection.pageInfo.hasNextPage}
              onPress={() => setCursors((c) => [...c, connection.pageInfo.endCursor ?? null])}
            >
              Older events
            </Button>
          </div>
        </nav>
      )}
    </Card>
  );
}
